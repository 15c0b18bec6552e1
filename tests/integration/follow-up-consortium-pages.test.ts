/**
 * The consortium's follow-up pages over HTTP (issue 10): the agreement page where each
 * association's référent signs (`/candidatures/:id/convention`) and the end-of-project
 * evaluation page (`/candidatures/:id/evaluation`), each section its own form. Who may do
 * what is the policy's answer; hostile posts are refused in French without writing anything.
 */
import { and, eq } from 'drizzle-orm'
import { associationPartTitle } from '#app/domain/reports/options.ts'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { cancelAgreementOf, signAgreement } from '#app/domain/agreements/agreements.server.ts'
import { acceptEngagement } from '#app/domain/applications/engagement.server.ts'
import { decideAdmissibility } from '#app/domain/applications/instruction.server.ts'
import { submitApplication } from '#app/domain/applications/submission.server.ts'
import { openAgreement } from '#app/domain/agreements/agreements.server.ts'
import { startProject } from '#app/domain/follow-up/project.server.ts'
import { openEvaluation, requestReportChanges, saveAssociationPart, saveConsortiumSection } from '#app/domain/reports/evaluation-report.server.ts'
import { db } from '#db/client.server.ts'
import { agreements, agreementSignatures, applications, calls, evaluationReports, evaluations } from '#db/schema/index.ts'
import { addMember, createApplication, createAssociationMember, createOrganization, createUser } from '#tests/factories.ts'
import { followedDossier } from '#tests/support/follow-up.ts'
import { get, login, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

/** A form POST as the browser sends it, repeated names included. */
function send(pathname: string, fields: [string, string][] | Record<string, string>, cookie: string) {
	const body = new URLSearchParams(Array.isArray(fields) ? fields : Object.entries(fields))
	return fetch(server.baseUrl + pathname, {
		method: 'POST',
		body,
		headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.baseUrl, Cookie: cookie },
		redirect: 'manual',
	})
}

async function digestOf(applicationId: string) {
	const [agreement] = await db.select().from(agreements).where(eq(agreements.applicationId, applicationId))
	return agreement!.contentSha256
}

async function statusOf(applicationId: string) {
	const [row] = await db.select({ status: applications.status }).from(applications).where(eq(applications.id, applicationId))
	return row!.status
}

async function partOf(applicationId: string, organizationId: string | null) {
	const parts = await db.select().from(evaluations).where(eq(evaluations.applicationId, applicationId))
	return parts.find((p) => p.organizationId === organizationId)!
}

const ASSOCIATION_ANSWERS: [string, string][] = [
	['involvementForms', 'reunions_ponctuelles'],
	['involvementForms', 'comite_pilotage'],
	['interest', 'fort'],
	['mobilisedOthers', 'non'],
	['newFunding', 'non'],
	['notoriety', 'oui'],
	['continueTogether', 'oui'],
	['brought', 'Des bénévoles formés ensemble.'],
	['differently', 'Un comité de pilotage dès le début.'],
]
const ANSWERS_OBJECT = {
	involvementForms: ['reunions_ponctuelles'],
	interest: 'fort',
	mobilisedOthers: 'non',
	newFunding: 'non',
	notoriety: 'oui',
	continueTogether: 'oui',
	brought: 'Des liens.',
	differently: 'Plus tôt.',
}

/**
 * A retained dossier whose lead is a fresh association and whose two partners share one
 * référent (issue 7's case), carried to the stage asked as followedDossier does.
 */
