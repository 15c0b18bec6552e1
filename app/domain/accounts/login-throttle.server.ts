import { eq, inArray } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { loginThrottles } from '#db/schema/index.ts'
import { ACCOUNT_POLICY, afterFailure, decide, IP_POLICY, type ThrottleDecision, type ThrottlePolicy } from './login-throttle.ts'

type Key = { key: string; policy: ThrottlePolicy }

export function throttleKeys(email: string, ip: string): Key[] {
	return [
		{ key: `account:${email}`, policy: ACCOUNT_POLICY },
		{ key: `ip:${ip}`, policy: IP_POLICY },
	]
}

/** The strictest decision over the account and the IP. */
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

/** Counts a failure on every key; row locks keep concurrent failures from being lost. */
export async function recordFailure(keys: Key[], now = new Date()): Promise<void> {
	await db.transaction(async (tx) => {
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

/** A successful login clears the account's counter (not the IP's). */
export async function clearAccountThrottle(email: string): Promise<void> {
	await db.delete(loginThrottles).where(eq(loginThrottles.key, `account:${email}`))
}
