/**
 * The bilan kept between two readings while nothing it counts has changed (issue 11, bench
 * `bilan` page_ratio): a page, its PDF and its XLSX, read again and again by the staff after
 * a call, need not count the whole call each time. What it counts is summed up by one cheap
 * statement — the fingerprint: the call, its themes, every dossier's status and last change,
 * its consortium's associations and their last change, the evaluations and their versions,
 * and these associations' memberships elsewhere (the partnerships of earlier calls) — so a
 * kept bilan is never stale: any change gives another fingerprint and the bilan is counted
 * again. Per process (each instance keeps its own), a few calls at most.
 */
import { sql, type SQL } from 'drizzle-orm'
import { type Executor } from '#db/client.server.ts'
import { rowsOf } from '#db/raw-rows.ts'
import type { CallBilan } from './bilan-model.ts'
import { computeCallBilan } from './bilan.server.ts'

/**
 * What a set of rows holds, whatever their order: their number and the sum of each row's
 * 64-bit hash — no sort, so the fingerprint stays a few times cheaper than the count itself.
 */
const digest = (columns: SQL) => sql`concat_ws(',', count(*), sum(hashtextextended(concat_ws(',', ${columns}), 0)))`

/** Calls whose bilan is kept; the least recently read goes first. */
export const BILANS_KEPT = 20

const kept = new Map<string, { fingerprint: string; bilan: CallBilan }>()

function fingerprintStatement(callId: string) {
	return sql`
			with apps as (select a.id, a.status, a.updated_at, a.decision_version from applications a where a.call_id = ${callId})
			select md5(concat_ws('|',
				(select concat_ws(',', c.title, c.status, c.envelope_cents, c.deadline_at, c.opens_at, c.created_at, c.imported_at, c.updated_at, f.name)
					from calls c join organizations f on f.id = c.funder_id where c.id = ${callId}),
				(select ${digest(sql`t.id, t.label, t.position`)} from themes t where t.call_id = ${callId}),
				(select ${digest(sql`id, status, updated_at, decision_version`)} from apps),
				(select ${digest(sql`am.application_id, am.organization_id, am.role, am.status, o.updated_at`)}
					from application_members am join apps on apps.id = am.application_id left join organizations o on o.id = am.organization_id),
				(select ${digest(sql`r.id, r.status, r.updated_at`)} from evaluation_reports r join apps on apps.id = r.application_id),
				(select ${digest(sql`e.id, e.version, e.updated_at`)} from evaluations e join apps on apps.id = e.application_id),
				(select ${digest(sql`other.application_id, other.organization_id, other.role, other.status, elsewhere.status, elsewhere.call_id`)}
					from application_members other join applications elsewhere on elsewhere.id = other.application_id
					where other.organization_id in (select am.organization_id from application_members am join apps on apps.id = am.application_id)
						and other.application_id not in (select id from apps))
			)) as fingerprint`
}

async function fingerprintOf(executor: Executor, callId: string): Promise<string> {
	const [row] = rowsOf<{ fingerprint: string }>(await executor.execute(fingerprintStatement(callId)))
	return row!.fingerprint
}

/** The call's bilan: the one kept if its fingerprint has not changed, else counted again (and kept). */
export async function currentCallBilan(executor: Executor, callId: string): Promise<CallBilan> {
	const fingerprint = await fingerprintOf(executor, callId)
	const found = kept.get(callId)
	if (found && found.fingerprint === fingerprint) {
		// Read again: it becomes the most recently read.
		kept.delete(callId)
		kept.set(callId, found)
		return found.bilan
	}
	const bilan = await computeCallBilan(executor, callId)
	kept.delete(callId)
	kept.set(callId, { fingerprint, bilan })
	while (kept.size > BILANS_KEPT) kept.delete(kept.keys().next().value!)
	return bilan
}
