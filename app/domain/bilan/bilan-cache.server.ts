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
import { sql } from 'drizzle-orm'
import { type Executor } from '#db/client.server.ts'
import { rowsOf } from '#db/raw-rows.ts'
import type { CallBilan } from './bilan-model.ts'
import { computeCallBilan } from './bilan.server.ts'

/** Calls whose bilan is kept; the least recently read goes first. */
export const BILANS_KEPT = 20

const kept = new Map<string, { fingerprint: string; bilan: CallBilan }>()

async function fingerprintOf(executor: Executor, callId: string): Promise<string> {
	const [row] = rowsOf<{ fingerprint: string }>(
		await executor.execute(sql`
			with apps as (select a.id, a.status, a.updated_at, a.decision_version from applications a where a.call_id = ${callId})
			select md5(concat_ws('|',
				(select concat_ws(',', c.title, c.status, c.envelope_cents, c.deadline_at, c.opens_at, c.created_at, c.imported_at, c.updated_at, f.name)
					from calls c join organizations f on f.id = c.funder_id where c.id = ${callId}),
				(select string_agg(concat_ws(',', t.id, t.label, t.position), ';' order by t.id) from themes t where t.call_id = ${callId}),
				(select string_agg(concat_ws(',', id, status, updated_at, decision_version), ';' order by id) from apps),
				(select string_agg(concat_ws(',', am.application_id, am.organization_id, am.role, am.status, o.updated_at), ';' order by am.application_id, am.organization_id)
					from application_members am join apps on apps.id = am.application_id left join organizations o on o.id = am.organization_id),
				(select string_agg(concat_ws(',', r.id, r.status, r.updated_at), ';' order by r.id) from evaluation_reports r join apps on apps.id = r.application_id),
				(select string_agg(concat_ws(',', e.id, e.version, e.updated_at), ';' order by e.id) from evaluations e join apps on apps.id = e.application_id),
				(select concat_ws(',', count(*), max(other.created_at), max(other.confirmed_at), string_agg(distinct other.status::text, ','))
					from application_members other
					where other.organization_id in (select am.organization_id from application_members am join apps on apps.id = am.application_id)
						and other.application_id not in (select id from apps))
			)) as fingerprint`),
	)
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
