/**
 * The funder's follow-up pages over HTTP (issue 10): the call's retained dossiers, its
 * payments and late evaluations (/gestion/appels/:callId/suivi), the payments CSV, and one
 * dossier's follow-up with its forms (agreement, signature, payments, project start,
 * evaluation review). Another funder's staff get 404; a co-porter 403, as on every /gestion
 * page (requireFunderStaff). Bad input answers 400 in French, the typed value kept, nothing
 * written; the list's statements do not grow with the number of dossiers.
 */
import { and, asc, eq } from 'drizzle-orm'
import { NoopLogger } from 'drizzle-orm/logger'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openAgreement, signAgreement } from '#app/domain/agreements/agreements.server.ts'
import { recordPayment } from '#app/domain/agreements/payments.server.ts'
import { saveAssociationPart, saveConsortiumSection, submitReport } from '#app/domain/reports/evaluation-report.server.ts'
import { db } from '#db/client.server.ts'
import { agreementSignatures, agreements, applications, auditEvents, evaluationReports, evaluations, outboxMessages, payments } from '#db/schema/index.ts'
import { createStaff } from '#tests/factories.ts'
import { seedDecidedCall } from '#tests/support/decided-call.ts'
import { followedDossier } from '#tests/support/follow-up.ts'
import { cookiesFrom, get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
const statements: string[] = []
let counting = false
type Loggable = { logQuery: (query: string) => void }
const original = (NoopLogger.prototype as unknown as Loggable).logQuery

beforeAll(async () => {
	server = await startTestServer()
	;(NoopLogger.prototype as unknown as Loggable).logQuery = (query: string) => void (counting && statements.push(query))
})
afterAll(async () => {
	;(NoopLogger.prototype as unknown as Loggable).logQuery = original
	await server.close()
})

const DAY = 24 * 3600_000
const suivi = (callId: string) => `/gestion/appels/${callId}/suivi`
const dossierPage = (app: { id: string; call: { id: string } }) => `${suivi(app.call.id)}/${app.id}`
/** A form with repeated names (checkboxes, or a hostile array), as a browser would send it. */
const postPairs = (pathname: string, pairs: [string, string][], cookie: string) =>
	fetch(server.baseUrl + pathname, {
		method: 'POST',
		body: new URLSearchParams(pairs),
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.baseUrl, Cookie: cookie },
		redirect: 'manual',
	})
const paymentsOf = (applicationId: string) => db.select().from(payments).where(eq(payments.applicationId, applicationId)).orderBy(asc(payments.position))
const statusOf = async (applicationId: string) => (await db.select({ status: applications.status }).from(applications).where(eq(applications.id, applicationId)))[0]!.status
/** Today in Paris, as a date input gives it. */
const parisToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date())

describe('suivi des projets retenus : accès', () => {
	test('le personnel d’un autre financeur reçoit 404 sur les trois pages ; un co-porteur 403, comme sur les autres pages /gestion', async () => {
		const app = await followedDossier({ stage: 'agreement' })
		const pages = [suivi(app.call.id), `${suivi(app.call.id)}/paiements.csv`, dossierPage(app)]

		const other = await createStaff('funder')
		const otherCookie = await login(server, other.user.email)
		for (const path of pages) expect((await get(server, path, otherCookie)).status, path).toBe(404)
		expect((await post(server, dossierPage(app), { intent: 'open-agreement' }, { cookie: otherCookie })).status).toBe(404)
		expect((await post(server, suivi(app.call.id), { intent: 'remind-late' }, { cookie: otherCookie })).status).toBe(404)

		const coPorter = await login(server, app.partner.user.email)
		for (const path of pages) expect((await get(server, path, coPorter)).status, path).toBe(403)
		const [agreement] = await db.select().from(agreements).where(eq(agreements.applicationId, app.id))
		const sign = await post(server, dossierPage(app), { intent: 'sign', digest: agreement!.contentSha256, signerName: 'Intrus' }, { cookie: coPorter })
		expect(sign.status).toBe(403)
		expect(await db.select().from(agreementSignatures).where(and(eq(agreementSignatures.agreementId, agreement!.id)))).toHaveLength(0)

		// The same funder's staff, a dossier of another of its calls under this call's address: 404.
		const cookie = await login(server, app.funder.user.email)
		const elsewhere = await followedDossier({ stage: 'selected', callOverrides: { funderId: app.call.funderId } })
		expect(elsewhere.call.id).not.toBe(app.call.id)
		expect((await get(server, `${suivi(app.call.id)}/${elsewhere.id}`, cookie)).status).toBe(404)
		// A dossier not retained is not followed: 404.
		// Test setup: a dossier of the call not retained (the deliberation's outcome, written directly).
		const [rejected] = await db.insert(applications).values({ callId: app.call.id, leadOrganizationId: app.lead.organization.id, title: 'Non retenu', status: 'rejected' }).returning()
		expect(rejected).toBeDefined()
		expect((await get(server, `${suivi(app.call.id)}/${rejected!.id}`, cookie)).status).toBe(404)
		expect((await get(server, dossierPage(app), cookie)).status).toBe(200)
		// The call's page links to its follow-up once decided.
		expect(await (await get(server, `/gestion/appels/${app.call.id}`, cookie)).text()).toContain(`href="${suivi(app.call.id)}"`)
	})
})

