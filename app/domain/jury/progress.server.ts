/**
 * The jury's progress for the funder's staff (issue 8, « Scoring »): per juror (load,
 * sent / total, late) and per dossier (« 2/3 envoyées »), counted in SQL and paginated by
 * dossier; the reminders to the jurors with evaluations left to send, from a button or
 * automatically 3 days before the jury's end (once per call, run by startCallJobs).
 */
import { and, asc, count, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf, requireCallForStaff } from '#app/auth/policy/load.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { utcToParisLocal } from '#app/domain/calls/paris-time.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applications, calls, jurors, juryAssignments, juryConflicts, users } from '#db/schema/index.ts'
import { ASSIGNABLE_APPLICATION_STATUSES, ASSIGNMENT_PAGE_SIZE, JURY_REMINDER_DAYS_BEFORE, NOT_AT_JURY, progressOf } from './assignment-rules.ts'
import { isComposable } from './composition.ts'
import { BLOCKING_CONFLICT_STATUSES } from './conflicts.ts'

type Actor = { id: string } | PolicyUser

const assignable = () => inArray(applications.status, [...ASSIGNABLE_APPLICATION_STATUSES])
const sent = sql<number>`count(${juryAssignments.submittedAt})::int`
const started = sql<number>`count(*) filter (where ${juryAssignments.startedAt} is not null and ${juryAssignments.submittedAt} is null)::int`

/** Today in Paris, as YYYY-MM-DD, and that date moved by `days`. */
function parisDate(now: Date, days = 0) {
	const today = utcToParisLocal(now).date
	if (days === 0) return today
	const moved = new Date(`${today}T12:00:00Z`)
	moved.setUTCDate(moved.getUTCDate() + days)
	return moved.toISOString().slice(0, 10)
}

/**
 * The assignment page: the call and its settings, the jurors with their load and progress,
 * one page of dossiers (50) with their jurors and progress, and the totals. Seven bounded
 * statements whatever the size of the call.
 */
export async function getAssignmentPage(input: { user: Actor; callId: string; page?: number; now?: Date }) {
	const user = await policyUserOf(db, input.user)
	const { call } = await requireCallForStaff(db, user, input.callId)
	const now = input.now ?? new Date()
	const N = call.jurorsPerApplication

	const perDossier = db
		.select({ id: applications.id, n: sql<number>`count(${jurors.id})::int`.as('n') })
		.from(applications)
		.leftJoin(juryAssignments, eq(juryAssignments.applicationId, applications.id))
		.leftJoin(jurors, and(eq(jurors.id, juryAssignments.jurorId), eq(jurors.status, 'active')))
		.where(and(eq(applications.callId, call.id), assignable()))
		.groupBy(applications.id)
		.as('per_dossier')

	const [jury, [totals], [dossierTotals]] = await Promise.all([
		db
			.select({
				id: jurors.id,
				name: users.displayName,
				kind: jurors.kind,
				status: jurors.status,
				maxLoad: jurors.maxLoad,
				total: sql<number>`count(${juryAssignments.id})::int`,
				sent,
				started,
			})
			.from(jurors)
			.innerJoin(users, eq(users.id, jurors.userId))
			.leftJoin(juryAssignments, eq(juryAssignments.jurorId, jurors.id))
			.where(eq(jurors.callId, call.id))
			.groupBy(jurors.id, users.displayName)
			.orderBy(asc(users.displayName), asc(jurors.id)),
		db
			.select({ total: count(), sent })
			.from(juryAssignments)
			.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
			.where(eq(jurors.callId, call.id)),
		db
			.select({
				dossiers: count(),
				complete: sql<number>`(count(*) filter (where ${perDossier.n} >= ${N}))::int`,
				none: sql<number>`(count(*) filter (where ${perDossier.n} = 0))::int`,
			})
			.from(perDossier),
	])

	const dossierCount = Number(dossierTotals?.dossiers ?? 0)
	const pageCount = Math.max(1, Math.ceil(dossierCount / ASSIGNMENT_PAGE_SIZE))
	const page = Math.min(Math.max(1, Math.floor(input.page ?? 1)), pageCount)
	const dossiers = await db
		.select({ id: applications.id, title: applications.title })
		.from(applications)
		.where(and(eq(applications.callId, call.id), assignable()))
		.orderBy(asc(applications.title), asc(applications.id))
		.limit(ASSIGNMENT_PAGE_SIZE)
		.offset((page - 1) * ASSIGNMENT_PAGE_SIZE)
	const rows =
		dossiers.length === 0
			? []
			: await db
					.select({
						id: juryAssignments.id,
						applicationId: juryAssignments.applicationId,
						jurorId: juryAssignments.jurorId,
						jurorName: users.displayName,
						jurorStatus: jurors.status,
						source: juryAssignments.source,
						startedAt: juryAssignments.startedAt,
						submittedAt: juryAssignments.submittedAt,
						// A conflict found or declared after the assignment: the juror cannot open the dossier any more.
						inConflict: sql<boolean>`exists (select 1 from ${juryConflicts} where ${juryConflicts.jurorId} = ${juryAssignments.jurorId} and ${juryConflicts.applicationId} = ${juryAssignments.applicationId} and ${inArray(juryConflicts.status, [...BLOCKING_CONFLICT_STATUSES])})`,
					})
					.from(juryAssignments)
					.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
					.innerJoin(users, eq(users.id, jurors.userId))
					.where(
						inArray(
							juryAssignments.applicationId,
							dossiers.map((d) => d.id),
						),
					)
					.orderBy(asc(users.displayName), asc(juryAssignments.id))

	const ended = call.juryEndsOn !== null && call.juryEndsOn < parisDate(now)
	return {
		call: {
			id: call.id,
			title: call.title,
			status: call.status,
			version: call.version,
			juryEndsOn: call.juryEndsOn,
			jurorsPerApplication: N,
			requiredJurorKind: call.requiredJurorKind,
			juryScoresVisibility: call.juryScoresVisibility,
			juryReminderSentAt: call.juryReminderSentAt,
		},
		atJury: call.status === 'jury',
		settingsEditable: isComposable(call.status),
		jurors: jury
			.filter((j) => j.status === 'active' || j.total > 0)
			.map((j) => ({ ...j, unsent: j.total - j.sent, late: ended && j.total > j.sent && j.status === 'active' })),
		totals: {
			dossiers: dossierCount,
			complete: Number(dossierTotals?.complete ?? 0),
			none: Number(dossierTotals?.none ?? 0),
			assignments: Number(totals?.total ?? 0),
			sent: Number(totals?.sent ?? 0),
		},
		page,
		pageCount,
		dossiers: dossiers.map((d) => {
			const mine = rows.filter((r) => r.applicationId === d.id)
			const counted = mine.filter((r) => r.jurorStatus === 'active')
			return {
				...d,
				sent: counted.filter((r) => r.submittedAt).length,
				total: counted.length,
				assignments: mine.map((r) => ({
					id: r.id,
					jurorId: r.jurorId,
					jurorName: r.jurorName,
					active: r.jurorStatus === 'active',
					inConflict: Boolean(r.inConflict),
					source: r.source,
					progress: progressOf(r),
				})),
			}
		}),
	}
}

