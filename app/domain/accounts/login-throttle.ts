/**
 * Login throttling rules (pure). Failures are counted per key in a window: past a few
 * failures each attempt is slowed, past the limit the key is refused for a while. Shared by
 * every app server through the login_throttles table.
 *
 * The keys (OWASP's "slow the attacker, not the owner"): one account from one source is
 * locked after a few failures; one source over every account is locked later; one account
 * from every source is slowed, and locked only under a massive distributed attack. A browser
 * that already logged in to the account (a signed device cookie) is counted on its own, so
 * an attacker hammering the account, even from the same IP behind a proxy, does not lock
 * the owner out.
 */
export type ThrottlePolicy = {
	windowMs: number
	/** Failures allowed without any delay. */
	freeFailures: number
	/** Failures after which the key is locked. */
	maxFailures: number
	lockMs: number
	baseDelayMs: number
	maxDelayMs: number
}

/** One account from one source (IP), or from one known device. */
export const ACCOUNT_POLICY: ThrottlePolicy = {
	windowMs: 15 * 60_000,
	freeFailures: 2,
	maxFailures: 5,
	lockMs: 15 * 60_000,
	baseDelayMs: 500,
	maxDelayMs: 4_000,
}

/** One account from every source: slows a distributed attack, locks only a massive one. */
export const ACCOUNT_WIDE_POLICY: ThrottlePolicy = {
	windowMs: 15 * 60_000,
	freeFailures: 10,
	maxFailures: 200,
	lockMs: 15 * 60_000,
	baseDelayMs: 250,
	maxDelayMs: 2_000,
}

/** One source over every account. */
export const IP_POLICY: ThrottlePolicy = {
	windowMs: 15 * 60_000,
	freeFailures: 10,
	maxFailures: 30,
	lockMs: 15 * 60_000,
	baseDelayMs: 250,
	maxDelayMs: 4_000,
}

export type ThrottleState = { failures: number; windowStartedAt: Date; lockedUntil: Date | null }

export type ThrottleDecision = { allowed: true; delayMs: number } | { allowed: false; retryAfterSeconds: number }

export function decide(state: ThrottleState | undefined, now: Date, policy: ThrottlePolicy): ThrottleDecision {
	if (!state) return { allowed: true, delayMs: 0 }
	if (state.lockedUntil && state.lockedUntil > now) {
		return { allowed: false, retryAfterSeconds: Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000) }
	}
	const failures = currentFailures(state, now, policy)
	if (failures <= policy.freeFailures) return { allowed: true, delayMs: 0 }
	const delay = policy.baseDelayMs * 2 ** (failures - policy.freeFailures - 1)
	return { allowed: true, delayMs: Math.min(delay, policy.maxDelayMs) }
}

function currentFailures(state: ThrottleState, now: Date, policy: ThrottlePolicy): number {
	const windowExpired = now.getTime() - state.windowStartedAt.getTime() > policy.windowMs
	const lockExpired = state.lockedUntil !== null && state.lockedUntil <= now
	return windowExpired || lockExpired ? 0 : state.failures
}

/** The state after one more failure: a new window if the old one expired, a lock at the limit. */
export function afterFailure(state: ThrottleState | undefined, now: Date, policy: ThrottlePolicy): ThrottleState {
	const fresh = !state || currentFailures(state, now, policy) === 0
	const failures = fresh ? 1 : state!.failures + 1
	const windowStartedAt = fresh ? now : state!.windowStartedAt
	const lockedUntil = failures >= policy.maxFailures ? new Date(now.getTime() + policy.lockMs) : null
	return { failures, windowStartedAt, lockedUntil }
}

export function retryMessage(retryAfterSeconds: number): string {
	const minutes = Math.ceil(retryAfterSeconds / 60)
	return `Trop de tentatives de connexion. Par sécurité, réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}, ou réinitialisez votre mot de passe.`
}
