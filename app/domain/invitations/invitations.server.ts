/**
 * One invitation mechanism for every kind (organisation members and staff, application
 * partners, and next jurors): one expiry, one token (only its hash is stored), one rule for
 * "still valid". Each kind keeps its own table columns and its own page.
 */
import { and, eq, gt, isNull } from 'drizzle-orm'
import type { Executor } from '#db/client.server.ts'
import { invitations } from '#db/schema/index.ts'
import { consumeRateLimit } from '#app/domain/rate-limit.server.ts'
import { EMAIL_LIMITS, waitMessage } from '#app/domain/rate-limit.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { generateToken, hashToken } from '#app/utils/tokens.server.ts'

/** Every invitation is valid 14 days (the emails and pages say so). */
export const INVITATION_TTL_MS = 14 * 24 * 3600_000

export function invitationExpiry(now = new Date()) {
	return new Date(now.getTime() + INVITATION_TTL_MS)
}

/** A new link: the token goes in the email, only its hash in the table. */
export function newInvitationToken(): { token: string; tokenHash: string } {
	return generateToken()
}

type InvitationKind = (typeof invitations.$inferSelect)['kind']

/** The WHERE clause finding an invitation of this kind by the token of its link. */
export function byToken(token: string, kind: InvitationKind) {
	return and(eq(invitations.tokenHash, hashToken(token)), eq(invitations.kind, kind))
}

/** Not accepted, declined nor cancelled (expired or not). */
export function unanswered() {
	return and(isNull(invitations.acceptedAt), isNull(invitations.declinedAt), isNull(invitations.cancelledAt))
}

/** Still valid: unanswered and not expired. */
export function stillValid(now = new Date()) {
	return and(unanswered(), gt(invitations.expiresAt, now))
}

export type InvitationState = 'valid' | 'expired' | 'used' | 'declined' | 'cancelled' | 'unknown'

/** The title of an invitation page whose link no longer works (members and jurors alike). */
export const INVITATION_STATE_TITLES: Record<Exclude<InvitationState, 'valid'>, string> = {
	unknown: 'Invitation introuvable',
	expired: 'Invitation expirée',
	used: 'Invitation déjà utilisée',
	declined: 'Invitation déclinée',
	cancelled: 'Invitation annulée',
}

/** The same rule as stillValid, for a row already read. */
export function invitationState(
	row: { expiresAt: Date; acceptedAt: Date | null; declinedAt: Date | null; cancelledAt?: Date | null } | undefined,
	now = new Date(),
): InvitationState {
	if (!row) return 'unknown'
	if (row.acceptedAt) return 'used'
	if (row.declinedAt) return 'declined'
	if (row.cancelledAt) return 'cancelled'
	if (row.expiresAt.getTime() <= now.getTime()) return 'expired'
	return 'valid'
}

/**
 * Stores an invitation to join an organisation (only the token's hash) and queues its
 * email, in the caller's transaction. Accepted at /invitations/:token.
 */
export async function createMemberInvitation(
	tx: Executor,
	input: {
		organization: { id: string; name: string }
		email: string
		role: 'referent' | 'member' | 'staff'
		roleLabel: string
		inviter: { id: string; displayName: string }
	},
): Promise<{ invitationId: string; token: string }> {
	const { token, tokenHash } = newInvitationToken()
	const [invitation] = await tx
		.insert(invitations)
		.values({
			kind: 'organization_member',
			email: input.email,
			organizationId: input.organization.id,
			role: input.role,
			tokenHash,
			invitedById: input.inviter.id,
			expiresAt: invitationExpiry(),
		})
		.returning({ id: invitations.id })
	await enqueueEmail(tx, {
		to: input.email,
		template: 'organization-invitation',
		data: {
			organizationName: input.organization.name,
			inviterName: input.inviter.displayName,
			roleLabel: input.roleLabel,
			url: `${appUrl()}/invitations/${token}`,
		},
	})
	return { invitationId: invitation!.id, token }
}

/**
 * Invitation emails are limited per invited address and per inviter (their source), for
 * organisation members, staff and application partners alike. Returns the French refusal,
 * or null when the invitation may go. Counted in the caller's transaction.
 */
export async function invitationLimit(tx: Executor, input: { email: string; inviterId: string }): Promise<string | null> {
	const byInviter = await consumeRateLimit(tx, `invite:user:${input.inviterId}`, EMAIL_LIMITS.invitationsPerInviter)
	if (!byInviter.ok) return `Vous avez envoyé beaucoup d’invitations aujourd’hui. ${waitMessage(byInviter.retryAfterSeconds)}`
	const byAddress = await consumeRateLimit(tx, `invite:email:${input.email}`, EMAIL_LIMITS.invitationsPerAddress)
	if (!byAddress.ok) return `Cette adresse a déjà reçu plusieurs invitations récemment. ${waitMessage(byAddress.retryAfterSeconds)}`
	return null
}