async function twoHatDossier(stage: 'agreement' | 'evaluation') {
	const first = await createAssociationMember('referent')
	const secondOrganization = await createOrganization({ kind: 'association' })
	await addMember(secondOrganization.id, first.user.id, 'referent')
	const second = { user: first.user, organization: secondOrganization }
	const app = await createApplication({
		complete: true,
		attachments: [],
		coCarriers: 0,
		partners: [
			{ association: first, state: 'invited' },
			{ association: second, state: 'invited' },
		],
	})
	for (const organization of [first.organization, second.organization]) {
		const accepted = await acceptEngagement({ id: app.id, user: first.user, organizationId: organization.id, roleDescription: 'Accueille les ateliers', contribution: 'Une salle' })
		if (!accepted.ok) throw new Error(accepted.message)
	}
	const submitted = await submitApplication({ id: app.id, user: app.lead.user })
	if (!submitted.ok) throw new Error(submitted.message)
	const admissible = await decideAdmissibility({ user: app.funder.user, callId: app.call.id, applicationId: app.id, decision: 'admissible', reason: '' })
	if (!admissible.ok) throw new Error(JSON.stringify(admissible))
	await db.update(calls).set({ status: 'decided', evaluationDueOn: '2028-09-30' }).where(eq(calls.id, app.call.id))
	await db.update(applications).set({ status: 'selected', amountGrantedCents: 1_000_000, decidedAt: new Date(), decisionVersion: 1 }).where(eq(applications.id, app.id))
	const opened = await openAgreement({ user: app.funder.user, applicationId: app.id })
	if (!opened.ok) throw new Error(opened.message)
	if (stage === 'evaluation') {
		const digest = await digestOf(app.id)
		for (const [user, organizationId] of [
			[app.lead.user, app.lead.organization.id],
			[first.user, first.organization.id],
			[first.user, second.organization.id],
			[app.funder.user, null],
		] as const) {
			const signed = await signAgreement({ user, applicationId: app.id, organizationId, digest, signerName: 'Camille Martin', signerQuality: '' })
			if (!signed.ok) throw new Error(signed.message)
		}
		const started = await startProject({ user: app.funder.user, applicationId: app.id })
		if (!started.ok) throw new Error(started.message)
		const evaluation = await openEvaluation({ user: app.funder.user, applicationId: app.id })
		if (!evaluation.ok) throw new Error(evaluation.message)
	}
	return { ...app, first, second }
}

/** Every part of the evaluation complete, through the domain (the lead's and the partner's référents). */
async function completeReport(app: Awaited<ReturnType<typeof followedDossier>>) {
	const save = async (section: 'realisation' | 'publics' | 'indicateurs' | 'difficultes' | 'financier', values: unknown) => {
		const saved = await saveConsortiumSection({ user: app.lead.user, applicationId: app.id, section, version: (await partOf(app.id, null)).version, values })
		if (!saved.ok) throw new Error(saved.message)
	}
	await save('realisation', { whatWasDone: 'Douze ateliers.', timetable: [{ actualDate: '2027-09-08', note: '' }] })
	await save('publics', { publicsReached: 'Des familles du quartier.', participantsReached: '92' })
	await save('indicateurs', { indicators: [{ reached: '92', comment: '' }] })
	await save('difficultes', { difficultiesMet: 'non' })
	await save('financier', { charges: [{ actual: '10 000', explanation: '' }], products: [{ actual: '4 000', explanation: '' }] })
	for (const [user, organizationId] of [
		[app.lead.user, app.lead.organization.id],
		[app.partner.user, app.partner.organization.id],
	] as const) {
		const saved = await saveAssociationPart({ user, applicationId: app.id, organizationId, version: (await partOf(app.id, organizationId)).version, values: ANSWERS_OBJECT })
		if (!saved.ok) throw new Error(saved.message)
	}
}

