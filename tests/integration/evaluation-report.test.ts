/**
 * The end-of-project evaluation (issue 10): opened by the staff, written by the consortium —
 * its sections by any co-porter, each association's part by its référent only, each save
 * version-checked —, sent by the lead once complete, reopened on named sections only, then
 * approved: the application is evaluated and the balance becomes due.
 */
import { and, asc, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { recordPayment } from '#app/domain/agreements/payments.server.ts'
import { remindLateReports, sendReportReminders } from '#app/domain/reports/reminders.server.ts'
import { approveReport, openEvaluation, requestReportChanges, saveAssociationPart, saveConsortiumSection, submitReport } from '#app/domain/reports/evaluation-report.server.ts'
import { db } from '#db/client.server.ts'
import { applications, evaluationReports, evaluations, outboxMessages, payments } from '#db/schema/index.ts'
import { addMember, createUser } from '#tests/factories.ts'
import { followedDossier } from '#tests/support/follow-up.ts'
import { requireFollowUp } from '#app/domain/follow-up/access.server.ts'
import { loadFollowUpView } from '#app/domain/follow-up/follow-up-view.server.ts'

const inProgress = () => followedDossier()

const versionOf = async (applicationId: string, organizationId: string | null) =>
	(await db.select().from(evaluations).where(eq(evaluations.applicationId, applicationId))).find((p) => p.organizationId === organizationId)!.version

const ASSOCIATION_ANSWERS = {
	involvementForms: ['reunions_ponctuelles', 'comite_pilotage'],
	interest: 'fort',
	mobilisedOthers: 'non',
	newFunding: 'non',
	notoriety: 'oui',
	continueTogether: 'oui',
	brought: 'Des bénévoles formés ensemble.',
	differently: 'Un comité de pilotage dès le début.',
}

describe('évaluation de fin de projet', () => {
	test('ouverte, écrite par le consortium et chaque association, envoyée complète, rouverte sur une section, approuvée', async () => {
		const app = await inProgress()
		const { partner } = app
		expect(await openEvaluation({ user: app.funder.user, applicationId: app.id })).toEqual({ ok: true })
		const [report] = await db.select().from(evaluationReports).where(eq(evaluationReports.applicationId, app.id))
		expect(report).toMatchObject({ status: 'open', dueOn: '2028-09-30' })

		// A member of the partner (not its référent) writes a section of the consortium's part…
		const member = await createUser()
		await addMember(partner.organization.id, member.id, 'member')
		const consortiumSave = async (user: { id: string }, section: 'realisation' | 'publics' | 'indicateurs' | 'difficultes' | 'financier', values: unknown) =>
			saveConsortiumSection({ user, applicationId: app.id, section, version: await versionOf(app.id, null), values })
		expect(await consortiumSave(member, 'realisation', { whatWasDone: 'Douze ateliers.', timetable: [{ actualDate: '2027-09-08', note: '' }] })).toMatchObject({ ok: true })
		// …but not the partner's own part, nor the lead's référent for the partner.
		const partSave = async (user: { id: string }, organizationId: string, values: unknown) =>
			saveAssociationPart({ user, applicationId: app.id, organizationId, version: await versionOf(app.id, organizationId), values })
		await expect(partSave(member, partner.organization.id, ASSOCIATION_ANSWERS)).rejects.toMatchObject({ status: 403 })
		await expect(partSave(app.lead.user, partner.organization.id, ASSOCIATION_ANSWERS)).rejects.toMatchObject({ status: 403 })
		// A stale version is refused.
		expect(await saveConsortiumSection({ user: app.lead.user, applicationId: app.id, section: 'publics', version: 1, values: {} })).toMatchObject({ ok: false, stale: true })

		// Sent too early: what is missing is named.
		const early = await submitReport({ user: app.lead.user, applicationId: app.id })
		expect(early).toMatchObject({ ok: false, message: 'L’évaluation n’est pas complète.' })
		expect(early.ok ? [] : early.problems!.map((p) => p.section)).toEqual(expect.arrayContaining(['publics', 'indicateurs', 'difficultes', 'financier', `association:${partner.organization.id}`]))

		await consortiumSave(app.lead.user, 'publics', { publicsReached: 'Des familles du quartier.', participantsReached: '92' })
		await consortiumSave(app.lead.user, 'indicateurs', { indicators: [{ reached: '92', comment: '' }] })
		await consortiumSave(app.lead.user, 'difficultes', { difficultiesMet: 'non' })
		await consortiumSave(app.lead.user, 'financier', { charges: [{ actual: '10 000', explanation: '' }], products: [{ actual: '4 000', explanation: '' }] })
		expect(await partSave(app.lead.user, app.lead.organization.id, ASSOCIATION_ANSWERS)).toMatchObject({ ok: true })
		expect(await partSave(partner.user, partner.organization.id, ASSOCIATION_ANSWERS)).toMatchObject({ ok: true })
		await expect(submitReport({ user: partner.user, applicationId: app.id })).rejects.toMatchObject({ status: 403 })
		expect(await submitReport({ user: app.lead.user, applicationId: app.id })).toEqual({ ok: true })

		// Changes asked on the financial report only: that section reopens, the others stay closed.
		expect(await requestReportChanges({ user: app.funder.user, applicationId: app.id, sections: ['financier', 'inconnue'], message: 'Détaillez les frais d’animation.' })).toEqual({ ok: true })
		expect(await consortiumSave(app.lead.user, 'realisation', { whatWasDone: 'Autre chose.' })).toMatchObject({ ok: false, message: 'Cette partie n’est pas ouverte à la saisie.' })
		expect(await consortiumSave(app.lead.user, 'financier', { charges: [{ actual: '10 200', explanation: '' }], products: [{ actual: '4 000', explanation: '' }] })).toMatchObject({ ok: true })
		expect(await submitReport({ user: app.lead.user, applicationId: app.id })).toEqual({ ok: true })

		expect(await approveReport({ user: app.funder.user, applicationId: app.id })).toEqual({ ok: true })
		expect((await db.select().from(applications).where(eq(applications.id, app.id)))[0]!.status).toBe('evaluated')
		const balance = (await db.select().from(payments).where(and(eq(payments.applicationId, app.id))).orderBy(asc(payments.position)))[1]!
		expect(balance).toMatchObject({ trigger: 'final_evaluation', status: 'due' })
		expect(balance.triggeredAt).toBeInstanceOf(Date)

		// Both tranches paid: the project is closed.
		const [first] = await db.select().from(payments).where(and(eq(payments.applicationId, app.id), eq(payments.position, 0)))
		const paidOn = new Date(Date.now() - 3600_000)
		expect(await recordPayment({ user: app.funder.user, applicationId: app.id, paymentId: first!.id, paidOn, amountCents: first!.amountCents, reference: 'VIR-1' })).toEqual({ ok: true })
		expect((await db.select().from(applications).where(eq(applications.id, app.id)))[0]!.status).toBe('evaluated')
		expect(await recordPayment({ user: app.funder.user, applicationId: app.id, paymentId: balance.id, paidOn, amountCents: balance.amountCents, reference: 'VIR-2' })).toEqual({ ok: true })
		expect((await db.select().from(applications).where(eq(applications.id, app.id)))[0]!.status).toBe('closed')
	})

	test('relances à J-30, J-7 et en retard, une seule fois chacune ; la date due ne bouge jamais ; « relancer tous les retardataires »', async () => {
		const app = await inProgress()
		await openEvaluation({ user: app.funder.user, applicationId: app.id })
		const [report] = await db.select().from(evaluationReports).where(eq(evaluationReports.applicationId, app.id))
		const mine = (sent: { reportId: string; kind: string }[]) => sent.filter((s) => s.reportId === report!.id).map((s) => s.kind)
		const at = (iso: string) => new Date(iso)
		expect(mine(await sendReportReminders(at('2028-08-01T10:00:00Z')))).toEqual([])
		expect(mine(await sendReportReminders(at('2028-09-05T10:00:00Z')))).toEqual(['before-30'])
		expect(mine(await sendReportReminders(at('2028-09-06T10:00:00Z')))).toEqual([])
		// Two servers at once: one of them sends.
		const both = await Promise.all([sendReportReminders(at('2028-09-25T10:00:00Z')), sendReportReminders(at('2028-09-25T10:00:00Z'))])
		expect(both.flatMap(mine)).toEqual(['before-7'])
		expect(mine(await sendReportReminders(at('2028-10-02T10:00:00Z')))).toEqual(['overdue'])
		expect(mine(await sendReportReminders(at('2028-12-01T10:00:00Z')))).toEqual([])
		const [after] = await db.select().from(evaluationReports).where(eq(evaluationReports.id, report!.id))
		expect(after).toMatchObject({ dueOn: '2028-09-30', remindersSent: ['before-30', 'before-7', 'overdue'] })
		const reminders = await db.select().from(outboxMessages).where(eq(outboxMessages.template, 'evaluation-reminder'))
		expect(reminders.filter((m) => m.subject.includes(app.application.title))).toHaveLength(3 * 2)

		await expect(remindLateReports({ user: app.lead.user, callId: app.call.id, now: at('2028-12-01T10:00:00Z') })).rejects.toMatchObject({ status: 404 })
		expect(await remindLateReports({ user: app.funder.user, callId: app.call.id, now: at('2028-12-01T10:00:00Z') })).toEqual({ ok: true, reports: 1, emails: 2 })
		expect(await remindLateReports({ user: app.funder.user, callId: app.call.id, now: at('2028-09-01T10:00:00Z') })).toEqual({ ok: true, reports: 0, emails: 0 })
	})

	test('la vue du suivi dit à chacun ce qu’il peut faire : le référent signe et répond pour son association seulement, le financeur gère et relit', async () => {
		const app = await followedDossier({ stage: 'agreement' })
		const viewFor = async (user: { id: string }) => loadFollowUpView(db, await requireFollowUp(db, user, app.id))
		const partnerView = await viewFor(app.partner.user)
		expect(partnerView.agreement!.parties.map((p) => [p.role, p.canSign])).toEqual([
			['lead', false],
			['co_carrier', true],
			['funder', false],
		])
		expect(partnerView.canManage).toBe(false)
		const staffView = await viewFor(app.funder.user)
		expect(staffView.canManage).toBe(true)
		expect(staffView.agreement!.parties.filter((p) => p.canSign).map((p) => p.role)).toEqual(['funder'])
		expect(staffView.tranches.map((t) => [t.state, t.amountCents])).toEqual([
			['waiting', 700_000],
			['waiting', 300_000],
		])

		const evaluated = await followedDossier({ stage: 'evaluation', evaluationDueOn: '2020-01-31' })
		const leadView = await loadFollowUpView(db, await requireFollowUp(db, evaluated.lead.user, evaluated.id))
		expect(leadView.report).toMatchObject({ status: 'open', late: true, mayEverSubmit: true, canSubmit: false, canReview: false })
		expect(leadView.report!.sections.every((s) => s.canEdit)).toBe(true)
		expect(leadView.report!.associations.map((a) => [a.role, a.canEdit])).toEqual([
			['lead', true],
			['co_carrier', false],
		])
		expect(leadView.tranches[0]).toMatchObject({ state: 'due', trigger: 'signature' })
	})
})
