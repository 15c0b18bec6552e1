/**
 * How far what the directory shows has changed (db/schema/directory-versions.ts: the
 * database's triggers count every change of a profile, and of an organisation's name, sector,
 * commune, département or kind, in the changing transaction). The searches' cache keys on it.
 *
 * Read before the search is computed (each statement sees what was committed when it
 * started), a version can only be older than the results computed under it: the cache may
 * compute once too often, never keep a stale page.
 */
import { sql } from 'drizzle-orm'
import { type Executor } from '#db/client.server.ts'
import { rowsOf } from '#db/raw-rows.ts'

/** The slots the triggers write (txid % 16): a parameter, so that PostgreSQL plans the statement once (decision 034). */
const SLOTS = 16

export async function directoryDataVersion(executor: Executor): Promise<string> {
	const [row] = rowsOf<{ version: string }>(
		await executor.execute(sql`select coalesce(sum("version"), 0)::text as "version" from "directory_versions" where "slot" < ${SLOTS}`),
	)
	return row!.version
}
