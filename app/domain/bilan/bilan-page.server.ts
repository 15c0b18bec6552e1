/**
 * The bilan as its funder's staff read it (issue 11): the call's, and beside it — when asked —
 * another call of the same funder's. One loader for the page, the PDF and the XLSX, so the
 * three always show the same figures; the call is found through the policy's staff loader
 * (404 for another funder's call).
 */
import { and, desc, eq, ne, sql } from 'drizzle-orm'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { requireCallForStaff } from '#app/auth/policy/load.server.ts'
import { db } from '#db/client.server.ts'
import { calls } from '#db/schema/index.ts'
import type { CallBilan } from './bilan-model.ts'
import { bilanKey, currentCallBilan } from './bilan-cache.server.ts'

/** The other calls offered for a comparison, most recent first. */
export const COMPARABLE_CALLS_SHOWN = 50

export type ComparableCall = { id: string; title: string; year: number | null }

export type BilanPage = {
	bilan: CallBilan
	comparison: CallBilan | null
	comparable: ComparableCall[]
	/** The call asked for a comparison is not one of the funder's other calls. */
	comparisonRefused: boolean
	/** Names the two bilans shown and their data versions: the server words a pair once (bilan-text.ts, sideBySideOnce). */
	viewKey: string | null
}

export async function loadBilanPage({ user, callId, compareWith }: { user: PolicyUser; callId: string; compareWith: string | null }): Promise<BilanPage> {
	const { call } = await requireCallForStaff(db, user, callId)
	const othersOfFunder = and(eq(calls.funderId, call.funderId), ne(calls.id, call.id), ne(calls.status, 'draft'))
	const comparableCalls = () =>
		db
			.select({ id: calls.id, title: calls.title, year: sql<number | null>`extract(year from coalesce(${calls.deadlineAt}, ${calls.opensAt}, ${calls.createdAt}) at time zone 'Europe/Paris')::int` })
			.from(calls)
	const comparable = await comparableCalls()
		.where(othersOfFunder)
		.orderBy(desc(sql`coalesce(${calls.deadlineAt}, ${calls.opensAt}, ${calls.createdAt})`))
		.limit(COMPARABLE_CALLS_SHOWN)
	// An older call than the list shows may still be compared, if it is the funder's.
	const other = compareWith ? (comparable.find((c) => c.id === compareWith) ?? (await comparableCalls().where(and(othersOfFunder, eq(calls.id, compareWith))))[0] ?? null) : null
	const [bilan, comparison] = await Promise.all([currentCallBilan(db, call.id), other ? currentCallBilan(db, other.id) : null])
	const keys = [bilanKey(bilan), comparison ? bilanKey(comparison) : 'seul']
	const viewKey = keys.every((k) => k !== null) ? keys.join('|') : null
	return { bilan, comparison, comparable, comparisonRefused: Boolean(compareWith) && other === null, viewKey }
}

/** `?comparer=<id>` as the page's form sends it (an empty choice: no comparison). */
export function readComparison(url: string): string | null {
	const value = new URL(url).searchParams.get('comparer')
	return value && value.length <= 64 ? value : null
}
