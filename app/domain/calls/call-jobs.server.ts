/**
 * The calls' clock: closing at the deadline and the reminder two days before, and the list of
 * the portal's scheduled jobs. Each job runs once per due time across app servers (the
 * scheduler's claim), and each call is still handled in its own transaction, guarded by its
 * current state, so that a job run twice never closes twice nor sends twice.
 */
import { and, asc, eq, gt, inArray, isNull, lte } from 'drizzle-orm'
import { recordAudit } from '#app/domain/audit.server.ts'
import { fire } from '#app/domain/lifecycle/engine.server.ts'
import { isNotMoved, SYSTEM_ACTOR } from '#app/domain/lifecycle/transitions.ts'
import { closeRequestsPastDue } from '#app/domain/dossier-messages/requests.server.ts'
import { sendJuryReminders } from '#app/domain/jury/progress.server.ts'
import { expireDrawPlaces } from '#app/domain/partners/draw.server.ts'
import { sweepUnreferencedFiles } from '#app/domain/files/storage-orphans.server.ts'
import { runRetentionIfDue } from '#app/domain/personal-data/retention.server.ts'
import { sendReportReminders } from '#app/domain/reports/reminders.server.ts'
import { appUrl } from '#app/env.server.ts'
import { pruneScheduledRunsJob, startScheduler, type ScheduledJob } from '#app/services/scheduler.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { db } from '#db/client.server.ts'
import { applications, calls, memberships, organizations, users } from '#db/schema/index.ts'
import { callTransitions } from './lifecycle.ts'

/** The reminder goes out when the deadline is this close. */
export const REMINDER_BEFORE_MS = 48 * 3600_000

/** Closes every published call whose deadline has come (deadline ≤ now). Returns the ids closed. */
export async function closeCallsPastDeadline(now: Date = new Date()): Promise<string[]> {
	const due = await db
		.select({ id: calls.id })
		.from(calls)
		.where(and(eq(calls.status, 'published'), lte(calls.deadlineAt, now)))
		.orderBy(asc(calls.deadlineAt))
	const closed: string[] = []
	for (const { id } of due) {
		const done = await db.transaction(async (tx) => {
			// Locked: the deadline kept in the audit event is the one the guarded update checks.
			const [call] = await tx.select({ deadlineAt: calls.deadlineAt }).from(calls).where(eq(calls.id, id)).for('update')
			try {
				await fire(tx, callTransitions.closeAtDeadline, {
					id,
					actor: SYSTEM_ACTOR,
					checked: ['deadline-passed'],
					// The deadline may have moved since the list was read: the update checks it again.
					where: lte(calls.deadlineAt, now),
					set: { closedAt: now },
					data: { by: 'deadline', deadlineAt: call?.deadlineAt?.toISOString() ?? null },
				})
				return true
			} catch (error) {
				// Closed by hand or by another server meanwhile, or its deadline pushed back: nothing to do.
				if (isNotMoved(error)) return false
				throw error
			}
		})
		if (done) closed.push(id)
	}
	return closed
}

/**
 * For each published call whose deadline falls within the next 48 hours and whose reminder
 * has not gone out: one email to each référent of the lead association of every application
 * still in draft, and the call marked as reminded — in one transaction per call.
 */