describe('suivi d’un dossier par le financeur', () => {
	test('convention établie puis signée, paiement enregistré (montant faux, date future et saisies hostiles refusés sans rien écrire), projet commencé, évaluation ouverte', async () => {
		const app = await followedDossier({ stage: 'selected' })
		const cookie = await login(server, app.funder.user.email)
		const page = dossierPage(app)
		expect(await (await get(server, page, cookie)).text()).toContain('La convention n’est pas encore établie.')

		expect((await post(server, page, { intent: 'open-agreement' }, { cookie })).status).toBe(302)
		const [agreement] = await db.select().from(agreements).where(eq(agreements.applicationId, app.id))
		expect(agreement).toMatchObject({ status: 'awaiting_signatures', version: 1 })
		// Opened twice: refused on the form (409), nothing new.
		const again = await post(server, page, { intent: 'open-agreement' }, { cookie })
		expect(again.status).toBe(409)
		expect(await again.text()).toContain('La convention de ce dossier est déjà établie.')

		for (const [user, organizationId] of [
			[app.lead.user, app.lead.organization.id],
			[app.partner.user, app.partner.organization.id],
		] as const) {
			expect(await signAgreement({ user, applicationId: app.id, organizationId, digest: agreement!.contentSha256, signerName: 'Camille Martin', signerQuality: 'présidente' })).toMatchObject({ ok: true })
		}
		// The list counts the signatures of the current version out of its parties.
		expect(await (await get(server, suivi(app.call.id), cookie)).text()).toContain('En attente de signatures (2 signatures sur 3)')
		// The signer's name is required, with its message next to the field.
		const unnamed = await post(server, page, { intent: 'sign', digest: agreement!.contentSha256, signerName: '  ', signerQuality: 'directrice' }, { cookie })
		expect(unnamed.status).toBe(400)
		const unnamedHtml = await unnamed.text()
		expect(unnamedHtml).toContain('Indiquez vos prénom et nom')
		expect(unnamedHtml).toContain('value="directrice"')
		const signed = await post(server, page, { intent: 'sign', digest: agreement!.contentSha256, signerName: 'Dominique Rail', signerQuality: 'directrice' }, { cookie })
		expect(signed.status).toBe(302)
		expect(await statusOf(app.id)).toBe('agreement_signed')
		const [first, balance] = await paymentsOf(app.id)
		expect(first).toMatchObject({ status: 'due', amountCents: 700_000 })
		expect(balance).toMatchObject({ status: 'waiting' })
		const html = await (await get(server, page, cookie)).text()
		expect(html).toContain('J-60')
		expect(html).toContain('Dominique Rail, directrice')
		expect(html).toContain(`${page}/convention.pdf`)

		const pay = (fields: Record<string, string>) => post(server, page, { intent: 'record-payment', paymentId: first!.id, paidOn: parisToday(), amount: '7 000', reference: 'VIR-42', ...fields }, { cookie })
		// The wrong amount: 400, the message next to the field, what was typed kept.
		const wrong = await pay({ amount: '6 000,50' })
		expect(wrong.status).toBe(400)
		const wrongHtml = await wrong.text()
		expect(wrongHtml).toContain('Le montant versé doit être celui de la tranche')
		expect(wrongHtml).toContain('value="6 000,50"')
		expect(wrongHtml).toMatch(/aria-describedby="paiement-[^"]+-montant-hint paiement-[^"]+-montant-error"/)
		// Not an amount: the portal's parser's message.
		const unreadable = await pay({ amount: 'sept mille' })
		expect(unreadable.status).toBe(400)
		expect(await unreadable.text()).toContain('Montant versé : indiquez un montant en euros')
		// A day in the future: refused.
		const tomorrow = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10)
		const future = await pay({ paidOn: tomorrow })
		expect(future.status).toBe(400)
		expect(await future.text()).toContain('La date du virement ne peut pas être dans le futur.')
		expect((await pay({ paidOn: '2027-02-30' })).status).toBe(400)
		// Hostile: a 10 000-character reference, an unknown tranche, fields sent twice.
		const long = await pay({ reference: 'x'.repeat(10_000) })
		expect(long.status).toBe(400)
		expect(await long.text()).toContain('La référence : 140 caractères au plus.')
		expect((await pay({ paymentId: 'inconnue' })).status).toBe(404)
		expect((await pay({ paymentId: balance!.id })).status).toBe(409)
		const base = { intent: 'record-payment', paymentId: first!.id, paidOn: parisToday(), reference: 'VIR-42' }
		const twice = await postPairs(page, [...Object.entries(base), ['amount', '7 000'], ['amount', '7 000']], cookie)
		expect(twice.status).toBe(400)
		expect(await twice.text()).toContain('Indiquez un seul montant.')
		expect((await postPairs(page, [['intent', 'record-payment'], ['paymentId', first!.id], ['paymentId', balance!.id], ['paidOn', parisToday()], ['amount', '7 000']], cookie)).status).toBe(400)
		expect((await post(server, page, { intent: 'inconnue' }, { cookie })).status).toBe(400)
		expect((await paymentsOf(app.id))[0]).toMatchObject({ status: 'due', paidOn: null, reference: null, paidAmountCents: null })

		const paid = await pay({ amount: '7000,00' })
		expect(paid.status).toBe(302)
		expect((await paymentsOf(app.id))[0]).toMatchObject({ status: 'paid', paidAmountCents: 700_000, reference: 'VIR-42' })
		expect(await (await get(server, page, cookie)).text()).toContain('réf. VIR-42')

		expect((await post(server, page, { intent: 'start-project' }, { cookie })).status).toBe(302)
		expect(await statusOf(app.id)).toBe('in_progress')
		expect((await post(server, page, { intent: 'open-evaluation' }, { cookie })).status).toBe(302)
		expect(await statusOf(app.id)).toBe('evaluation_due')
		expect(await db.select().from(evaluationReports).where(eq(evaluationReports.applicationId, app.id))).toHaveLength(1)
	})

	test('une nouvelle version de la convention : motif exigé, refusée quand rien ne change, sinon version 2 à signer de nouveau', async () => {
		const app = await followedDossier({ stage: 'agreement' })
		const cookie = await login(server, app.funder.user.email)
		const page = dossierPage(app)
		const noReason = await post(server, page, { intent: 'revise-agreement', reason: '' }, { cookie })
		expect(noReason.status).toBe(400)
		expect(await noReason.text()).toContain('Indiquez ce qui change')
		const unchanged = await post(server, page, { intent: 'revise-agreement', reason: 'Relecture.' }, { cookie })
		expect(unchanged.status).toBe(409)
		const unchangedHtml = await unchanged.text()
		expect(unchangedHtml).toContain('Le texte de la convention est inchangé')
		expect(unchangedHtml).toContain('Relecture.')
		// Test setup: an amendment lowered the amount (written directly; amendments are tested elsewhere).
		await db.update(applications).set({ amountGrantedCents: 900_000 }).where(eq(applications.id, app.id))
		expect((await post(server, page, { intent: 'revise-agreement', reason: 'Montant modifié par avenant.' }, { cookie })).status).toBe(302)
		const [agreement] = await db.select().from(agreements).where(eq(agreements.applicationId, app.id))
		expect(agreement).toMatchObject({ version: 2, status: 'awaiting_signatures' })
		expect((await paymentsOf(app.id)).map((p) => p.amountCents)).toEqual([630_000, 270_000])
		const html = await (await get(server, page, cookie)).text()
		expect(html).toContain('Signer la version 2')
		expect(html).toContain('0 signature sur 3')
	})

	test('une tranche déclenchée il y a 61 jours est signalée en retard, sur la page du dossier et dans les versements de l’appel', async () => {
		const app = await followedDossier({ stage: 'in_progress', title: 'Contes en retard' })
		const cookie = await login(server, app.funder.user.email)
		await db.update(payments).set({ triggeredAt: new Date(Date.now() - 61 * DAY) }).where(and(eq(payments.applicationId, app.id), eq(payments.trigger, 'signature')))

		expect(await (await get(server, dossierPage(app), cookie)).text()).toContain('en retard de 1 jour')
		const list = await (await get(server, suivi(app.call.id), cookie)).text()
		expect(list).toMatch(/en retard 7\s000,00\s€ \(1 tranche\)/)
		expect(list).toContain('en retard de 1 jour')
		// Filtered by state through the query string (a GET form: no script needed).
		const late = await (await get(server, `${suivi(app.call.id)}?etat=late`, cookie)).text()
		expect(late).toContain('Tranches : en retard (1)')
		expect(late).toContain('Première tranche')
		const paid = await (await get(server, `${suivi(app.call.id)}?etat=paid`, cookie)).text()
		expect(paid).toContain('Aucune tranche dans cet état.')
		// An unknown state is every state.
		expect(await (await get(server, `${suivi(app.call.id)}?etat=%3Cscript%3E`, cookie)).text()).toContain('Toutes les tranches (2)')
	})

	test('l’export CSV contient chaque tranche, une référence qui ressemble à une formule neutralisée', async () => {
		const app = await followedDossier({ stage: 'in_progress', title: 'Jardins partagés' })
		const [first] = await paymentsOf(app.id)
		expect(await recordPayment({ user: app.funder.user, applicationId: app.id, paymentId: first!.id, paidOn: new Date(Date.now() - DAY), amountCents: 700_000, reference: '=HYPERLINK("http://x")' })).toEqual({ ok: true })
		const cookie = await login(server, app.funder.user.email)
		const response = await get(server, `${suivi(app.call.id)}/paiements.csv`, cookie)
		expect(response.status).toBe(200)
		expect(response.headers.get('content-type')).toContain('text/csv')
		expect(response.headers.get('content-disposition')).toContain('versements.csv')
		const bytes = Buffer.from(await response.arrayBuffer())
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
		const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n')
		expect(lines[0]).toBe(
			'Référence du dossier;Titre du projet;Association chef de file;Tranche;Pourcentage;Montant (€);Déclenchement;Déclenchée le (heure de Paris);À payer au plus tard le (heure de Paris);État;Payée le;Montant payé (€);Référence du virement',
		)
		expect(lines).toHaveLength(3)
		expect(lines[1]).toContain('Jardins partagés;')
		expect(lines[1]).toContain(';Première tranche;70;7000;')
		expect(lines[1]).toContain(';Payée;')
		expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"")"`)
		expect(lines[2]).toContain(';Solde;30;3000;Après l’approbation de l’évaluation finale;;;En attente de son déclenchement;')
		// The download is in the platform admin's journal (issue 13).
		const [recorded] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'call.payments_exported'), eq(auditEvents.subjectId, app.call.id)))
		expect(recorded).toMatchObject({ actorUserId: app.funder.user.id, data: { file: 'versements.csv', format: 'csv', rows: 2 } })
	})

	test('« relancer tous les retardataires » met les e-mails de relance en file et dit combien', async () => {
		const due = new Date(Date.now() - 20 * DAY).toISOString().slice(0, 10)
		const app = await followedDossier({ stage: 'evaluation', evaluationDueOn: '2099-12-31', title: 'Évaluation oubliée' })
		// Late too, but in another call of the same funder: not this page's button.
		const elsewhere = await followedDossier({ stage: 'evaluation', evaluationDueOn: due, callOverrides: { funderId: app.call.funderId } })
		const cookie = await login(server, app.funder.user.email)
		expect(await (await get(server, suivi(app.call.id), cookie)).text()).toContain('Évaluations en retard (0)')
		await db.update(evaluationReports).set({ dueOn: due }).where(eq(evaluationReports.applicationId, app.id))
		const list = await (await get(server, suivi(app.call.id), cookie)).text()
		expect(list).toContain('Évaluations en retard (1)')
		expect(list).toContain('Relancer tous les retardataires')

		const response = await post(server, suivi(app.call.id), { intent: 'remind-late' }, { cookie })
		expect(response.status).toBe(302)
		const reminders = await db.select().from(outboxMessages).where(eq(outboxMessages.template, 'evaluation-reminder'))
		expect(reminders.map((m) => m.toAddress).sort()).toEqual([app.lead.user.email, app.partner.user.email].sort())
		expect(reminders.map((m) => m.toAddress)).not.toContain(elsewhere.lead.user.email)
		const after = await (await get(server, suivi(app.call.id), `${cookie}; ${cookiesFrom(response)}`)).text()
		expect(after).toContain('1 consortium relancé')
		expect(after).toContain('2 e-mails envoyés')
		expect((await post(server, suivi(app.call.id), { intent: 'autre' }, { cookie })).status).toBe(400)
	})

	test('modifications demandées sur une section seulement, puis évaluation approuvée : le solde est à payer', async () => {
		const app = await followedDossier({ stage: 'evaluation' })
		await writeWholeReport(app)
		expect(await submitReport({ user: app.lead.user, applicationId: app.id })).toEqual({ ok: true })
		const cookie = await login(server, app.funder.user.email)
		const page = dossierPage(app)
		const html = await (await get(server, page, cookie)).text()
		// The evaluation as sent, read-only: the CERFA table with its gap, each association's answers in French.
		expect(html).toContain('Compte rendu financier')
		expect(html).toMatch(/\+2\s000,00\s€/)
		expect(html).toContain('+20 %')
		expect(html).toContain('Des salaires plus élevés que prévu.')
		expect(html).toContain('Participation au comité de pilotage du projet')
		expect(html).toContain(`Partie de l’association ${app.partner.organization.name}`)
		expect(html).toContain(`${page}/evaluation.pdf`)

		// No section chosen: 400, the message next to the checkboxes, the message typed kept.
		const none = await post(server, page, { intent: 'request-changes', message: 'Détaillez les salaires.' }, { cookie })
		expect(none.status).toBe(400)
		const noneHtml = await none.text()
		expect(noneHtml).toContain('Choisissez au moins une section à rouvrir.')
		expect(noneHtml).toContain('Détaillez les salaires.')
		expect((await postPairs(page, [['intent', 'request-changes'], ['sections', 'financier'], ['message', 'a'], ['message', 'b']], cookie)).status).toBe(400)
		expect((await db.select().from(evaluationReports).where(eq(evaluationReports.applicationId, app.id)))[0]!.status).toBe('submitted')

		const asked = await postPairs(page, [['intent', 'request-changes'], ['sections', 'financier'], ['message', 'Détaillez les salaires.']], cookie)
		expect(asked.status).toBe(302)
		const [report] = await db.select().from(evaluationReports).where(eq(evaluationReports.applicationId, app.id))
		expect(report).toMatchObject({ status: 'changes_requested', reopenedSections: ['financier'], reviewMessage: 'Détaillez les salaires.' })
		// Approval is for a report sent: refused now (409), nothing moves.
		expect((await post(server, page, { intent: 'approve' }, { cookie })).status).toBe(409)

		expect(await submitReport({ user: app.lead.user, applicationId: app.id })).toEqual({ ok: true })
		expect((await post(server, page, { intent: 'approve' }, { cookie })).status).toBe(302)
		expect(await statusOf(app.id)).toBe('evaluated')
		expect((await paymentsOf(app.id))[1]).toMatchObject({ trigger: 'final_evaluation', status: 'due' })
		expect(await (await get(server, page, cookie)).text()).toContain('Évaluation de fin de projet')
	})
})

