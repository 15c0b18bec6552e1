import { sql } from 'drizzle-orm'
import type { Executor } from '#db/client.server.ts'
import { rateLimits } from '#db/schema/index.ts'
import type { RateLimitOutcome, RateLimitPolicy } from './rate-limit.ts'

/**
 * Counts one use of `key` in a fixed window and says whether it was within the limit.
 * One upsert, atomic in the database, so that every app server shares the counter and two
 * simultaneous requests cannot both take the last slot. Use it inside the transaction that
 * sends the email: the count and the email commit together.
 */
export async function consumeRateLimit(executor: Executor, key: string, policy: RateLimitPolicy, now = new Date()): Promise<RateLimitOutcome> {
	const nowText = now.toISOString()
	const cutoff = new Date(now.getTime() - policy.windowMs).toISOString()
	const expired = sql`${rateLimits.windowStartedAt} <= ${cutoff}::timestamptz`
	const [row] = await executor
		.insert(rateLimits)
		.values({ key, count: 1, windowStartedAt: now })
		.onConflictDoUpdate({
			target: rateLimits.key,
			set: {
				count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
				windowStartedAt: sql`case when ${expired} then ${nowText}::timestamptz else ${rateLimits.windowStartedAt} end`,
			},
		})
		.returning({ count: rateLimits.count, windowStartedAt: rateLimits.windowStartedAt })
	if (row!.count <= policy.max) return { ok: true }
	const retryAfterMs = row!.windowStartedAt.getTime() + policy.windowMs - now.getTime()
	return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) }
}
