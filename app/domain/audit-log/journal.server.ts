/**
 * The platform admin's journal (/admin/journal): audit events across the portal, newest
 * first, filtered, one page at a time by keyset (the id of the last event shown), so that a
 * page deep in a large table costs what the first one does; and the same rows in batches
 * for the export. Access is the route's (requirePlatformAdmin); the export is audited.
 */
import { and, asc, desc, eq, gte, ilike, inArray, lt, notInArray, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { db, type Executor } from '#db/client.server.ts'
import { auditEvents, calls, organizations, users } from '#db/schema/index.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { AUDIT_LABELS } from '#app/domain/audit-labels.ts'
import { actionsOf } from './categories.ts'
import { type AuditFilters, dateBounds, JOURNAL_EXPORT_CAP, JOURNAL_PAGE_SIZE } from './filters.ts'
import { emailFingerprint } from './fingerprint.server.ts'

const EXPORT_BATCH = 1_000

const actor = alias(users, 'actor')
const subjectUser = alias(users, 'subject_user')

/** `%…%` for ILIKE, the user's own % and _ taken literally. */
function containsPattern(value: string): string {
	return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

/** At most this many accounts matched by the person filter are listed by id; beyond, a subquery. */
const PEOPLE_LISTED = 1_000

/**
 * The filters with the person filter's accounts looked up first: a short list of ids lets
 * the database read the events of those accounts by index instead of walking the whole
 * journal backwards (120 ms → 0.2 ms for one person among 200,000 events). A very broad
 * text (more than PEOPLE_LISTED accounts) keeps the subquery: its events are everywhere.
 */
export type ResolvedFilters = { filters: AuditFilters; people: string[] | null }

export async function resolveFilters(filters: AuditFilters): Promise<ResolvedFilters> {
	if (!filters.person) return { filters, people: null }
	const pattern = containsPattern(filters.person)
	const rows = await db
		.select({ id: users.id })
		.from(users)
		.where(or(ilike(users.email, pattern), ilike(users.displayName, pattern)))
		.limit(PEOPLE_LISTED + 1)
	return { filters, people: rows.length > PEOPLE_LISTED ? null : rows.map((r) => r.id) }
}

function whereOf({ filters, people }: ResolvedFilters): SQL | undefined {
	const conditions: (SQL | undefined)[] = []
	if (filters.action) conditions.push(eq(auditEvents.action, filters.action))
	if (filters.category === 'autres') {
		// The labelled actions of 'autres', and any action the labels do not know.
		const known = Object.keys(AUDIT_LABELS).filter((action) => !actionsOf('autres').includes(action))
		conditions.push(notInArray(auditEvents.action, known))
	} else if (filters.category) {
		conditions.push(inArray(auditEvents.action, actionsOf(filters.category)))
	}
	if (filters.subjectType) conditions.push(eq(auditEvents.subjectType, filters.subjectType))
	if (filters.subjectId) conditions.push(eq(auditEvents.subjectId, filters.subjectId))
	const { since, before } = dateBounds(filters)
	if (since) conditions.push(gte(auditEvents.createdAt, since))
	if (before) conditions.push(lt(auditEvents.createdAt, before))
	if (filters.person) {
		const about: (SQL | undefined)[] = []
		if (people === null) {
			const pattern = containsPattern(filters.person)
			const matching = sql`(select ${users.id} from ${users} where ${users.email} ilike ${pattern} or ${users.displayName} ilike ${pattern})`
			about.push(sql`${auditEvents.actorUserId} in ${matching}`, and(eq(auditEvents.subjectType, 'user'), sql`${auditEvents.subjectId} in ${matching}`))
		} else if (people.length > 0) {
			about.push(inArray(auditEvents.actorUserId, people), and(eq(auditEvents.subjectType, 'user'), inArray(auditEvents.subjectId, people)))
		}
		// A failed login on an address with no account keeps only its fingerprint: the whole address finds it.
		if (filters.person.includes('@')) about.push(and(eq(auditEvents.subjectType, 'email'), eq(auditEvents.subjectId, emailFingerprint(filters.person))))
		conditions.push(about.length > 0 ? or(...about) : sql`false`)
	}
	return and(...conditions)
}

const ROW = {
	id: auditEvents.id,
	action: auditEvents.action,
	subjectType: auditEvents.subjectType,
	subjectId: auditEvents.subjectId,
	data: auditEvents.data,
	createdAt: auditEvents.createdAt,
	actorName: actor.displayName,
	actorEmail: actor.email,
	subjectName: sql<string | null>`coalesce(${calls.title}, ${organizations.name}, ${subjectUser.displayName})`,
	subjectKind: sql<string | null>`coalesce(${calls.status}::text, ${organizations.kind}::text)`,
}

function selectRows(executor: Executor) {
	return executor
		.select(ROW)
		.from(auditEvents)
		.leftJoin(actor, eq(actor.id, auditEvents.actorUserId))
		.leftJoin(calls, and(eq(auditEvents.subjectType, 'call'), eq(calls.id, auditEvents.subjectId)))
		.leftJoin(organizations, and(eq(auditEvents.subjectType, 'organization'), eq(organizations.id, auditEvents.subjectId)))
		.leftJoin(subjectUser, and(eq(auditEvents.subjectType, 'user'), eq(subjectUser.id, auditEvents.subjectId)))
}

export type JournalRow = Awaited<ReturnType<ReturnType<typeof selectRows>['execute']>>[number]

export type Position = { id: string }

async function positionOf(eventId: string): Promise<Position | null> {
	const [row] = await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.id, eventId))
	return row ?? null
}

