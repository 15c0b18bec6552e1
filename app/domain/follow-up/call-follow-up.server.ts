/**
 * The follow-up of a whole call, for its funder's staff (issue 10): every retained dossier
 * (FOLLOWED_STATUSES, call decided: the policy's followUpApplicationsWhere in every WHERE)
 * with its agreement's signatures, its tranches due / paid / late and its evaluation; the
 * call's payments (totals and the list of tranches, filtered by state); the late evaluations;
 * the payments export.
 *
 * A call may have hundreds of retained dossiers: the figures are computed by the database in
 * grouped statements, a fixed number whatever the size of the call; each list is paginated or
 * capped. The 60-day clock is tranches.ts's (trancheState, lateIfTriggeredBy) and a report's
 * lateness reminders.server.ts's (dueInstant): only their cut-off instants are passed to SQL.
 */
import { and, asc, count, eq, inArray, lte, lt, sql, type SQL } from 'drizzle-orm'
import { type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf, requireCallForStaff } from '#app/auth/policy/load.server.ts'
import { followUpApplicationsWhere } from '#app/auth/policy/visibility.server.ts'
import { decisionsDisclosed } from '#app/domain/applications/decision-disclosure.ts'
import { euros, parisTimestamp, spreadsheetText } from '#app/domain/applications/instruction.ts'
import { lateIfTriggeredBy, paymentDueAt, trancheState, type TrancheState, triggerLabel } from '#app/domain/agreements/tranches.ts'
import { utcToParisLocal } from '#app/domain/calls/paris-time.ts'
import { dueInstant, WAITING } from '#app/domain/reports/reminders.server.ts'
import { defineTable } from '#app/services/export/tabular.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { agreementSignatures, agreements, applications, evaluationReports, organizations, payments } from '#db/schema/index.ts'
import { DOSSIERS_PER_PAGE, EXPORT_MAX_TRANCHES, LATE_REPORTS_SHOWN, TRANCHES_SHOWN } from './call-follow-up.ts'
import { TRANCHE_STATE_LABELS } from './follow-up-labels.ts'

type Actor = { id: string } | PolicyUser

/** The followed dossiers of the call, as the policy lets this person see them. */
const followedOf = (user: PolicyUser, callId: string) => and(eq(applications.callId, callId), followUpApplicationsWhere(user))!

/**
 * A tranche's state in SQL: trancheState's rule, with its late cut-off computed once in
 * TypeScript. Raw qualified names: drizzle leaves a column unqualified inside a selected field.
 */
function trancheStateSql(now: Date): SQL<TrancheState> {
	const cutoff = lateIfTriggeredBy(now).toISOString()
	return sql<TrancheState>`(case when "payments"."paid_on" is not null then 'paid' when "payments"."triggered_at" is null then 'waiting' when "payments"."triggered_at" <= ${cutoff}::timestamptz then 'late' else 'due' end)`
}

/** Count and amount of the tranches in each state (paid: the amount paid). */
function stateAggregates(now: Date) {
	const state = trancheStateSql(now)
	const amount = (s: TrancheState) =>
		sql<number>`coalesce(sum(${s === 'paid' ? sql.raw('coalesce("payments"."paid_amount_cents", "payments"."amount_cents")') : sql.raw('"payments"."amount_cents"')}) filter (where ${state} = ${s}), 0)`.mapWith(Number)
	const number = (s: TrancheState) => sql<number>`count(*) filter (where ${state} = ${s})`.mapWith(Number)
	return {
		dueCount: number('due'),
		dueCents: amount('due'),
		lateCount: number('late'),
		lateCents: amount('late'),
		paidCount: number('paid'),
		paidCents: amount('paid'),
		waitingCount: number('waiting'),
		waitingCents: amount('waiting'),
	}
}

/** Whether a report is late now: still waited for, past the end of its due day (reminders.server.ts). */
function reportLate(report: { status: string | null; dueOn: string | null }, now: Date): boolean {
	return report.status !== null && report.dueOn !== null && (WAITING as readonly string[]).includes(report.status) && now.getTime() > dueInstant(report.dueOn).getTime()
}

/** In SQL: the reports whose due day is over (dueInstant's rule, today decided once). */
function reportDueDayOver(now: Date): SQL {
	const today = utcToParisLocal(now).date
	return now.getTime() > dueInstant(today).getTime() ? lte(evaluationReports.dueOn, today) : lt(evaluationReports.dueOn, today)
}

/** The call of the staff member (404 for another funder's), and the person as the policy reads them. */
async function staffCall(executor: Executor, actor: Actor, callId: string) {
	const user = await policyUserOf(executor, actor)
	const { call, funderName } = await requireCallForStaff(executor, user, callId)
	return {
		user,
		call: {
			id: call.id,
			title: call.title,
			status: call.status,
			funderName,
			decided: decisionsDisclosed(call.status),
			// The follow-up's settings, edited on the same page (follow-up-settings.server.ts).
			version: call.version,
			tranchePlan: call.tranchePlan,
			reportGapThresholdPercent: call.reportGapThresholdPercent,
		},
	}
}

