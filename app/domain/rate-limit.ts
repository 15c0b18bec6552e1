/**
 * Limits on actions that send email (reset, verification, invitations): how many per
 * address and per source, and the French message when a person must wait.
 */
export type RateLimitPolicy = { max: number; windowMs: number }

export type RateLimitOutcome = { ok: true } | { ok: false; retryAfterSeconds: number }

const HOUR = 3600_000

export const EMAIL_LIMITS = {
	/** Mails to one address, whatever asked for them (an attacker cannot flood an inbox). */
	perAddress: { max: 3, windowMs: HOUR },
	/** Requests from one source (IP address) of one kind. */
	perSource: { max: 20, windowMs: HOUR },
	/** Invitations sent to one address by anyone. */
	invitationsPerAddress: { max: 5, windowMs: 24 * HOUR },
	/** Invitations sent by one person (the source of an invitation is the inviter). */
	invitationsPerInviter: { max: 50, windowMs: 24 * HOUR },
} satisfies Record<string, RateLimitPolicy>

export function waitMessage(retryAfterSeconds: number): string {
	const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60))
	const delay = minutes >= 60 ? `${Math.ceil(minutes / 60)} h` : `${minutes} minute${minutes > 1 ? 's' : ''}`
	return `Trop de demandes : réessayez dans ${delay}.`
}