/** One email per active juror with evaluations left to send, and one audit event; in the caller's transaction. */
async function remindIn(tx: Executor, call: { id: string; title: string; juryEndsOn: string | null }, by: 'staff' | 'schedule', actorUserId: string | null) {
	const late = await tx
		.select({ jurorId: jurors.id, name: users.displayName, email: users.email, unsent: count() })
		.from(juryAssignments)
		.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
		.innerJoin(users, eq(users.id, jurors.userId))
		.where(and(eq(jurors.callId, call.id), eq(jurors.status, 'active'), isNull(juryAssignments.submittedAt)))
		.groupBy(jurors.id, users.displayName, users.email)
		.orderBy(asc(users.email))
	const juryEndsOn = call.juryEndsOn ? formatDate(call.juryEndsOn) : null
	for (const juror of late) {
		await enqueueEmail(tx, {
			to: juror.email,
			template: 'jury-reminder',
			data: { displayName: juror.name, callTitle: call.title, unsent: Number(juror.unsent), juryEndsOn, url: `${appUrl()}/jury` },
		})
	}
	await recordAudit(tx, {
		actorUserId,
		action: 'jury.reminders_sent',
		subjectType: 'call',
		subjectId: call.id,
		data: { by, emails: late.length, jurors: late.map((j) => ({ jurorId: j.jurorId, unsent: Number(j.unsent) })) },
	})
	return late.length
}

/** « Relancer les jurés en retard »: the staff's button, while the call is at the jury. */
export async function remindLateJurors(input: { user: Actor; callId: string }): Promise<{ ok: true; emails: number } | { ok: false; message: string }> {
	return db.transaction(async (tx) => {
		const user = await policyUserOf(tx, input.user)
		// Shared lock: the call stays at the jury while the reminders are queued.
		const { call } = await requireCallForStaff(tx, user, input.callId, 'share')
		if (call.status !== 'jury') return { ok: false as const, message: NOT_AT_JURY }
		return { ok: true as const, emails: await remindIn(tx, call, 'staff', user.id) }
	})
}

/**
 * For each call at the jury whose end date is at most 3 days away (Paris dates) and whose
 * reminder has not gone out: the jurors with unsent evaluations are reminded and the call
 * marked, in one transaction per call; claimed by a guarded update, so that two servers
 * (or a run twice) never send twice.
 */
export async function sendJuryReminders(now: Date = new Date()): Promise<{ callId: string; emails: number }[]> {
	const today = parisDate(now)
	const horizon = parisDate(now, JURY_REMINDER_DAYS_BEFORE)
	const due = and(eq(calls.status, 'jury'), isNull(calls.juryReminderSentAt), gte(calls.juryEndsOn, today), lte(calls.juryEndsOn, horizon))
	const candidates = await db.select({ id: calls.id }).from(calls).where(due)
	const sentTo: { callId: string; emails: number }[] = []
	for (const { id } of candidates) {
		const outcome = await db.transaction(async (tx) => {
			const [call] = await tx
				.update(calls)
				.set({ juryReminderSentAt: now })
				.where(and(eq(calls.id, id), due))
				.returning({ id: calls.id, title: calls.title, juryEndsOn: calls.juryEndsOn })
			if (!call) return null
			return { callId: call.id, emails: await remindIn(tx, call, 'schedule', null) }
		})
		if (outcome) sentTo.push(outcome)
	}
	return sentTo
}
