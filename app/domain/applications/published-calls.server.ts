/**
 * The calls as associations see them: published ones (open or closed), never drafts.
 * Read-only; the funder side (app/domain/calls/) owns writing them.
 */
import { and, desc, eq, ne, sql } from 'drizzle-orm'
import { notFound } from '#app/auth/permissions.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { jsonRows } from '#db/json-rows.ts'
import { calls, organizations, themes } from '#db/schema/index.ts'
import { formatDateTime } from '#app/utils/format.ts'
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

/**
 * A published call as associations see it, with its themes, for a statement that reads
 * `calls` joined to its funder (`organizations`): the themes come in the same statement.
 */
export const publishedCallColumns = {
	...publicColumns,
	themes: jsonRows({ columns: { id: themes.id, label: themes.label }, from: sql`from ${themes} where ${eq(themes.callId, calls.id)}`, orderBy: sql`${themes.position}` }),
}

type CallCalendar = { status: string; deadlineAt: Date | null; opensAt?: Date | null }

/**
 * The one definition of an open call, used by the home page, /appels, /appels/:id and the
 * creation of a draft: published, its opening date reached, its deadline not passed.
 */
export function callOpenState(call: CallCalendar, now: Date): 'open' | 'not_yet_open' | 'closed' {
	if (call.status !== 'published' || deadlinePassed(call.deadlineAt, now)) return 'closed'
	if (call.opensAt && now.getTime() < call.opensAt.getTime()) return 'not_yet_open'
	return 'open'
}

/** Whether an application may still be created or submitted on this call at `now`. */
export function isOpen(call: CallCalendar, now: Date): boolean {
	return callOpenState(call, now) === 'open'
}

/** Why no dossier may be started on a call that is not open, in French. */
export function notOpenMessage(call: CallCalendar, now: Date): string {
	return callOpenState(call, now) === 'not_yet_open' && call.opensAt
		? `Cet appel à projets n’est pas encore ouvert : les dépôts ouvrent le ${formatDateTime(call.opensAt)} (heure de Paris).`
		: 'Cet appel à projets n’accepte plus de nouveau projet : la date limite de dépôt est passée.'
}

/** Every call that was published (open first, then closed ones), with its themes. */
export async function listPublishedCalls(now = new Date()) {
	// The themes come with each call (one statement: each costs ~1 ms on embedded PGlite).
	const rows = await db
		.select({
			...publicColumns,
			themes: sql<unknown>`(select coalesce(json_agg(t.label order by t.position), '[]'::json) from themes t where t.call_id = calls.id)`,
		})
		.from(calls)
		.innerJoin(organizations, eq(organizations.id, calls.funderId))
		.where(ne(calls.status, 'draft'))
		.orderBy(desc(calls.deadlineAt))
	return rows
		.map((call) => ({
			...call,
			open: isOpen(call, now),
			notYetOpen: callOpenState(call, now) === 'not_yet_open',
			themes: (typeof call.themes === 'string' ? JSON.parse(call.themes) : call.themes) as string[],
		}))
		.sort((a, b) => Number(b.open) - Number(a.open))
}

/** The calls open at `now` (see callOpenState), the nearest deadline first. */
export async function listOpenCalls(now = new Date()) {
	const open = (await listPublishedCalls(now)).filter((call) => call.open)
	return open.sort((a, b) => (a.deadlineAt?.getTime() ?? Infinity) - (b.deadlineAt?.getTime() ?? Infinity))
}

export const CALL_NOT_PUBLISHED = 'Cet appel à projets n’existe pas ou n’est pas publié.'

/** One published call with its themes (one statement), or a 404 (drafts are the funder's business). */
export async function getPublishedCall(callId: string, executor: Executor = db) {
	const [call] = await executor
		.select(publishedCallColumns)
		.from(calls)
		.innerJoin(organizations, eq(organizations.id, calls.funderId))
		.where(and(eq(calls.id, callId), ne(calls.status, 'draft')))
	if (!call) notFound(CALL_NOT_PUBLISHED)
	return call
}
