/**
 * The follow-up's documents (issue 10): the agreement's PDF names the funder, every co-porter
 * with its SIRET/RNA, the amount, the tranches and each signature; the evaluation's PDF carries
 * the financial report's gaps and each association's answers; both served to the consortium and
 * the call's funder only (404 for anyone else, or before the document exists); and when the
 * lead sends the evaluation, every association's référent receives it as an attached PDF.
 */
import { and, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { agreementPdfFor } from '#app/domain/agreements/agreement-pdf.server.ts'
import { openAgreement, signAgreement } from '#app/domain/agreements/agreements.server.ts'
import { evaluationPdfFor } from '#app/domain/reports/evaluation-pdf.server.ts'
import { requestReportChanges, saveAssociationPart, saveConsortiumSection, submitReport } from '#app/domain/reports/evaluation-report.server.ts'
import { type ConsortiumSection } from '#app/domain/reports/options.ts'
import { getStorage } from '#app/services/storage.server.ts'
import { formatCents, formatSiret } from '#app/utils/format.ts'
import { db } from '#db/client.server.ts'
import { agreements, applicationMembers, evaluations, organizations, outboxMessages, users } from '#db/schema/index.ts'
import { createAssociationMember, createStaff } from '#tests/factories.ts'
import { followedDossier } from '#tests/support/follow-up.ts'
import { pdfText } from '#tests/support/pdf-text.ts'
import { get, login, startTestServer, type TestServer } from '#tests/support/server.ts'

/** The PDF's text and the expected strings, with every kind of space as one. */
const spaced = (text: string) => text.replace(/\s+/g, ' ')
const textOf = (pdf: Buffer) => spaced(pdfText(pdf))
const pages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0

type Dossier = Awaited<ReturnType<typeof followedDossier>>

const versionOf = async (applicationId: string, organizationId: string | null) =>
	(await db.select().from(evaluations).where(eq(evaluations.applicationId, applicationId))).find((p) => p.organizationId === organizationId)!.version

async function saveSection(app: Dossier, section: ConsortiumSection, values: unknown) {
	const saved = await saveConsortiumSection({ user: app.lead.user, applicationId: app.id, section, version: await versionOf(app.id, null), values })
	if (!saved.ok) throw new Error(`${section}: ${saved.message}`)
}

const partOf = (brought: string) => ({
	involvementForms: ['reunions_ponctuelles', 'comite_pilotage'],
	interest: 'fort',
	mobilisedOthers: 'oui',
	otherPartners: ['collectivites'],
	newFunding: 'non',
	notoriety: 'oui',
	continueTogether: 'peut_etre',
	brought,
	differently: 'Un comité de pilotage dès le premier mois.',
})

/** An evaluation filled in whole: the animator's line 20 % over its plan, explained; each association its own words. */
async function completeEvaluation(app: Dossier) {
	await saveSection(app, 'realisation', { whatWasDone: 'Douze veillées dans trois quartiers.', timetable: [{ actualDate: '2027-09-15', note: 'Deux semaines plus tard que prévu.' }] })
	await saveSection(app, 'publics', { publicsReached: 'Des familles et des résidents de l’EHPAD.', participantsReached: '92' })
	await saveSection(app, 'indicateurs', { indicators: [{ reached: '92', comment: 'Au-delà de la cible.' }] })
	await saveSection(app, 'difficultes', { difficultiesMet: 'oui', temps: 'Agendas difficiles : un calendrier partagé dès septembre.' })
	await saveSection(app, 'financier', {
		charges: [{ actual: '12 000', explanation: 'Une animatrice de plus pour le troisième quartier.' }],
		products: [{ actual: '4 000', explanation: '' }],
		coFunders: [{ name: 'Ville de Grenoble', amount: '4 000' }],
	})
	for (const [user, organization, words] of [
		[app.lead.user, app.lead.organization, 'Des bénévoles formés avec nos partenaires.'],
		[app.partner.user, app.partner.organization, 'Un public que nous ne touchions pas.'],
	] as const) {
		const saved = await saveAssociationPart({ user, applicationId: app.id, organizationId: organization.id, version: await versionOf(app.id, organization.id), values: partOf(words) })
		if (!saved.ok) throw new Error(saved.message)
	}
}

describe('PDF de la convention', () => {
	test('nomme le financeur et chaque co-porteur avec SIRET et RNA, le montant, les tranches, le délai de 60 jours et chaque signature de la version', async () => {
		const app = await followedDossier({ stage: 'agreement', coCarriers: 5 })
		const [agreement] = await db.select().from(agreements).where(eq(agreements.applicationId, app.id))
		const signed = await signAgreement({
			user: app.lead.user,
			applicationId: app.id,
			organizationId: app.lead.organization.id,
			digest: agreement!.contentSha256,
			signerName: 'Camille Martin',
			signerQuality: 'Présidente',
		})
		expect(signed).toMatchObject({ ok: true, complete: false })

		const file = await agreementPdfFor({ user: app.partner.user, applicationId: app.id })
		expect(file.filename).toBe('convention-contes-et-crepes-v1.pdf')
		const text = textOf(file.data)
		expect(text).toContain('Convention de subvention')
		const members = await db
			.select()
			.from(organizations)
			.where(inArray(organizations.id, [app.lead.organization.id, ...app.partners.map((p) => p.organization.id)]))
		expect(members).toHaveLength(6)
		for (const member of members) {
			expect(text).toContain(member.name)
			expect(text).toContain(spaced(formatSiret(member.siret)))
			expect(text).toContain(member.rna!)
		}
		const [funder] = await db.select().from(organizations).where(eq(organizations.id, app.call.funderId))
		expect(text).toContain(funder!.name)
		expect(text).toContain('Chef de file')
		expect(text).toContain(spaced(`Montant attribué : ${formatCents(1_000_000)}`))
		for (const expected of ['Première tranche', 'Solde', '70 %', '30 %', formatCents(700_000), formatCents(300_000), 'Après l’approbation de l’évaluation finale', 'dans un délai de 60 jours']) {
			expect(text).toContain(spaced(expected))
		}
		expect(text).toContain('CERFA n° 15059')
		expect(text).toContain('n’est pas obligatoire (loi n° 2000-321')
		expect(text).toContain('Signé par Camille Martin, Présidente')
		// The lead's représentante, named in the parties once she has signed.
		expect(text).toContain(`${app.lead.organization.name}, représentée par Camille Martin, Présidente`)
		// The five partners and the funder have not signed yet.
		expect(text.match(/En attente de signature/g)).toHaveLength(6)
		expect(text).toContain(`SHA-256 ${agreement!.contentSha256}`)
		expect(text).toContain('version 1')
		// Six associations and their signatures do not fit on one page.
		expect(pages(file.data)).toBeGreaterThan(1)
	})

	test('au-delà de 23 000 € la convention se dit obligatoire ; la répartition entre associations est donnée', async () => {
		const app = await followedDossier({ stage: 'selected', amountGrantedCents: 3_000_000 })
		await db.update(applicationMembers).set({ grantShareCents: 2_000_000 }).where(and(eq(applicationMembers.applicationId, app.id), eq(applicationMembers.organizationId, app.lead.organization.id)))
		await db.update(applicationMembers).set({ grantShareCents: 1_000_000 }).where(and(eq(applicationMembers.applicationId, app.id), eq(applicationMembers.organizationId, app.partner.organization.id)))
		expect(await openAgreement({ user: app.funder.user, applicationId: app.id })).toMatchObject({ ok: true })
		const text = textOf((await agreementPdfFor({ user: app.funder.user, applicationId: app.id })).data)
		expect(text).toContain('la présente convention est obligatoire (loi n° 2000-321')
		expect(text).toContain(spaced(`${app.lead.organization.name} : ${formatCents(2_000_000)}`))
		expect(text).toContain(spaced(`${app.partner.organization.name} : ${formatCents(1_000_000)}`))
	})
})

describe('évaluation envoyée à chaque association', () => {
	test('à l’envoi, un e-mail par association avec le PDF joint, lisible dans le stockage ; un nouvel envoi après une demande de modifications envoie la nouvelle version', async () => {
		const app = await followedDossier({ stage: 'evaluation' })
		await completeEvaluation(app)
		const sentAt = new Date('2028-09-20T08:30:00Z')
		expect(await submitReport({ user: app.lead.user, applicationId: app.id, now: sentAt })).toEqual({ ok: true })

		const addresses = [app.lead.user.email, app.partner.user.email]
		const sent = async () => (await db.select().from(outboxMessages).where(eq(outboxMessages.template, 'evaluation-sent'))).filter((m) => addresses.includes(m.toAddress))
		const first = await sent()
		expect(first.map((m) => m.toAddress).sort()).toEqual([...addresses].sort())
		const [sender] = await db.select().from(users).where(eq(users.id, app.lead.user.id))
		for (const email of first) {
			expect(email.subject).toBe('Évaluation envoyée : « Contes et crêpes » sur Ensemble')
			expect(email.text).toContain(`${sender!.displayName}, pour ${app.lead.organization.name} (chef de file)`)
			expect(email.text).toContain(`/candidatures/${app.id}/evaluation`)
			expect(email.attachments).toEqual([{ filename: 'evaluation-contes-et-crepes.pdf', contentType: 'application/pdf', storageKey: expect.stringMatching(/^evaluation-reports\//) }])
		}
		const stored = await getStorage().get(first[0]!.attachments[0]!.storageKey)
		expect(stored!.subarray(0, 5).toString()).toBe('%PDF-')
		const text = textOf(stored!)
		expect(text).toContain('Évaluation de fin de projet')
		expect(text).toContain('Envoyée, en attente de relecture')
		// The financial report: the gap in euros and percent, its explanation, the totals and the co-financer.
		for (const expected of [`64 – Animatrice`, formatCents(1_000_000), formatCents(1_200_000), `+${formatCents(200_000)}`, '+20 %', 'Une animatrice de plus pour le troisième quartier.', 'Ville de Grenoble']) {
			expect(text).toContain(spaced(expected))
		}
		// Each association's own part, with the form's labels.
		for (const expected of [
			app.lead.organization.name,
			app.partner.organization.name,
			'Des bénévoles formés avec nos partenaires.',
			'Un public que nous ne touchions pas.',
			'Réunions ponctuelles',
			'Intérêt trouvé à coopérer : Fort',
			'Souhait de continuer ensemble : Peut-être',
			'Lesquels : Collectivités',
			'Deux semaines plus tard que prévu.',
			'Agendas difficiles',
		]) {
			expect(text).toContain(spaced(expected))
		}

		// Changes on the financial report, corrected, sent again: the new version goes to each association.
		expect(await requestReportChanges({ user: app.funder.user, applicationId: app.id, sections: ['financier'], message: 'Détaillez les frais d’animation.' })).toEqual({ ok: true })
		await saveSection(app, 'financier', {
			charges: [{ actual: '11 000', explanation: '' }],
			products: [{ actual: '4 000', explanation: '' }],
			coFunders: [{ name: 'Ville de Grenoble', amount: '4 000' }],
		})
		expect(await submitReport({ user: app.lead.user, applicationId: app.id, now: new Date('2028-09-25T08:30:00Z') })).toEqual({ ok: true })
		const second = (await sent()).filter((m) => !first.some((f) => f.id === m.id))
		expect(second).toHaveLength(2)
		expect(second[0]!.subject).toBe('Évaluation corrigée envoyée : « Contes et crêpes » sur Ensemble')
		expect(second[0]!.attachments[0]!.storageKey).not.toBe(first[0]!.attachments[0]!.storageKey)
		const resent = textOf((await getStorage().get(second[0]!.attachments[0]!.storageKey))!)
		expect(resent).toContain(spaced(`+${formatCents(100_000)}`))
		expect(resent).toContain('+10 %')
		// The first version is kept as it was sent.
		expect(textOf((await getStorage().get(first[0]!.attachments[0]!.storageKey))!)).toContain('+20 %')
	})

	test('un envoi refusé (évaluation incomplète) n’envoie aucun e-mail ; le brouillon se lit en PDF', async () => {
		const app = await followedDossier({ stage: 'evaluation' })
		expect(await submitReport({ user: app.lead.user, applicationId: app.id })).toMatchObject({ ok: false })
		const emails = await db.select().from(outboxMessages).where(eq(outboxMessages.template, 'evaluation-sent'))
		expect(emails.filter((m) => m.toAddress === app.lead.user.email)).toEqual([])
		// The draft is readable all the same, and says it is one.
		const draft = textOf((await evaluationPdfFor({ user: app.partner.user, applicationId: app.id })).data)
		expect(draft).toContain('En cours de rédaction')
		expect(draft).toContain('Envoyée le : pas encore envoyée')
		expect(draft).toContain('Intérêt trouvé à coopérer : Non renseigné')
	})
})

describe('routes des PDF du suivi', () => {
	let server: TestServer
	beforeAll(async () => {
		server = await startTestServer()
	})
	afterAll(async () => {
		await server.close()
	})

	const paths = (app: Dossier) => ({
		convention: `/candidatures/${app.id}/convention.pdf`,
		evaluation: `/candidatures/${app.id}/evaluation.pdf`,
		staffConvention: `/gestion/appels/${app.call.id}/suivi/${app.id}/convention.pdf`,
		staffEvaluation: `/gestion/appels/${app.call.id}/suivi/${app.id}/evaluation.pdf`,
	})

	test('co-porteur et financeur lisent les deux PDF ; un inconnu, un autre financeur ou un autre appel : 404 ; un co-porteur sur l’adresse du financeur : 403', async () => {
		const app = await followedDossier({ stage: 'evaluation' })
		const url = paths(app)
		const partner = await login(server, app.partner.user.email)
		const funder = await login(server, app.funder.user.email)
		const stranger = await login(server, (await createAssociationMember('referent')).user.email)
		const otherFunder = await login(server, (await createStaff('funder')).user.email)

		for (const [path, cookie] of [
			[url.convention, partner],
			[url.evaluation, partner],
			[url.convention, funder],
			[url.staffConvention, funder],
			[url.staffEvaluation, funder],
		] as const) {
			const response = await get(server, path, cookie)
			expect(response.status, path).toBe(200)
			expect(response.headers.get('content-type')).toBe('application/pdf')
			expect(response.headers.get('content-disposition')).toMatch(/^inline; filename="(convention-contes-et-crepes-v1|evaluation-contes-et-crepes)\.pdf"/)
			expect(Buffer.from(await response.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
		}
		for (const path of [url.convention, url.evaluation, url.staffConvention, url.staffEvaluation]) {
			expect((await get(server, path, stranger)).status, `inconnu ${path}`).toBe(404)
			expect((await get(server, path, otherFunder)).status, `autre financeur ${path}`).toBe(404)
		}
		expect((await get(server, url.staffConvention, partner)).status).toBe(403)
		expect((await get(server, url.staffEvaluation, partner)).status).toBe(403)
		// The staff's URL with another call, or an unknown dossier: 404.
		const elsewhere = await followedDossier({ stage: 'selected' })
		expect((await get(server, `/gestion/appels/${elsewhere.call.id}/suivi/${app.id}/convention.pdf`, funder)).status).toBe(404)
		expect((await get(server, `/candidatures/inconnu/convention.pdf`, partner)).status).toBe(404)
		expect((await get(server, `/candidatures/${encodeURIComponent("'; drop table x --")}/evaluation.pdf`, partner)).status).toBe(404)
		// Signed out: to the login page.
		expect((await get(server, url.convention)).status).toBe(302)
	})

	test('404 tant que la convention n’est pas établie ou l’évaluation pas ouverte', async () => {
		const selected = await followedDossier({ stage: 'selected' })
		const lead = await login(server, selected.lead.user.email)
		const funder = await login(server, selected.funder.user.email)
		expect((await get(server, paths(selected).convention, lead)).status).toBe(404)
		expect((await get(server, paths(selected).staffConvention, funder)).status).toBe(404)

		const inProgress = await followedDossier({ stage: 'in_progress' })
		const partner = await login(server, inProgress.partner.user.email)
		expect((await get(server, paths(inProgress).convention, partner)).status).toBe(200)
		expect((await get(server, paths(inProgress).evaluation, partner)).status).toBe(404)
		expect((await get(server, paths(inProgress).staffEvaluation, await login(server, inProgress.funder.user.email))).status).toBe(404)
	})
})
