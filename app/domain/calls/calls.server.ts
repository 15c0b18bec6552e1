import { and, asc, eq, gt, inArray, isNull, or } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { calls, organizations, themes } from '#db/schema/index.ts'

/** Published calls whose deadline has not passed, with their funder and themes. */
export async function listOpenCalls(now = new Date()) {
	const rows = await db
		.select({
			id: calls.id,
			title: calls.title,
			presentation: calls.presentation,
			territory: calls.territory,
			deadlineAt: calls.deadlineAt,
			minAssociations: calls.minAssociations,
			maxAmountPerProjectCents: calls.maxAmountPerProjectCents,
			funderName: organizations.name,
		})
		.from(calls)
		.innerJoin(organizations, eq(organizations.id, calls.funderId))
		.where(and(eq(calls.status, 'published'), or(isNull(calls.deadlineAt), gt(calls.deadlineAt, now))))
		.orderBy(asc(calls.deadlineAt))
	if (rows.length === 0) return []
	const themeRows = await db
		.select({ callId: themes.callId, label: themes.label })
		.from(themes)
		.where(inArray(themes.callId, rows.map((r) => r.id)))
		.orderBy(asc(themes.position))
	return rows.map((call) => ({ ...call, themes: themeRows.filter((t) => t.callId === call.id).map((t) => t.label) }))
}

/** The calls of the funders a staff member works for, newest first. */
export async function listCallsOfFunders(funderIds: string[]) {
	if (funderIds.length === 0) return []
	return db
		.select({ id: calls.id, title: calls.title, status: calls.status, deadlineAt: calls.deadlineAt, funderId: calls.funderId })
		.from(calls)
		.where(inArray(calls.funderId, funderIds))
		.orderBy(asc(calls.createdAt))
}
