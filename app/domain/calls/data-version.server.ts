/**
 * How far the data of a call has changed (db/schema/call-versions.ts: the database's
 * triggers count every change, in the changing transaction). Caches of what is computed from
 * a call — its bilan, its deliberation — key on these instead of hashing the call's rows: one
 * index lookup of at most sixteen rows instead of a scan of every dossier, member and evaluation.
 *
 * Read before the cached thing is computed (each statement sees what was committed when it
 * started), a version can only be older than the data computed under it: a cache may
 * compute once too often, never keep a stale result.
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm'
import { type Executor } from '#db/client.server.ts'
import { rowsOf } from '#db/raw-rows.ts'

/** The call's own version: it moves with any change of the call or of what hangs from it. */
export async function callDataVersion(executor: Executor, callId: string): Promise<string> {
	const [row] = rowsOf<{ version: string }>(await executor.execute(sql`select ${callDataVersionOf(callId)} as "version"`))
	return row!.version
}

/** The same version as a column of a statement that reads the call (e.g. `calls.id`): no statement of its own. */
export function callDataVersionOf(callId: string | AnyColumn): SQL<string> {
	return sql<string>`(select coalesce(sum(v."version"), 0)::text from "call_versions" v where v."call_id" = ${callId})`
}

/**
 * The version of a call's bilan: the call's own, and a digest of the versions of the calls
 * that closed before it, whose consortia tell which partnerships already existed (a call
 * becoming or ceasing to be earlier changes the digest too).
 */
export async function bilanDataVersion(executor: Executor, callId: string): Promise<string> {
	const [row] = rowsOf<{ version: string }>(
		await executor.execute(sql`
			select concat_ws(':',
				(select coalesce(sum("version"), 0) from "call_versions" where "call_id" = ${callId}),
				(select concat_ws('/', count(*), coalesce(sum(hashtextextended(concat_ws(',', v."call_id", v."slot", v."version"), 0)), 0))
					from "call_versions" v join "calls" c on c."id" = v."call_id"
					where c."id" <> ${callId}
						and coalesce(c."deadline_at", c."created_at") < (select coalesce(this."deadline_at", this."created_at") from "calls" this where this."id" = ${callId}))
			) as "version"`),
	)
	return row!.version
}