export async function sendDeadlineReminders(now: Date = new Date()): Promise<{ callId: string; emails: number }[]> {
	const due = await db
		.select({ id: calls.id })
		.from(calls)
		.where(
			and(
				eq(calls.status, 'published'),
				isNull(calls.deadlineReminderSentAt),
				gt(calls.deadlineAt, now),
				lte(calls.deadlineAt, new Date(now.getTime() + REMINDER_BEFORE_MS)),
			),
		)
	const sent: { callId: string; emails: number }[] = []
	for (const { id } of due) {
		const outcome = await db.transaction(async (tx) => {
			// Claims the reminder: a concurrent run finds it already set and sends nothing.
			const [call] = await tx
				.update(calls)
				.set({ deadlineReminderSentAt: now })
				.where(and(eq(calls.id, id), eq(calls.status, 'published'), isNull(calls.deadlineReminderSentAt), gt(calls.deadlineAt, now)))
				.returning({ id: calls.id, title: calls.title, deadlineAt: calls.deadlineAt })
			if (!call) return null
			const drafts = await tx
				.select({ id: applications.id, title: applications.title, leadOrganizationId: applications.leadOrganizationId, leadName: organizations.name })
				.from(applications)
				.innerJoin(organizations, eq(organizations.id, applications.leadOrganizationId))
				.where(and(eq(applications.callId, call.id), eq(applications.status, 'draft')))
				.orderBy(asc(applications.createdAt))
			const referents =
				drafts.length === 0
					? []
					: await tx
							.select({ organizationId: memberships.organizationId, email: users.email, displayName: users.displayName })
							.from(memberships)
							.innerJoin(users, eq(users.id, memberships.userId))
							.where(and(inArray(memberships.organizationId, [...new Set(drafts.map((d) => d.leadOrganizationId))]), eq(memberships.role, 'referent')))
							.orderBy(asc(users.email))
			const deadline = formatDateTime(call.deadlineAt)
			let emails = 0
			for (const draft of drafts) {
				for (const referent of referents.filter((r) => r.organizationId === draft.leadOrganizationId)) {
					await enqueueEmail(tx, {
						to: referent.email,
						template: 'deadline-reminder',
						data: {
							displayName: referent.displayName,
							associationName: draft.leadName,
							callTitle: call.title,
							applicationTitle: draft.title,
							deadline,
							url: `${appUrl()}/candidatures/${draft.id}`,
						},
					})
					emails++
				}
			}
			await recordAudit(tx, {
				actorUserId: null,
				action: 'call.deadline_reminder_sent',
				subjectType: 'call',
				subjectId: call.id,
				data: { applications: drafts.length, emails },
			})
			return { callId: call.id, emails }
		})
		if (outcome) sent.push(outcome)
	}
	return sent
}

/**
 * The portal's scheduled jobs, in the order they run at each due time. Each runs once per due
 * time whatever the number of app servers (app/services/scheduler.server.ts); a new job is one
 * more line here.
 */
export const CALL_JOBS: readonly ScheduledJob[] = [
	{ name: 'calls.auto-close', label: 'Clôture des appels à leur date limite', failure: 'échec de la clôture automatique', run: closeCallsPastDeadline },
	{ name: 'calls.deadline-reminders', label: 'Rappels 48 h avant la date limite', failure: 'échec des rappels de date limite', run: sendDeadlineReminders },
	{ name: 'jury.reminders', label: 'Rappels aux jurés avant la fin du jury', failure: 'échec du rappel aux jurés avant la fin du jury', run: sendJuryReminders },
	{ name: 'dossiers.requests-past-due', label: 'Clôture des demandes de complément échues', failure: 'échec de la clôture des demandes de complément échues', run: closeRequestsPastDue },
	{ name: 'follow-up.report-reminders', label: 'Rappels de l’évaluation de fin de projet', failure: 'échec des rappels de l’évaluation de fin de projet', run: sendReportReminders },
	{ name: 'partners.draw-expiry', label: 'Places du tirage au sort non confirmées', failure: 'échec de l’expiration des places non confirmées', run: expireDrawPlaces },
	{ name: 'storage.sweep', label: 'Retrait des fichiers qui ne sont plus référencés', failure: 'échec du retrait des fichiers qui ne sont plus référencés', run: (now) => sweepUnreferencedFiles({ now }) },
	{ name: 'personal-data.retention', label: 'Suppression des brouillons anciens (conservation)', failure: 'échec de la suppression des brouillons anciens', run: runRetentionIfDue },
	pruneScheduledRunsJob,
]

/**
 * Runs the jobs now and then at every due time (each minute by default, CALL_JOBS_INTERVAL_MS)
 * until stopped; returns the stop function, which waits for a run in progress.
 */
export function startCallJobs({ intervalMs = 60_000 }: { intervalMs?: number } = {}): () => Promise<void> {
	return startScheduler('Tâches planifiées', CALL_JOBS, { intervalMs })
}
