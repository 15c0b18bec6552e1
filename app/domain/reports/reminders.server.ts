/**
 * The end-of-project evaluation's reminders (issue 10): 30 and 7 days before its due date and
 * once overdue, to the consortium (reminders.ts says which is due). Each report is handled in
 * its own transaction: the reminder is claimed by a guarded update of `reminders_sent` before
 * its emails are queued, so two servers (or a run repeated) never send it twice. The due date
 * is never touched. The staff's « relancer tous les retardataires » sends one more overdue
 * email to every late report, recorded in the audit.
 *
 * Run by the calls' clock (call-jobs.server.ts); the emails link to the evaluation's page.
 */
import { and, eq, inArray, lte, sql, type SQL } from 'drizzle-orm'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf, requireCallForStaff } from '#app/auth/policy/load.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { parisLocalToUtc } from '#app/domain/calls/paris-time.ts'
import { consortiumEmails } from '#app/domain/dossier-messages/thread.server.ts'
import { url } from '#app/domain/applications/access.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { formatDate } from '#app/utils/format.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applications, calls, evaluationReports, organizations } from '#db/schema/index.ts'
import { reminderDue, type ReportReminder } from './reminders.ts'

/** A report still waited for from the consortium (late once past its due day). */
export const WAITING = ['open', 'changes_requested'] as const

/** The end of the due day, in Paris: the report may be sent until then. */
export function dueInstant(dueOn: string): Date {
	const instant = parisLocalToUtc(dueOn, '23:59')
	if (!instant) throw new Error(`due date not a day: ${dueOn}`)
	return instant
}

type Due = { reportId: string; applicationId: string; dueOn: string; title: string; callTitle: string; funderName: string }

function waitingReports(executor: Executor, where?: SQL) {
	return executor
		.select({ reportId: evaluationReports.id, applicationId: applications.id, dueOn: evaluationReports.dueOn, remindersSent: evaluationReports.remindersSent, title: applications.title, callTitle: calls.title, funderName: organizations.name })
		.from(evaluationReports)
		.innerJoin(applications, eq(applications.id, evaluationReports.applicationId))
		.innerJoin(calls, eq(calls.id, applications.callId))
		.innerJoin(organizations, eq(organizations.id, calls.funderId))
		.where(
			and(
				inArray(evaluationReports.status, [...WAITING]),
				eq(applications.status, 'evaluation_due'),
				where,
			),
		)
}

async function remind(tx: Executor, report: Due, kind: ReportReminder): Promise<number> {
	const emails = await consortiumEmails(tx, report.applicationId)
	for (const to of emails) {
		await enqueueEmail(tx, {
			to,
			template: 'evaluation-reminder',
			data: { applicationTitle: report.title, callTitle: report.callTitle, funderName: report.funderName, dueOn: formatDate(report.dueOn), kind, url: url(report.applicationId, 'evaluation') },
		})
	}
	return emails.length
}

/** The clock's run: each waiting report gets the reminder now due, once. */
export async function sendReportReminders(now: Date = new Date()): Promise<{ reportId: string; kind: ReportReminder; emails: number }[]> {
	const sent: { reportId: string; kind: ReportReminder; emails: number }[] = []
	// Only reports within 30 days of their due date, or late and not yet told so, may be owed one.
	const horizon = new Date(now.getTime() + 31 * 24 * 3600_000).toISOString().slice(0, 10)
	const owed = and(lte(evaluationReports.dueOn, horizon), sql`not (${evaluationReports.remindersSent} @> '["overdue"]'::jsonb)`)
	for (const report of await waitingReports(db, owed)) {
		const kind = reminderDue(dueInstant(report.dueOn), new Set(report.remindersSent as ReportReminder[]), now)
		if (!kind) continue
		const emails = await db.transaction(async (tx) => {
			// Claimed before sending: a concurrent run finds the key already there and sends nothing.
			const [claimed] = await tx
				.update(evaluationReports)
				.set({ remindersSent: sql`${evaluationReports.remindersSent} || ${JSON.stringify([kind])}::jsonb` })
				.where(and(eq(evaluationReports.id, report.reportId), sql`not (${evaluationReports.remindersSent} @> ${JSON.stringify([kind])}::jsonb)`))
				.returning({ id: evaluationReports.id })
			return claimed ? remind(tx, report, kind) : null
		})
		if (emails !== null) sent.push({ reportId: report.reportId, kind, emails })
	}
	return sent
}

/** « Relancer tous les retardataires »: one overdue email to every late report of the call (staff). */
export async function remindLateReports(input: { user: { id: string } | PolicyUser; callId: string; now?: Date }): Promise<{ ok: true; reports: number; emails: number }> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const user = await policyUserOf(tx, input.user)
		const { call } = await requireCallForStaff(tx, user, input.callId, 'share')
		const late = (await waitingReports(tx, eq(applications.callId, call.id))).filter((r) => dueInstant(r.dueOn).getTime() < now.getTime())
		let emails = 0
		for (const report of late) emails += await remind(tx, report, 'overdue')
		await recordAudit(tx, { actorUserId: user.id, action: 'evaluation_report.late_reminded', subjectType: 'call', subjectId: call.id, data: { reports: late.map((r) => r.reportId), emails } })
		return { ok: true as const, reports: late.length, emails }
	})
}
