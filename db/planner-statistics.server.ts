/**
 * Embedded PGlite has no autovacuum: without ANALYZE the planner never learns the size of a
 * table and keeps the plans of an empty database (a nested loop over every member × every
 * organisation made the funder's list filtered by département 10 times slower on 500
 * applications). The server refreshes the statistics at start and then every hour;
 * PostgreSQL's autovacuum does it by itself.
 */
import { sql } from 'drizzle-orm'
import { getConnection } from './client.server.ts'

export const STATISTICS_INTERVAL_MS = 60 * 60 * 1000

/** ANALYZE on PGlite; nothing on PostgreSQL. Returns whether it ran. */
export async function refreshPlannerStatistics(): Promise<boolean> {
	const connection = getConnection()
	if (connection.kind !== 'pglite') return false
	await connection.db.execute(sql`analyze`)
	return true
}

/** At start, then every hour; the returned function stops it. */
export function startPlannerStatistics(intervalMs = STATISTICS_INTERVAL_MS): () => void {
	const run = () => refreshPlannerStatistics().catch((error: unknown) => console.error('ANALYZE a échoué :', error))
	void run()
	const timer = setInterval(run, intervalMs)
	timer.unref()
	return () => clearInterval(timer)
}
