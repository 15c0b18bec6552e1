/**
 * Statements whose best plan depends on their values, planned for each execution. postgres.js
 * prepares every statement, and after five executions PostgreSQL may keep one generic plan for
 * all values: for the directory's search (« département 69 » vs a département of ten
 * associations, a box around Lyon vs a village) the generic plan guessed one row and ran a
 * nested loop over thousands — 32 ms where the plan for the actual values takes 3.
 */
import { sql } from 'drizzle-orm'
import { db, type Executor } from './client.server.ts'

export function withCustomPlans<T>(work: (executor: Executor) => Promise<T>): Promise<T> {
	return db.transaction(async (tx) => {
		await tx.execute(sql`set local plan_cache_mode = force_custom_plan`)
		return work(tx)
	})
}