describe('liste des dossiers suivis', () => {
	test('un appel de 60 dossiers suivis : paginé par 50, et autant de requêtes qu’un appel de 3', async () => {
		const staff = await createStaff('funder')
		const small = await seedDecidedCall({ funderId: staff.organization.id, dossiers: Array.from({ length: 3 }, () => ({ status: 'selected' as const })) })
		const large = await seedDecidedCall({ funderId: staff.organization.id, dossiers: Array.from({ length: 60 }, (_, i) => ({ status: 'selected' as const, title: `Projet ${String(i + 1).padStart(2, '0')}` })) })
		for (const dossier of [...small.dossiers, ...large.dossiers]) {
			expect(await openAgreement({ user: staff.user, applicationId: dossier.id })).toMatchObject({ ok: true })
		}
		const cookie = await login(server, staff.user.email)
		const cost = async (path: string) => {
			statements.length = 0
			counting = true
			const response = await get(server, path, cookie)
			const html = await response.text()
			counting = false
			expect(response.status, path).toBe(200)
			return { html, count: statements.length }
		}
		const smallPage = await cost(suivi(small.call.id))
		const largePage = await cost(suivi(large.call.id))
		expect(largePage.count, statements.join('\n')).toBe(smallPage.count)
		expect(largePage.count).toBeLessThanOrEqual(8)
		expect(largePage.html).toContain('Dossiers suivis (60)')
		expect(largePage.html).toContain('Page 1 sur 2')
		expect(largePage.html).toContain('Projet 50')
		expect(largePage.html).not.toContain('Projet 51')
		expect(largePage.html).toContain('0 signature sur 3')
		const second = await cost(`${suivi(large.call.id)}?page=2`)
		expect(second.html).toContain('Page 2 sur 2')
		expect(second.html).toContain('Projet 60')
		expect(second.html).not.toContain('>Projet 50</a></th><td data-label="Chef de file"')
		expect(second.html).toContain('>Projet 51</a></th><td data-label="Chef de file"')
		// Every tranche of the large call is counted once in the totals.
		expect(largePage.html).toContain('Toutes les tranches (120)')
		expect(largePage.html).toContain('Les 100 plus urgentes')
		// A page past the end shows the last one.
		expect((await cost(`${suivi(large.call.id)}?page=9`)).html).toContain('Page 2 sur 2')
	})
})

