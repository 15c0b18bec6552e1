import { eq, inArray, or, sql } from 'drizzle-orm'
import { db, type Executor } from '#db/client.server.ts'
import { loginThrottles } from '#db/schema/index.ts'
import { ACCOUNT_POLICY, ACCOUNT_WIDE_POLICY, afterFailure, decide, IP_POLICY, type ThrottleDecision, type ThrottlePolicy } from './login-throttle.ts'

type Key = { key: string; policy: ThrottlePolicy }

/** The keys of a login from an unknown browser: this account from this source, this source, this account. */
export function throttleKeys(email: string, ip: string): Key[] {
	return [
		{ key: `account-ip:${email}|${ip}`, policy: ACCOUNT_POLICY },
		{ key: `ip:${ip}`, policy: IP_POLICY },
		{ key: `account:${email}`, policy: ACCOUNT_WIDE_POLICY },
	]
}

/**
 * The account's own key, whatever the source: a password typed again to confirm a grave act
 * (deleting the account) counts against the same budget as logins, so a session left open
 * cannot be used to try passwords one after the other.
 */
export function accountKeys(email: string): Key[] {
	return [{ key: `account:${email}`, policy: ACCOUNT_WIDE_POLICY }]
}

/** The key of a login from a browser that already logged in to this account. */
export function deviceKeys(userId: string, deviceId: string): Key[] {
	return [{ key: `device:${userId}|${deviceId}`, policy: ACCOUNT_POLICY }]
}

/** The strictest decision over the keys. */
export async function checkThrottle(keys: Key[], now = new Date()): Promise<ThrottleDecision> {
	const rows = await db.select().from(loginThrottles).where(inArray(loginThrottles.key, keys.map((k) => k.key)))
	let delayMs = 0
	for (const { key, policy } of keys) {
		const decision = decide(rows.find((r) => r.key === key), now, policy)
		if (!decision.allowed) return decision
		delayMs = Math.max(delayMs, decision.delayMs)
	}
	return { allowed: true, delayMs }
}

/**
 * Counts a failure on every key; row locks keep concurrent failures from being lost.
 * `alsoInTransaction` writes with the count (the failed attempt's audit event).
 */
export async function recordFailure(keys: Key[], now = new Date(), alsoInTransaction?: (tx: Executor) => Promise<void>): Promise<void> {
	await db.transaction(async (tx) => {
		if (alsoInTransaction) await alsoInTransaction(tx)
		for (const { key, policy } of keys) {
			await tx
				.insert(loginThrottles)
				.values({ key, failures: 0, windowStartedAt: now })
				.onConflictDoNothing()
			const [state] = await tx.select().from(loginThrottles).where(eq(loginThrottles.key, key)).for('update')
			const next = afterFailure(state, now, policy)
			await tx.update(loginThrottles).set(next).where(eq(loginThrottles.key, key))
		}
	})
}

/**
 * A successful login clears the counters of the keys it went through, except the source's
 * own counter (other accounts' failures from that source still count).
 */
export async function clearThrottle(keys: Key[], executor: Executor = db): Promise<void> {
	const cleared = keys.map((k) => k.key).filter((key) => !key.startsWith('ip:'))
	if (cleared.length > 0) await executor.delete(loginThrottles).where(inArray(loginThrottles.key, cleared))
}

/** After a password reset the account starts afresh from every source. */
export async function clearAccountThrottle(email: string): Promise<void> {
	const pairPrefix = `account-ip:${email}|`
	await db
		.delete(loginThrottles)
		.where(or(eq(loginThrottles.key, `account:${email}`), sql`left(${loginThrottles.key}, ${pairPrefix.length}) = ${pairPrefix}`))
}
