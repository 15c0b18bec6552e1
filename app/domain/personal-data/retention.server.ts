/**
 * Retention of drafts never submitted (issue 13, docs/decisions/030). A draft whose call
 * closed RETENTION_DRAFT_MONTHS ago is deleted; its lead's référents are told one month
 * before, once. Each run is recorded (retention_runs) for the platform admin
 * (/admin/conservation).
 *
 * Every draft is handled in its own transaction, guarded by its state (warned once: the
 * update claims `retention_warned_at`; deleted only if still a draft never submitted and
 * warned a month ago at least), so a run repeated or run by two servers at once warns
 * nobody twice and deletes nothing early. A submitted dossier is never touched.
 *
 * Deleting a draft deletes its row; the database's foreign keys remove what hangs on it
 * (consortium, attachment rows, messages, requests, invitations) and detach what outlives
 * it (an announcement's link). The attachment files become unreferenced: the storage
 * sweep removes them after its grace period.
 */
import { markApplicationFilesUnreferenced } from '#app/domain/files/storage-orphans.server.ts'
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lte, notInArray, sql } from 'drizzle-orm'
import { recordAudit } from '#app/domain/audit.server.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { db } from '#db/client.server.ts'
import { applications, auditEvents, calls, memberships, organizations, retentionRuns, users, type RetentionItem } from '#db/schema/index.ts'
import { retentionSettings } from './retention-settings.server.ts'

/** The job runs at most this often (startCallJobs polls every minute). */
export const RETENTION_EVERY_MS = 24 * 3600_000
/** Drafts listed per run on the admin page (the counts are exact). */
export const RETENTION_ITEMS_KEPT = 200
/** Drafts handled per run: a backlog is worked through over the next runs. */
const BATCH = 500

/** Statuses of a dossier never submitted: still a draft, or withdrawn before it was ever submitted. */
const NEVER_SUBMITTED = ['draft', 'withdrawn'] as const
/** A call still open takes no part: its drafts may yet be submitted. */
const OPEN_CALL_STATUSES = ['draft', 'published'] as const

const closedOn = sql<Date>`coalesce(${calls.closedAt}, ${calls.deadlineAt})`.mapWith(calls.closedAt)

/** Calendar months, clamped to the month's last day as PostgreSQL does (31 January + 1 month = 28 or 29 February). */
function addMonths(date: Date, months: number): Date {
	const result = new Date(date)
	const day = result.getUTCDate()
	result.setUTCDate(1)
	result.setUTCMonth(result.getUTCMonth() + months)
	const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate()
	result.setUTCDate(Math.min(day, lastDay))
	return result
}

type Candidate = { id: string; title: string; callTitle: string; organizationName: string; leadOrganizationId: string; closedOn: Date }

/** Drafts never submitted of a closed call, whose call closed before `closedBefore`. */
async function candidates(closedBefore: Date, warned: 'not-warned' | { warnedBefore: Date }): Promise<Candidate[]> {
	return db
		.select({ id: applications.id, title: applications.title, callTitle: calls.title, organizationName: organizations.name, leadOrganizationId: applications.leadOrganizationId, closedOn })
		.from(applications)
		.innerJoin(calls, eq(calls.id, applications.callId))
		.innerJoin(organizations, eq(organizations.id, applications.leadOrganizationId))
		.where(
			and(
				inArray(applications.status, [...NEVER_SUBMITTED]),
				isNull(applications.submittedAt),
				notInArray(calls.status, [...OPEN_CALL_STATUSES]),
				sql`${closedOn} <= ${closedBefore.toISOString()}`,
				warned === 'not-warned' ? isNull(applications.retentionWarnedAt) : lte(applications.retentionWarnedAt, warned.warnedBefore),
			),
		)
		.orderBy(asc(closedOn), asc(applications.id))
		.limit(BATCH)
}

const item = (c: Candidate): RetentionItem => ({ applicationId: c.id, title: c.title, callTitle: c.callTitle, organizationName: c.organizationName })

/** Tells the lead's référents, once, that the draft will be deleted a month from now. */
async function warnDraft(draft: Candidate, now: Date, months: number): Promise<boolean> {
	return db.transaction(async (tx) => {
		const [claimed] = await tx
			.update(applications)
			.set({ retentionWarnedAt: now })
			.where(and(eq(applications.id, draft.id), isNull(applications.retentionWarnedAt), inArray(applications.status, [...NEVER_SUBMITTED]), isNull(applications.submittedAt)))
			.returning({ id: applications.id })
		if (!claimed) return false
		const referents = await tx
			.select({ email: users.email, displayName: users.displayName })
			.from(memberships)
			.innerJoin(users, eq(users.id, memberships.userId))
			.where(and(eq(memberships.organizationId, draft.leadOrganizationId), eq(memberships.role, 'referent'), isNull(users.deletedAt)))
			.orderBy(asc(users.email))
		// Deleted a month after this warning at the earliest, even when the job ran late.
		const deletionOn = formatDate(addMonths(now, 1) > addMonths(draft.closedOn, months) ? addMonths(now, 1) : addMonths(draft.closedOn, months))
		for (const referent of referents) {
			await enqueueEmail(tx, {
				to: referent.email,
				template: 'draft-retention-warning',
				data: {
					displayName: referent.displayName,
					associationName: draft.organizationName,
					callTitle: draft.callTitle,
					applicationTitle: draft.title,
					deletionOn,
					months,
					url: `${appUrl()}/candidatures/${draft.id}`,
				},
			})
		}
		await recordAudit(tx, { actorUserId: null, action: 'retention.draft_warned', subjectType: 'application', subjectId: draft.id, data: { emails: referents.length, deletionOn } })
		return true
	})
}

