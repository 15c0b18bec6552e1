/**
 * The calls as associations see them: published ones (open or closed), never drafts.
 * Read-only; the funder side (app/domain/calls/) owns writing them.
 */
import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm'
import { notFound } from '#app/auth/permissions.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { calls, organizations, themes } from '#db/schema/index.ts'
import { deadlinePassed } from './rules.ts'

const publicColumns = {
	id: calls.id,
	title: calls.title,
	presentation: calls.presentation,
	eligibility: calls.eligibility,
	territory: calls.territory,
	status: calls.status,
	minAssociations: calls.minAssociations,
	maxAmountPerProjectCents: calls.maxAmountPerProjectCents,
	envelopeCents: calls.envelopeCents,
	opensAt: calls.opensAt,
	deadlineAt: calls.deadlineAt,
	juryStartsOn: calls.juryStartsOn,
	juryEndsOn: calls.juryEndsOn,
	decisionOn: calls.decisionOn,
	projectStartsOn: calls.projectStartsOn,
	projectEndsOn: calls.projectEndsOn,
	evaluationDueOn: calls.evaluationDueOn,
	funderName: organizations.name,
}

/** Whether an application may still be created or submitted on this call at `now`. */
export function isOpen(call: { status: string; deadlineAt: Date | null; opensAt?: Date | null }, now: Date): boolean {
	if (call.status !== 'published') return false
	if (call.opensAt && now.getTime() < call.opensAt.getTime()) return false
	return !deadlinePassed(call.deadlineAt, now)
}

async function themesOf(executor: Executor, callIds: string[]) {
	if (callIds.length === 0) return []
	return executor
		.select({ id: themes.id, callId: themes.callId, label: themes.label })
		.from(themes)
		.where(inArray(themes.callId, callIds))
		.orderBy(asc(themes.position))
}

/** Every call that was published (open first, then closed ones), with its themes. */
export async function listPublishedCalls(now = new Date()) {
	const rows = await db
		.select(publicColumns)
		.from(calls)
		.innerJoin(organizations, eq(organizations.id, calls.funderId))
		.where(ne(calls.status, 'draft'))
		.orderBy(desc(calls.deadlineAt))
	const themeRows = await themesOf(db, rows.map((r) => r.id))
	return rows
		.map((call) => ({ ...call, open: isOpen(call, now), themes: themeRows.filter((t) => t.callId === call.id).map((t) => t.label) }))
		.sort((a, b) => Number(b.open) - Number(a.open))
}

/** One published call, or a 404 (drafts are the funder's business). */
export async function getPublishedCall(callId: string, executor: Executor = db) {
	const [call] = await executor
		.select(publicColumns)
		.from(calls)
		.innerJoin(organizations, eq(organizations.id, calls.funderId))
		.where(and(eq(calls.id, callId), ne(calls.status, 'draft')))
	if (!call) notFound('Cet appel à projets n’existe pas ou n’est pas publié.')
	return { ...call, themes: (await themesOf(executor, [call.id])).map((t) => ({ id: t.id, label: t.label })) }
}