describe('la convention, page du consortium', () => {
	test('un référent signe depuis la page ; le dossier passe à « convention signée » quand toutes les parties ont signé', async () => {
		const app = await followedDossier({ stage: 'agreement' })
		const leadCookie = await login(server, app.lead.user.email)
		const page = await get(server, `/candidatures/${app.id}/convention`, leadCookie)
		expect(page.status).toBe(200)
		const html = await page.text()
		expect(html).toContain(`Signer la convention pour ${app.lead.organization.name}`)
		expect(html).not.toContain(`Signer la convention pour ${app.partner.organization.name}`)
		expect(html).toContain(`Reste à signer : ${app.lead.organization.name}`)
		expect(html).toContain(`/candidatures/${app.id}/convention.pdf`)
		expect(html).toContain('En attente de la signature de la convention')
		expect(html).toContain('au plus tard 60 jours')
		expect(html).toContain('la convention n’est pas obligatoire')
		const digest = await digestOf(app.id)
		const sign = (cookie: string, fields: Record<string, string>) =>
			send(`/candidatures/${app.id}/convention`, { intent: 'sign', organizationId: app.lead.organization.id, digest, signerName: 'Camille Martin', signerQuality: 'Présidente', ...fields }, cookie)

		// A missing name: the message next to the field, the quality typed kept.
		const unnamed = await sign(leadCookie, { signerName: '   ', signerQuality: 'Trésorière adjointe' })
		expect(unnamed.status).toBe(409)
		const unnamedHtml = await unnamed.text()
		expect(unnamedHtml).toContain('Indiquez vos prénom et nom')
		expect(unnamedHtml).toContain('Trésorière adjointe')
		// A text changed since it was read: the domain's message, the current text shown with its digest.
		const stale = await sign(leadCookie, { digest: 'a'.repeat(64) })
		expect(stale.status).toBe(409)
		const staleHtml = await stale.text()
		expect(staleHtml).toContain('Le texte de la convention a changé depuis votre lecture')
		expect(staleHtml).toContain(`value="${digest}"`)
		expect(await db.select().from(agreementSignatures)).not.toContainEqual(expect.objectContaining({ signerUserId: app.lead.user.id }))

		expect((await sign(leadCookie, {})).status).toBe(302)
		const after = await (await get(server, `/candidatures/${app.id}/convention`, leadCookie)).text()
		expect(after).not.toContain(`Signer la convention pour ${app.lead.organization.name}`)
		expect(after).toContain('par Camille Martin, Présidente')

		const partnerCookie = await login(server, app.partner.user.email)
		expect((await sign(partnerCookie, { organizationId: app.partner.organization.id })).status).toBe(302)
		expect(await statusOf(app.id)).toBe('selected')
		expect(await signAgreement({ user: app.funder.user, applicationId: app.id, organizationId: null, digest, signerName: 'Dominique Roux', signerQuality: 'Directrice' })).toEqual({ ok: true, complete: true })
		expect(await statusOf(app.id)).toBe('agreement_signed')
		const signed = await (await get(server, `/candidatures/${app.id}/convention`, partnerCookie)).text()
		expect(signed).toContain('Convention signée')
		expect(signed).toContain('signée par toutes les parties')
		expect(signed).toMatch(/<td data-label="Échéance">[^<]+ \(J-60\)<\/td>/)
	})

	test('un référent co-porteur ne signe pas pour le chef de file, ni un simple membre pour son association : 403, rien d’écrit', async () => {
		const app = await followedDossier({ stage: 'agreement' })
		const digest = await digestOf(app.id)
		const partnerCookie = await login(server, app.partner.user.email)
		const forLead = await send(`/candidatures/${app.id}/convention`, { intent: 'sign', organizationId: app.lead.organization.id, digest, signerName: 'Camille Martin' }, partnerCookie)
		expect(forLead.status).toBe(403)
		const member = await createUser()
		await addMember(app.partner.organization.id, member.id, 'member')
		const memberCookie = await login(server, member.email)
		// The member reads the agreement, without a signing form.
		const read = await (await get(server, `/candidatures/${app.id}/convention`, memberCookie)).text()
		expect(read).toContain('Texte de la convention')
		expect(read).not.toContain('Signer la convention pour')
		expect((await send(`/candidatures/${app.id}/convention`, { intent: 'sign', organizationId: app.partner.organization.id, digest, signerName: 'Camille Martin' }, memberCookie)).status).toBe(403)
		expect(await db.select().from(agreementSignatures)).toEqual([])
	})

	test('un inconnu reçoit 404 sur les deux pages ; le financeur lit la convention sans formulaire de signature', async () => {
		const app = await followedDossier({ stage: 'evaluation' })
		const stranger = await createAssociationMember('referent')
		const cookie = await login(server, stranger.user.email)
		for (const page of ['convention', 'evaluation']) {
			expect((await get(server, `/candidatures/${app.id}/${page}`, cookie)).status).toBe(404)
		}
		expect((await send(`/candidatures/${app.id}/convention`, { intent: 'sign', organizationId: stranger.organization.id, digest: 'x', signerName: 'X' }, cookie)).status).toBe(404)
		expect((await send(`/candidatures/${app.id}/evaluation`, { intent: 'consortium-section', section: 'publics', version: '1', publicsReached: 'x' }, cookie)).status).toBe(404)
		expect((await partOf(app.id, null)).version).toBe(1)

		const staffCookie = await login(server, app.funder.user.email)
		const staffPage = await get(server, `/candidatures/${app.id}/convention`, staffCookie)
		expect(staffPage.status).toBe(200)
		const staffHtml = await staffPage.text()
		expect(staffHtml).toContain('Texte de la convention')
		expect(staffHtml).not.toContain('Signer la convention pour')
		expect(staffHtml).not.toContain('Sections du dossier')
	})

	test('avant la convention, la page dit que le financeur la prépare, puis qu’elle est annulée ; le dossier mène aux deux pages du suivi, un dossier non retenu non', async () => {
		const app = await followedDossier({ stage: 'selected' })
		const cookie = await login(server, app.lead.user.email)
		const page = await (await get(server, `/candidatures/${app.id}/convention`, cookie)).text()
		expect(page).toContain('Le financeur prépare la convention')
		expect(page).not.toContain('convention.pdf')
		const evaluation = await (await get(server, `/candidatures/${app.id}/evaluation`, cookie)).text()
		expect(evaluation).toContain('L’évaluation de fin de projet s’ouvre à la fin du projet')
		const dossier = await (await get(server, `/candidatures/${app.id}`, cookie)).text()
		expect(dossier).toContain(`href="/candidatures/${app.id}/convention"`)
		expect(dossier).toContain('Convention et versements')
		expect(dossier).toContain(`href="/candidatures/${app.id}/evaluation"`)

		// Drawn up, then cancelled: said so, nothing left to sign.
		expect((await openAgreement({ user: app.funder.user, applicationId: app.id })).ok).toBe(true)
		await cancelAgreementOf(db, { applicationId: app.id, userId: app.funder.user.id, reason: 'Le consortium renonce.' })
		const cancelled = await (await get(server, `/candidatures/${app.id}/convention`, cookie)).text()
		expect(cancelled).toContain('Cette convention a été annulée')
		expect(cancelled).not.toContain('Signer la convention pour')

		const pending = await createApplication({ status: 'admissible' })
		const pendingCookie = await login(server, pending.lead.user.email)
		const pendingDossier = await (await get(server, `/candidatures/${pending.id}`, pendingCookie)).text()
		expect(pendingDossier).not.toContain('Convention et versements')
		expect((await get(server, `/candidatures/${pending.id}/convention`, pendingCookie)).status).toBe(404)
	})
})