/**
 * « Suivi des projets retenus »: one page of the followed dossiers, the call's payment totals,
 * the tranches (filtered by state, capped) and the late evaluations (capped). Four statements
 * after the call's (run together), whatever the number of dossiers.
 */
export async function getCallFollowUp(input: { user: Actor; callId: string; page?: number; state?: TrancheState | null; now?: Date }) {
	const now = input.now ?? new Date()
	const { user, call } = await staffCall(db, input.user, input.callId)
	const followed = followedOf(user, call.id)
	const followedIds = db.select({ id: applications.id }).from(applications).where(followed)
	const requested = Math.max(1, Math.floor(input.page ?? 1))
	const state = trancheStateSql(now)

	const signatureCounts = db
		.select({ agreementId: agreementSignatures.agreementId, version: agreementSignatures.version, signed: count().as('signed') })
		.from(agreementSignatures)
		// Only this call's agreements: the grouping never reads the whole table.
		.where(inArray(agreementSignatures.agreementId, db.select({ id: agreements.id }).from(agreements).where(inArray(agreements.applicationId, followedIds))))
		.groupBy(agreementSignatures.agreementId, agreementSignatures.version)
		.as('signature_counts')
	const trancheTotals = db
		.select({ applicationId: payments.applicationId, ...aliased(stateAggregates(now)) })
		.from(payments)
		.where(inArray(payments.applicationId, followedIds))
		.groupBy(payments.applicationId)
		.as('tranche_totals')

	const dossierPage = (page: number) =>
		db
			.select({
				id: applications.id,
				title: applications.title,
				status: applications.status,
				amountGrantedCents: applications.amountGrantedCents,
				leadName: organizations.name,
				agreementStatus: agreements.status,
				agreementVersion: agreements.version,
				// The associations named in this version, and the funder.
				partyCount: sql<number | null>`jsonb_array_length("agreements"."content" -> 'parties') + 1`.mapWith((v) => (v === null ? null : Number(v))),
				signedCount: signatureCounts.signed,
				tranches: {
					dueCount: trancheTotals.dueCount,
					dueCents: trancheTotals.dueCents,
					lateCount: trancheTotals.lateCount,
					lateCents: trancheTotals.lateCents,
					paidCount: trancheTotals.paidCount,
					paidCents: trancheTotals.paidCents,
					waitingCount: trancheTotals.waitingCount,
					waitingCents: trancheTotals.waitingCents,
				},
				reportStatus: evaluationReports.status,
				reportDueOn: evaluationReports.dueOn,
				total: sql<number>`count(*) over ()`.mapWith(Number),
			})
			.from(applications)
			.innerJoin(organizations, eq(organizations.id, applications.leadOrganizationId))
			.leftJoin(agreements, eq(agreements.applicationId, applications.id))
			.leftJoin(signatureCounts, and(eq(signatureCounts.agreementId, agreements.id), eq(signatureCounts.version, agreements.version)))
			.leftJoin(trancheTotals, eq(trancheTotals.applicationId, applications.id))
			.leftJoin(evaluationReports, eq(evaluationReports.applicationId, applications.id))
			.where(followed)
			.orderBy(asc(applications.title), asc(applications.id))
			.limit(DOSSIERS_PER_PAGE)
			.offset((page - 1) * DOSSIERS_PER_PAGE)

	const [firstTry, [totals], trancheRows, lateRows] = await Promise.all([
		dossierPage(requested),
		db
			.select(stateAggregates(now))
			.from(payments)
			.where(inArray(payments.applicationId, followedIds)),
		db
			.select({
				id: payments.id,
				applicationId: applications.id,
				title: applications.title,
				leadName: organizations.name,
				label: payments.label,
				position: payments.position,
				trigger: payments.trigger,
				amountCents: payments.amountCents,
				triggeredAt: payments.triggeredAt,
				paidOn: payments.paidOn,
				paidAmountCents: payments.paidAmountCents,
				reference: payments.reference,
				total: sql<number>`count(*) over ()`.mapWith(Number),
			})
			.from(payments)
			.innerJoin(applications, eq(applications.id, payments.applicationId))
			.innerJoin(organizations, eq(organizations.id, applications.leadOrganizationId))
			.where(and(followed, input.state ? sql`${state} = ${input.state}` : undefined))
			// The most urgent first: late, then due (by trigger), then waiting, then paid.
			.orderBy(
				sql`case ${state} when 'late' then 0 when 'due' then 1 when 'waiting' then 2 else 3 end`,
				asc(payments.triggeredAt),
				asc(applications.title),
				asc(payments.position),
			)
			.limit(TRANCHES_SHOWN),
		db
			.select({
				applicationId: applications.id,
				title: applications.title,
				leadName: organizations.name,
				status: evaluationReports.status,
				dueOn: evaluationReports.dueOn,
				total: sql<number>`count(*) over ()`.mapWith(Number),
			})
			.from(evaluationReports)
			.innerJoin(applications, eq(applications.id, evaluationReports.applicationId))
			.innerJoin(organizations, eq(organizations.id, applications.leadOrganizationId))
			// As remindLateReports picks them: waited for, of a dossier in evaluation, past the due day.
			.where(and(followed, inArray(evaluationReports.status, [...WAITING]), eq(applications.status, 'evaluation_due'), reportDueDayOver(now)))
			.orderBy(asc(evaluationReports.dueOn), asc(applications.title))
			.limit(LATE_REPORTS_SHOWN),
	])
	// A page past the end (an old link): the last page instead, one more statement.
	let rows = firstTry
	let page = requested
	if (rows.length === 0 && requested > 1) {
		const [{ n }] = (await db.select({ n: count() }).from(applications).where(followed)) as [{ n: number }]
		page = Math.max(1, Math.ceil(Number(n) / DOSSIERS_PER_PAGE))
		rows = page === requested ? [] : await dossierPage(page)
	}
	const dossierTotal = rows[0]?.total ?? 0

	return {
		call,
		page,
		pageCount: Math.max(1, Math.ceil(dossierTotal / DOSSIERS_PER_PAGE)),
		dossierTotal,
		dossiers: rows.map(({ total: _total, tranches, ...row }) => ({
			...row,
			// Numbers whatever the driver makes of a bigint aggregate read through a subquery.
			tranches: Object.fromEntries(Object.entries(tranches).map(([key, value]) => [key, Number(value ?? 0)])) as Record<keyof typeof tranches, number>,
			signedCount: row.agreementStatus ? Number(row.signedCount ?? 0) : null,
			reportLate: reportLate({ status: row.reportStatus, dueOn: row.reportDueOn }, now),
		})),
		totals: totals!,
		state: input.state ?? null,
		tranchesTotal: trancheRows[0]?.total ?? 0,
		tranches: trancheRows.map(({ total: _total, ...t }) => ({ ...t, dueAt: paymentDueAt(t.triggeredAt), ...trancheState(t, now) })),
		lateReportsTotal: lateRows[0]?.total ?? 0,
		lateReports: lateRows.map(({ total: _total, ...r }) => r),
	}
}