/** Strictly older (or newer) than the position, in the (created_at, id) order the index keeps. */
function beyond(position: Position, direction: 'older' | 'newer'): SQL {
	// The position's own created_at, read back from the row: a JavaScript Date would lose the microseconds.
	const at = sql`(select ${auditEvents.createdAt} from ${auditEvents} where ${auditEvents.id} = ${position.id})`
	return direction === 'older' ? sql`(${auditEvents.createdAt}, ${auditEvents.id}) < (${at}, ${position.id})` : sql`(${auditEvents.createdAt}, ${auditEvents.id}) > (${at}, ${position.id})`
}

export type JournalPage = {
	rows: JournalRow[]
	/** Cursors of the neighbouring pages, null at either end. */
	olderCursor: string | null
	newerCursor: string | null
}

/** The statement of one page or batch: the filtered events beyond the position, in the direction's order (the bench explains it). */
export function journalPageQuery(filters: ResolvedFilters, position: Position | null, direction: 'older' | 'newer', limit: number) {
	const order = direction === 'older' ? [desc(auditEvents.createdAt), desc(auditEvents.id)] : [asc(auditEvents.createdAt), asc(auditEvents.id)]
	return selectRows(db)
		.where(and(whereOf(filters), position ? beyond(position, direction) : undefined))
		.orderBy(...order)
		.limit(limit)
}

/** One page, newest first: the first page, or the one older (newer) than the cursor's event. */
export async function listJournal(input: { filters: AuditFilters; cursor: { direction: 'older' | 'newer'; eventId: string } | null; pageSize?: number }): Promise<JournalPage> {
	const size = Math.min(input.pageSize ?? JOURNAL_PAGE_SIZE, JOURNAL_PAGE_SIZE)
	const position = input.cursor ? await positionOf(input.cursor.eventId) : null
	const direction = position ? input.cursor!.direction : 'older'
	const fetched = await journalPageQuery(await resolveFilters(input.filters), position, direction, size + 1)
	const more = fetched.length > size
	const rows = fetched.slice(0, size)
	if (direction === 'newer') rows.reverse()
	const first = rows[0]
	const last = rows.at(-1)
	return {
		rows,
		olderCursor: last && (direction === 'older' ? more : true) ? last.id : null,
		newerCursor: first && (direction === 'newer' ? more : position !== null) ? first.id : null,
	}
}

/** The filtered events, newest first, in batches, at most JOURNAL_EXPORT_CAP rows. */
export async function* journalBatches(filters: AuditFilters, cap = JOURNAL_EXPORT_CAP): AsyncGenerator<JournalRow[]> {
	const resolved = await resolveFilters(filters)
	let after: Position | null = null
	let written = 0
	while (written < cap) {
		const batch: JournalRow[] = await journalPageQuery(resolved, after, 'older', Math.min(EXPORT_BATCH, cap - written))
		if (batch.length === 0) return
		written += batch.length
		yield batch
		after = { id: batch.at(-1)!.id }
		if (batch.length < EXPORT_BATCH) return
	}
}

/** The export is itself an event of the journal, written before the first row leaves. */
export async function recordJournalExport(input: { user: { id: string }; filters: AuditFilters; format: 'csv' | 'xlsx' }): Promise<void> {
	await recordAudit(db, {
		actorUserId: input.user.id,
		action: 'audit.exported',
		subjectType: 'platform',
		subjectId: 'journal',
		data: { format: input.format, filters: { ...input.filters } },
	})
}