describe('l’évaluation de fin de projet, page du consortium', () => {
	test('une personne référente de deux associations du consortium voit deux formulaires de signature et répond aux deux parties', async () => {
		const signing = await twoHatDossier('agreement')
		const cookie = await login(server, signing.first.user.email)
		const agreementPage = await (await get(server, `/candidatures/${signing.id}/convention`, cookie)).text()
		expect(agreementPage).toContain(`Signer la convention pour ${signing.first.organization.name}`)
		expect(agreementPage).toContain(`Signer la convention pour ${signing.second.organization.name}`)
		expect(agreementPage).not.toContain(`Signer la convention pour ${signing.lead.organization.name}`)
		const digest = await digestOf(signing.id)
		for (const organization of [signing.first.organization, signing.second.organization]) {
			const signed = await send(`/candidatures/${signing.id}/convention`, { intent: 'sign', organizationId: organization.id, digest, signerName: 'Alex Dupont', signerQuality: '' }, cookie)
			expect(signed.status).toBe(302)
		}
		expect(await db.select({ organizationId: agreementSignatures.organizationId }).from(agreementSignatures)).toEqual(
			expect.arrayContaining([{ organizationId: signing.first.organization.id }, { organizationId: signing.second.organization.id }]),
		)

		const app = await twoHatDossier('evaluation')
		const twoHats = await login(server, app.first.user.email)
		const page = await (await get(server, `/candidatures/${app.id}/evaluation`, twoHats)).text()
		for (const organization of [app.first.organization, app.second.organization]) expect(page).toContain(`name="organizationId" value="${organization.id}"`)
		expect(page).not.toContain(`name="organizationId" value="${app.lead.organization.id}"`)
		for (const organization of [app.first.organization, app.second.organization]) {
			const version = (await partOf(app.id, organization.id)).version
			const saved = await send(`/candidatures/${app.id}/evaluation`, [['intent', 'association-part'], ['organizationId', organization.id], ['version', String(version)], ...ASSOCIATION_ANSWERS], twoHats)
			expect(saved.status).toBe(200)
			expect((await partOf(app.id, organization.id)).answers).toMatchObject({ involvementForms: ['reunions_ponctuelles', 'comite_pilotage'], interest: 'fort', brought: 'Des bénévoles formés ensemble.' })
		}
		const after = await (await get(server, `/candidatures/${app.id}/evaluation`, twoHats)).text()
		expect(after).not.toContain(`${associationPartTitle(app.first.organization.name)} : `)
		expect(after).toContain(`${associationPartTitle(app.lead.organization.name)} : `)
	})

	test('un simple membre rédige une section du consortium mais reçoit 403 sur la partie de son association', async () => {
		const app = await followedDossier({ stage: 'evaluation', evaluationDueOn: '2020-01-31' })
		const member = await createUser()
		await addMember(app.partner.organization.id, member.id, 'member')
		const cookie = await login(server, member.email)
		const page = await (await get(server, `/candidatures/${app.id}/evaluation`, cookie)).text()
		expect(page).toContain('name="section" value="publics"')
		expect(page).not.toContain('name="organizationId"')
		expect(page).toContain('Pas encore répondu')
		// Past its due date and not sent: late.
		expect(page).toContain('31 janvier 2020')
		expect(page).toContain('en retard')

		const saved = await send(`/candidatures/${app.id}/evaluation`, { intent: 'consortium-section', section: 'publics', version: '1', publicsReached: 'Des familles du quartier.', participantsReached: '92' }, cookie)
		expect(saved.status).toBe(200)
		expect(await saved.text()).toContain('Section « Publics touchés » enregistrée.')
		expect((await partOf(app.id, null)).answers).toMatchObject({ publics: { publicsReached: 'Des familles du quartier.', participantsReached: 92 } })

		const refused = await send(`/candidatures/${app.id}/evaluation`, [['intent', 'association-part'], ['organizationId', app.partner.organization.id], ['version', '1'], ...ASSOCIATION_ANSWERS], cookie)
		expect(refused.status).toBe(403)
		// The same with a hostile body: still 403, not a 400 that would tell the form apart.
		const hostile = await send(`/candidatures/${app.id}/evaluation`, { intent: 'association-part', organizationId: app.partner.organization.id, version: '1', brought: 'x'.repeat(4000) }, cookie)
		expect(hostile.status).toBe(403)
		expect((await partOf(app.id, app.partner.organization.id)).version).toBe(1)
	})

	test('saisie hostile sur une section : 400 avec le message en français, rien d’écrit', async () => {
		const app = await followedDossier({ stage: 'evaluation' })
		const cookie = await login(server, app.lead.user.email)
		const post = (fields: [string, string][]) => send(`/candidatures/${app.id}/evaluation`, [['intent', 'consortium-section'], ...fields], cookie)
		const cases: { fields: [string, string][]; message: string }[] = [
			{ fields: [['section', 'realisation'], ['version', '1'], ['whatWasDone', 'x'.repeat(5001)]], message: 'Ce qui a été réalisé : 5000 caractères au plus.' },
			{ fields: [['section', 'realisation'], ['version', '1'], ['whatWasDone', 'Douze ateliers.'], ['timetable[0].actualDate', '2027-02-30']], message: 'Indiquez une date valide.' },
			{ fields: [['section', 'realisation'], ['version', '1'], ['whatWasDone', 'Douze ateliers.'], ['whatWasDone', 'Treize ateliers.']], message: 'Une seule réponse est attendue ici' },
			{ fields: [['section', 'realisation'], ['version', '1'], ['timetable', 'tout']], message: 'Réponse illisible' },
			{ fields: [['section', 'realisation'], ['version', '1'], ['timetable[6400].actualDate', '2027-09-01']], message: 'Au plus 20 étapes du calendrier.' },
			{ fields: [['section', 'financier'], ['version', '1'], ['charges[0].actual', 'beaucoup']], message: 'Montant réalisé' },
			{ fields: [['section', 'publics'], ['version', '1'], ['participantsReached', '-3']], message: 'Indiquez un nombre entier de personnes.' },
			{ fields: [['section', 'publics'], ['version', 'abc'], ['publicsReached', 'Des familles.']], message: 'Rechargez la page' },
			{ fields: [['section', 'inconnue'], ['version', '1'], ['whatWasDone', 'x']], message: 'Cette section de l’évaluation n’existe pas' },
			{ fields: [['section', 'realisation'], ['section', 'publics'], ['version', '1']], message: 'Cette section de l’évaluation n’existe pas' },
		]
		for (const { fields, message } of cases) {
			const response = await post(fields)
			expect(response.status, message).toBe(400)
			expect(await response.text(), message).toContain(message)
		}
		// An association's part with a value not offered.
		const part = await send(`/candidatures/${app.id}/evaluation`, [['intent', 'association-part'], ['organizationId', app.lead.organization.id], ['version', '1'], ['interest', 'immense']], cookie)
		expect(part.status).toBe(400)
		expect(await part.text()).toContain('Choisissez un niveau d’intérêt proposé.')
		// An association that is not of the consortium.
		const elsewhere = await createAssociationMember('referent')
		const unknown = await send(`/candidatures/${app.id}/evaluation`, [['intent', 'association-part'], ['organizationId', elsewhere.organization.id], ['version', '1']], cookie)
		expect(unknown.status).toBe(400)
		expect(await unknown.text()).toContain('Cette partie de l’évaluation n’existe pas')

		const parts = await db.select().from(evaluations).where(eq(evaluations.applicationId, app.id))
		expect(parts.map((p) => [p.version, p.answers])).toEqual(parts.map(() => [1, {}]))
	})

	test('une version périmée est refusée avec le message du domaine, le texte saisi gardé', async () => {
		const app = await followedDossier({ stage: 'evaluation' })
		const leadCookie = await login(server, app.lead.user.email)
		const partnerCookie = await login(server, app.partner.user.email)
		const saved = await send(`/candidatures/${app.id}/evaluation`, { intent: 'consortium-section', section: 'realisation', version: '1', whatWasDone: 'Douze ateliers.' }, leadCookie)
		expect(saved.status).toBe(200)
		// The partner had the page open at version 1.
		const stale = await send(
			`/candidatures/${app.id}/evaluation`,
			{ intent: 'consortium-section', section: 'publics', version: '1', publicsReached: 'Texte saisi par le partenaire pendant ce temps', participantsReached: '40' },
			partnerCookie,
		)
		expect(stale.status).toBe(409)
		const html = await stale.text()
		expect(html).toContain('Cette partie a été modifiée entre-temps')
		expect(html).toContain('Texte saisi par le partenaire pendant ce temps')
		expect(html).toContain('Les réponses enregistrées entre-temps')
		expect((await partOf(app.id, null)).answers).toEqual({ realisation: { whatWasDone: 'Douze ateliers.', timetable: [] } })
	})

	test('le chef de file envoie depuis la page ; après une demande de modifications, seule la section nommée est proposée', async () => {
		const app = await followedDossier({ stage: 'evaluation' })
		const leadCookie = await login(server, app.lead.user.email)
		const partnerCookie = await login(server, app.partner.user.email)
		const url = `/candidatures/${app.id}/evaluation`

		// Too early: the button is there but disabled, and a forced post lists what is missing.
		const early = await (await get(server, url, leadCookie)).text()
		expect(early).toMatch(/<button type="submit" disabled="">Envoyer l’évaluation au financeur<\/button>/)
		expect(early).toContain(`href="#realisation-whatWasDone"`)
		const refused = await send(url, { intent: 'submit' }, leadCookie)
		expect(refused.status).toBe(409)
		expect(await refused.text()).toContain('L’évaluation n’est pas complète.')
		expect(await (await get(server, url, partnerCookie)).text()).not.toContain('Envoyer l’évaluation au financeur')

		await completeReport(app)
		const ready = await (await get(server, url, leadCookie)).text()
		expect(ready).toContain('Rien ne manque')
		expect(ready).toMatch(/<button type="submit">Envoyer l’évaluation au financeur<\/button>/)
		// The financial report: prévu, réalisé and the gap computed on saving.
		expect(ready).toContain('name="charges[0].actual"')
		expect(ready).toMatch(/<td data-label="Écart"[^>]*>0,00\s€ \(0 %\)<\/td>/)
		expect((await send(url, { intent: 'submit' }, partnerCookie)).status).toBe(403)
		expect((await send(url, { intent: 'submit' }, leadCookie)).status).toBe(302)
		const [report] = await db.select().from(evaluationReports).where(eq(evaluationReports.applicationId, app.id))
		expect(report!.status).toBe('submitted')
		const sent = await (await get(server, url, leadCookie)).text()
		expect(sent).toContain(`/candidatures/${app.id}/evaluation.pdf`)
		expect(sent).not.toContain('name="section"')

		expect(await requestReportChanges({ user: app.funder.user, applicationId: app.id, sections: ['financier'], message: 'Détaillez les frais d’animation.' })).toEqual({ ok: true })
		const reopened = await (await get(server, url, partnerCookie)).text()
		expect(reopened).toContain('Détaillez les frais d’animation.')
		expect(reopened).toContain('name="section" value="financier"')
		for (const section of ['realisation', 'publics', 'indicateurs', 'difficultes']) expect(reopened).not.toContain(`name="section" value="${section}"`)
		expect(reopened).not.toContain('name="organizationId"')

		const before = await partOf(app.id, null)
		const other = await send(url, { intent: 'consortium-section', section: 'realisation', version: String(before.version), whatWasDone: 'Autre chose.' }, partnerCookie)
		expect(other.status).toBe(409)
		expect(await other.text()).toContain('Cette partie n’est pas ouverte à la saisie.')
		const partRefused = await send(url, [['intent', 'association-part'], ['organizationId', app.partner.organization.id], ['version', '2'], ...ASSOCIATION_ANSWERS], partnerCookie)
		expect(partRefused.status).toBe(409)
		const after = await partOf(app.id, null)
		expect(after.version).toBe(before.version)
		expect(after.answers).toEqual(before.answers)
		expect((await partOf(app.id, app.partner.organization.id)).answers).toMatchObject({ brought: 'Des liens.' })

		const financier = await send(
			url,
			[
				['intent', 'consortium-section'],
				['section', 'financier'],
				['version', String(before.version)],
				['charges[0].actual', '12 000'],
				['charges[0].explanation', 'Une animatrice de plus en été.'],
				['products[0].actual', '4 000'],
			],
			partnerCookie,
		)
		expect(financier.status).toBe(200)
		const [line] = ((await partOf(app.id, null)).answers as { financier: { charges: { actual: number }[] } }).financier.charges
		expect(line!.actual).toBe(1_200_000)
		expect((await send(url, { intent: 'submit' }, leadCookie)).status).toBe(302)
		expect((await db.select().from(evaluationReports).where(and(eq(evaluationReports.applicationId, app.id), eq(evaluationReports.status, 'submitted')))).length).toBe(1)
	})
})