/** Aliases for the aggregates of a subquery (drizzle needs a name for each selected SQL). */
function aliased<T extends Record<string, SQL.Aliased | ReturnType<typeof sql>>>(fields: T) {
	return Object.fromEntries(Object.entries(fields).map(([key, field]) => [key, (field as SQL).as(key)])) as { [K in keyof T]: SQL.Aliased<number> }
}

// ---------------------------------------------------------------------------------------
// The payments export.

/** A Paris calendar day, sortable and read as a date by spreadsheets. */
const parisDay = (value: Date | null) => (value ? utcToParisLocal(value).date : null)

/** Every tranche of the call's followed dossiers, as one CSV table (the existing exports' conventions). */
export async function exportCallPayments(input: { user: Actor; callId: string; now?: Date }) {
	const now = input.now ?? new Date()
	const { user, call } = await staffCall(db, input.user, input.callId)
	const rows = await db
		.select({
			applicationId: applications.id,
			title: applications.title,
			leadName: organizations.name,
			label: payments.label,
			percent: payments.percent,
			amountCents: payments.amountCents,
			trigger: payments.trigger,
			triggeredAt: payments.triggeredAt,
			paidOn: payments.paidOn,
			paidAmountCents: payments.paidAmountCents,
			reference: payments.reference,
		})
		.from(payments)
		.innerJoin(applications, eq(applications.id, payments.applicationId))
		.innerJoin(organizations, eq(organizations.id, applications.leadOrganizationId))
		.where(followedOf(user, call.id))
		.orderBy(asc(applications.title), asc(applications.id), asc(payments.position))
		.limit(EXPORT_MAX_TRANCHES)
	type Row = (typeof rows)[number]
	const text = (value: string | null) => (value ? spreadsheetText(value) : null)
	const table = defineTable<Row>(
		'Versements',
		[
			{ header: 'Référence du dossier', value: (r) => r.applicationId },
			{ header: 'Titre du projet', value: (r) => text(r.title) },
			{ header: 'Association chef de file', value: (r) => text(r.leadName) },
			{ header: 'Tranche', value: (r) => text(r.label) },
			{ header: 'Pourcentage', value: (r) => r.percent },
			{ header: 'Montant (€)', value: (r) => euros(r.amountCents) },
			{ header: 'Déclenchement', value: (r) => triggerLabel(r.trigger) },
			{ header: 'Déclenchée le (heure de Paris)', value: (r) => parisTimestamp(r.triggeredAt) },
			{ header: 'À payer au plus tard le (heure de Paris)', value: (r) => parisTimestamp(paymentDueAt(r.triggeredAt)) },
			{ header: 'État', value: (r) => TRANCHE_STATE_LABELS[trancheState(r, now).state] },
			{ header: 'Payée le', value: (r) => parisDay(r.paidOn) },
			{ header: 'Montant payé (€)', value: (r) => euros(r.paidAmountCents) },
			{ header: 'Référence du virement', value: (r) => text(r.reference) },
		],
		rows,
	)
	return { call, table, cut: rows.length === EXPORT_MAX_TRANCHES }
}