/** Every part of the evaluation written by the consortium through the domain, the charges 20 % above the plan (explained). */
async function writeWholeReport(app: Awaited<ReturnType<typeof followedDossier>>) {
	const versionOf = async (organizationId: string | null) => (await db.select().from(evaluations).where(eq(evaluations.applicationId, app.id))).find((p) => p.organizationId === organizationId)!.version
	const save = async (section: 'realisation' | 'publics' | 'indicateurs' | 'difficultes' | 'financier', values: unknown) =>
		expect(await saveConsortiumSection({ user: app.lead.user, applicationId: app.id, section, version: await versionOf(null), values })).toMatchObject({ ok: true })
	await save('realisation', { whatWasDone: 'Douze ateliers.', timetable: [{ actualDate: '2027-09-08', note: '' }] })
	await save('publics', { publicsReached: 'Des familles du quartier.', participantsReached: '92' })
	await save('indicateurs', { indicators: [{ reached: '92', comment: '' }] })
	await save('difficultes', { difficultiesMet: 'non' })
	await save('financier', { charges: [{ actual: '12 000', explanation: 'Des salaires plus élevés que prévu.' }], products: [{ actual: '4 000', explanation: '' }] })
	const answers = { involvementForms: ['reunions_ponctuelles', 'comite_pilotage'], interest: 'fort', mobilisedOthers: 'non', newFunding: 'non', notoriety: 'oui', continueTogether: 'oui', brought: 'Des bénévoles formés ensemble.', differently: 'Un comité de pilotage dès le début.' }
	for (const [user, organizationId] of [
		[app.lead.user, app.lead.organization.id],
		[app.partner.user, app.partner.organization.id],
	] as const) {
		expect(await saveAssociationPart({ user, applicationId: app.id, organizationId, version: await versionOf(organizationId), values: answers })).toMatchObject({ ok: true })
	}
}