/** Deletes a draft never submitted, if it still is one; its dependent rows go with it (foreign keys). */
async function deleteDraft(draft: Candidate, warnedBefore: Date): Promise<boolean> {
	return db.transaction(async (tx) => {
		// Its files become candidates for the storage sweep (read before the rows go; a key still referenced is kept by the sweep).
		await markApplicationFilesUnreferenced(tx, [draft.id])
		const [deleted] = await tx
			.delete(applications)
			.where(
				and(
					eq(applications.id, draft.id),
					inArray(applications.status, [...NEVER_SUBMITTED]),
					isNull(applications.submittedAt),
					isNotNull(applications.retentionWarnedAt),
					lte(applications.retentionWarnedAt, warnedBefore),
				),
			)
			.returning({ id: applications.id, callId: applications.callId })
		if (!deleted) return false
		await recordAudit(tx, {
			actorUserId: null,
			action: 'retention.draft_deleted',
			subjectType: 'application',
			subjectId: deleted.id,
			data: { title: draft.title, callId: deleted.callId, leadOrganizationId: draft.leadOrganizationId },
		})
		return true
	})
}

export type RetentionOutcome = { runId: string; draftsWarned: number; draftsDeleted: number; accountsDeleted: number }

/** One run: warn, then delete, then record what was done. */
export async function runRetention(now: Date = new Date()): Promise<RetentionOutcome> {
	const { draftMonths, warnMonthsBefore } = retentionSettings()
	const [run] = await db.insert(retentionRuns).values({ startedAt: now, draftMonths }).returning({ id: retentionRuns.id })
	const warned: RetentionItem[] = []
	const deleted: RetentionItem[] = []
	let draftsWarned = 0
	let draftsDeleted = 0
	let error: string | null = null
	try {
		// Deleted first: a draft warned in this run must wait a month anyway.
		const warnedBefore = addMonths(now, -warnMonthsBefore)
		for (const draft of await candidates(addMonths(now, -draftMonths), { warnedBefore })) {
			if (await deleteDraft(draft, warnedBefore)) {
				draftsDeleted++
				if (deleted.length < RETENTION_ITEMS_KEPT) deleted.push(item(draft))
			}
		}
		for (const draft of await candidates(addMonths(now, -(draftMonths - warnMonthsBefore)), 'not-warned')) {
			if (await warnDraft(draft, now, draftMonths)) {
				draftsWarned++
				if (warned.length < RETENTION_ITEMS_KEPT) warned.push(item(draft))
			}
		}
	} catch (caught) {
		error = caught instanceof Error ? caught.message : String(caught)
	}
	// The accounts their owners deleted since the previous run (deletion is immediate; listed here for the record).
	const [previous] = await db
		.select({ startedAt: retentionRuns.startedAt })
		.from(retentionRuns)
		.where(and(sql`${retentionRuns.id} <> ${run!.id}`, lte(retentionRuns.startedAt, now)))
		.orderBy(desc(retentionRuns.startedAt))
		.limit(1)
	const [{ accounts } = { accounts: 0 }] = await db
		.select({ accounts: sql<number>`count(*)::int` })
		.from(auditEvents)
		.where(and(eq(auditEvents.action, 'account.deleted'), lte(auditEvents.createdAt, now), previous ? gte(auditEvents.createdAt, previous.startedAt) : undefined))
	await db
		.update(retentionRuns)
		.set({ finishedAt: new Date(), draftsWarned, draftsDeleted, accountsDeleted: accounts, warned, deleted, error })
		.where(eq(retentionRuns.id, run!.id))
	if (error) throw new Error(`Conservation : ${error}`)
	return { runId: run!.id, draftsWarned, draftsDeleted, accountsDeleted: accounts }
}

/** Called by the scheduled jobs every minute: runs once a day. */
export async function runRetentionIfDue(now: Date = new Date()): Promise<RetentionOutcome | null> {
	const [last] = await db.select({ startedAt: retentionRuns.startedAt }).from(retentionRuns).orderBy(desc(retentionRuns.startedAt)).limit(1)
	if (last && now.getTime() - last.startedAt.getTime() < RETENTION_EVERY_MS) return null
	return runRetention(now)
}

/** The admin page: the latest runs, and the accounts deleted lately (pseudonymous ids only). */
export async function retentionOverview(limit = 60) {
	const runs = await db.select().from(retentionRuns).orderBy(desc(retentionRuns.startedAt)).limit(limit)
	const accountDeletions = await db
		.select({ userId: auditEvents.subjectId, at: auditEvents.createdAt })
		.from(auditEvents)
		.where(eq(auditEvents.action, 'account.deleted'))
		.orderBy(desc(auditEvents.createdAt))
		.limit(limit)
	const [{ total } = { total: 0 }] = await db.select({ total: sql<number>`count(*)::int` }).from(auditEvents).where(eq(auditEvents.action, 'account.deleted'))
	return { runs, accountDeletions, accountDeletionsTotal: total, settings: retentionSettings() }
}
