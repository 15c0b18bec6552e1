/**
 * Files of an application: the call's questions, the required attachments (upload checked by
 * content, size limit, download for the consortium only) and the récépissé de dépôt (stored,
 * attached to the submission emails, delivered through a real SMTP server).
 */
import { mkdtempSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'

// Before anything reads it: the stored files of this test file go to a temporary directory,
// for the test server (its own bundled modules) and for the outbox worker alike.
const uploadDir = mkdtempSync(path.join(tmpdir(), 'ensemble-files-'))
process.env.UPLOAD_DIR = uploadDir

const { acceptEngagement } = await import('#app/domain/applications/engagement.server.ts')
const { updateMember } = await import('#app/domain/applications/consortium.server.ts')
const { saveAnswers, saveBudget, saveCooperation, saveProject } = await import('#app/domain/applications/sections.server.ts')
const { submitApplication } = await import('#app/domain/applications/submission.server.ts')
const { COOPERATION_TOPICS } = await import('#app/domain/applications/options.ts')
const { closeMailTransport, createMailTransport, deliverDueMessages, setMailTransport } = await import('#app/services/outbox.server.ts')
const { getStorage, sha256 } = await import('#app/services/storage.server.ts')
const { MAX_UPLOAD_BYTES } = await import('#app/services/uploads.server.ts')
const { db } = await import('#db/client.server.ts')
const { applicationMembers, applications, attachments, outboxMessages, themes } = await import('#db/schema/index.ts')
const { createApplication: createApplicationInState, createAssociationMember } = await import('#tests/factories.ts')
const { get, login, startTestServer } = await import('#tests/support/server.ts')
const { startSmtpServer } = await import('#tests/support/smtp.ts')
type TestServer = Awaited<ReturnType<typeof startTestServer>>
type Mailbox = Awaited<ReturnType<typeof startSmtpServer>>

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')

let server: TestServer
let mailbox: Mailbox | undefined
let smtp: ReturnType<typeof createMailTransport> | undefined

beforeAll(async () => {
	server = await startTestServer()
})
afterEach(async () => {
	setMailTransport(undefined)
	smtp?.close?.()
	smtp = undefined
	closeMailTransport()
	await mailbox?.close()
	mailbox = undefined
})
afterAll(async () => {
	await server.close()
	await rm(uploadDir, { recursive: true, force: true })
})

/** A call with a question and two required attachments; A leads, B has confirmed, C is outside. */
async function setup() {
	const { call, questions, lead: a, partners, id } = await createApplicationInState({
		questions: [{ label: 'Combien de bénévoles mobilisez-vous ?', type: 'number', required: true, position: 0 }],
	})
	const b = partners[0]!
	const c = await createAssociationMember('referent')
	const question = questions[0]
	return { call, question: question!, a, b, c, id }
}

async function row(id: string) {
	const [found] = await db.select().from(applications).where(eq(applications.id, id))
	return found!
}

/** Everything but the questions and the attachments. */
async function completeForm(id: string, user: { id: string }, leadOrganizationId: string, partner: { id: string }) {
	const app = await row(id)
	const [theme] = await db.select().from(themes).where(eq(themes.callId, app.callId))
	const members = await db.select().from(applicationMembers).where(eq(applicationMembers.applicationId, id))
	const project = await saveProject({
		id,
		user,
		input: {
			version: app.projectVersion,
			title: 'Contes et crêpes',
			summary: 'Des après-midis entre générations.',
			themeIds: [theme!.id],
			territory: 'Grenoble, Villeneuve',
			territoryKind: 'qpv',
			publics: 'Enfants et résidents de l’EHPAD',
			expectedParticipants: 80,
			collectiveObjectives: 'Créer du lien',
			specificObjectives: members.map((m) => ({ organizationId: m.organizationId!, text: 'Objectif propre' })),
			indicators: [{ label: 'Participants', target: '80' }],
			timetable: [{ label: 'Lancement', date: '2027-09-01' }],
		},
	})
	expect(project.ok).toBe(true)
	expect(
		(
			await saveCooperation({
				id,
				user,
				input: {
					version: app.cooperationVersion,
					level: 'cooperation',
					triggers: ['faire_mieux'],
					topics: Object.fromEntries(COOPERATION_TOPICS.map((t) => [t.value, 'Convenu'])),
					involvementForms: ['comite_pilotage'],
					involvementOther: '',
					otherPartners: [],
					otherPartnersDetails: '',
				},
			})
		).ok,
	).toBe(true)
	expect(
		(
			await saveBudget({
				id,
				user,
				input: {
					version: app.budgetVersion,
					charges: [{ account: '64', label: 'Animatrice', amountCents: 1_000_000 }],
					products: [{ account: '74', label: 'Ville de Grenoble', amountCents: 400_000 }],
					amountRequested: 600_000,
				},
			})
		).ok,
	).toBe(true)
	const lead = members.find((m) => m.organizationId === leadOrganizationId)!
	await updateMember({ id, user, memberId: lead.id, roleDescription: 'Coordonne', contribution: 'Une salariée', budgetShareCents: 1_000_000 })
	// Saving the budget lapsed the partner's confirmation: it confirms again.
	await acceptEngagement({ id, user: partner, roleDescription: 'Accueille les ateliers', contribution: 'Une salle' })
}

function upload(id: string, cookie: string, slot: string, file: { name: string; data: Buffer; type?: string }) {
	const form = new FormData()
	form.append('slot', slot)
	form.append('file', new Blob([new Uint8Array(file.data)], { type: file.type ?? 'application/pdf' }), file.name)
	return fetch(`${server.baseUrl}/candidatures/${id}/pieces?slot=${encodeURIComponent(slot)}`, {
		method: 'POST',
		body: form,
		headers: { Cookie: cookie, Origin: server.baseUrl },
		redirect: 'manual',
	})
}

describe('pièces jointes', () => {
	test('le chef de file dépose une pièce ; le consortium la télécharge, un tiers reçoit 404', async () => {
		const { a, b, c, id } = await setup()
		const cookieA = await login(server, a.user.email)
		const response = await upload(id, cookieA, `rib:${a.organization.id}`, { name: 'RIB à jour.pdf', data: PDF })
		expect(response.status).toBe(302)
		const [stored] = await db.select().from(attachments).where(eq(attachments.applicationId, id))
		expect(stored).toMatchObject({ kind: 'rib', organizationId: a.organization.id, contentType: 'application/pdf', sizeBytes: PDF.length, sha256: sha256(PDF) })
		expect(stored!.storageKey).toBe(`applications/${id}/${sha256(PDF)}`)
		expect(await getStorage().get(stored!.storageKey)).toEqual(PDF)

		for (const user of [a.user, b.user]) {
			const download = await get(server, `/candidatures/${id}/pieces/${stored!.id}`, await login(server, user.email))
			expect(download.status).toBe(200)
			expect(download.headers.get('content-type')).toBe('application/pdf')
			expect(download.headers.get('content-disposition')).toBe(`attachment; filename="RIB a jour.pdf"; filename*=UTF-8''RIB%20%C3%A0%20jour.pdf`)
			expect(Buffer.from(await download.arrayBuffer())).toEqual(PDF)
		}
		const outsider = await get(server, `/candidatures/${id}/pieces/${stored!.id}`, await login(server, c.user.email))
		expect(outsider.status).toBe(404)
		const anonymous = await get(server, `/candidatures/${id}/pieces/${stored!.id}`)
		expect(anonymous.headers.get('location')).toMatch(/^\/connexion/)

		// A partner gives its own association's pieces, not the lead's (tests/integration/consortium-dossier.test.ts).
		const partner = await upload(id, await login(server, b.user.email), `rib:${a.organization.id}`, { name: 'rib.pdf', data: PDF })
		expect(partner.status).toBe(403)

		// Deleted while the application is a draft.
		const deleted = await fetch(`${server.baseUrl}/candidatures/${id}/pieces`, {
			method: 'POST',
			body: new URLSearchParams({ intent: 'delete', attachmentId: stored!.id }),
			headers: { Cookie: cookieA, Origin: server.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
			redirect: 'manual',
		})
		expect(deleted.status).toBe(302)
		expect(await db.select().from(attachments).where(eq(attachments.applicationId, id))).toEqual([])
	})

	test('un « .pdf » qui n’est pas un PDF est refusé, avec le message à côté du champ', async () => {
		const { a, id } = await setup()
		const response = await upload(id, await login(server, a.user.email), `rib:${a.organization.id}`, {
			name: 'rib.pdf',
			data: Buffer.from('Ceci est un texte renommé en PDF.\n'),
		})
		expect(response.status).toBe(400)
		const html = await response.text()
		expect(html).toContain('ne correspond pas à un fichier .pdf')
		expect(html).toMatch(/aria-invalid="true"[^>]*aria-describedby="fichier-rib-[^"]*-error"|aria-describedby="fichier-rib-[^"]*-error"[^>]*aria-invalid/)
		expect(await db.select().from(attachments).where(eq(attachments.applicationId, id))).toEqual([])
	})

	test('un fichier trop gros est refusé en français, sans erreur 500', async () => {
		const { a, id } = await setup()
		const big = Buffer.concat([PDF, Buffer.alloc(MAX_UPLOAD_BYTES - PDF.length + 1, 0x20)])
		const response = await upload(id, await login(server, a.user.email), `rib:${a.organization.id}`, { name: 'rib.pdf', data: big })
		expect(response.status).toBe(413)
		expect(await response.text()).toContain('Le fichier dépasse la taille maximale de 10 Mo.')
		expect(await db.select().from(attachments).where(eq(attachments.applicationId, id))).toEqual([])
	})
})

describe('téléchargement en flux depuis le disque', () => {
	test('un client parti au milieu d’un gros fichier ne laisse ni erreur ni fichier ouvert ; le serveur répond ensuite', async () => {
		const { a, id } = await setup()
		// Bigger than any upload allows, written straight into the folder: only the download is looked at.
		const big = Buffer.alloc(8 * 1024 * 1024, 0x41)
		await getStorage().put(`applications/${id}/gros-fichier`, big)
		const [row] = await db
			.insert(attachments)
			.values({ applicationId: id, organizationId: a.organization.id, kind: 'rib', filename: 'gros.pdf', contentType: 'application/pdf', sizeBytes: big.length, storageKey: `applications/${id}/gros-fichier`, sha256: sha256(big), uploadedById: a.user.id })
			.returning()
		const cookie = await login(server, a.user.email)
		const response = await get(server, `/candidatures/${id}/pieces/${row!.id}`, cookie)
		expect(response.headers.get('content-length')).toBe(String(big.length))
		const reader = response.body!.getReader()
		expect((await reader.read()).value!.length).toBeLessThan(big.length)
		await reader.cancel()
		const again = await get(server, `/candidatures/${id}/pieces/${row!.id}`, cookie)
		expect(again.status).toBe(200)
		expect(Buffer.from(await again.arrayBuffer()).equals(big)).toBe(true)
	})
})

describe('questions de l’appel', () => {
	test('réponses enregistrées avec la vérification de version ; une question obligatoire manque au dépôt', async () => {
		const { a, question, id } = await setup()
		const early = await submitApplication({ id, user: a.user })
		expect(early.ok).toBe(false)
		if (!early.ok) {
			expect(early.problems).toContainEqual({ section: 'questions', message: 'Répondez à la question « Combien de bénévoles mobilisez-vous ? ».' })
			expect(early.problems).toContainEqual({ section: 'pieces', message: 'Pièce manquante : « RIB ».' })
			expect(early.problems.filter((p) => p.section === 'pieces')).toHaveLength(3)
		}
		const cookie = await login(server, a.user.email)
		const bad = await fetch(`${server.baseUrl}/candidatures/${id}/questions`, {
			method: 'POST',
			body: new URLSearchParams({ version: '1', [`answers.${question.id}`]: 'beaucoup' }),
			headers: { Cookie: cookie, Origin: server.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
			redirect: 'manual',
		})
		expect(bad.status).toBe(400)
		const badHtml = await bad.text()
		expect(badHtml).toContain('Indiquez un nombre en chiffres')
		expect(badHtml).toContain('value="beaucoup"')

		expect(await saveAnswers({ id, user: a.user, input: { version: 1, answers: { [question.id]: 12 } } })).toEqual({ ok: true, version: 2 })
		const stale = await saveAnswers({ id, user: a.user, input: { version: 1, answers: { [question.id]: 15 } } })
		expect(stale).toMatchObject({ ok: false, conflict: true, current: { [question.id]: 12 }, currentVersion: 2 })
		expect((await row(id)).answers).toEqual({ [question.id]: 12 })
	})
})

describe('récépissé de dépôt', () => {
	test('le dépôt crée le récépissé, joint aux e-mails des référents et livré en PDF par SMTP', async () => {
		const { a, b, c, question, id } = await setup()
		await completeForm(id, a.user, a.organization.id, b.user)
		expect(await saveAnswers({ id, user: a.user, input: { version: 1, answers: { [question.id]: 12 } } })).toMatchObject({ ok: true })
		const cookieA = await login(server, a.user.email)
		expect((await upload(id, cookieA, `rib:${a.organization.id}`, { name: 'rib.pdf', data: PDF })).status).toBe(302)
		expect((await upload(id, cookieA, `statuts:${a.organization.id}`, { name: 'statuts-a.pdf', data: PDF })).status).toBe(302)
		// Before submission there is no receipt.
		expect((await get(server, `/candidatures/${id}/recepisse.pdf`, cookieA)).status).toBe(404)
		const missing = await submitApplication({ id, user: a.user })
		expect(missing).toMatchObject({ ok: false, problems: [{ section: 'pieces', message: `Pièce manquante pour « ${b.organization.name} » : « Statuts ».` }] })
		expect((await upload(id, cookieA, `statuts:${b.organization.id}`, { name: 'statuts-b.pdf', data: PDF })).status).toBe(302)

		const submitted = await submitApplication({ id, user: a.user })
		expect(submitted).toMatchObject({ ok: true })
		const receipt = await getStorage().get(`receipts/${id}`)
		expect(receipt!.subarray(0, 5).toString()).toBe('%PDF-')

		const queued = await db.select().from(outboxMessages).where(eq(outboxMessages.template, 'application-submitted'))
		expect(queued.map((m) => m.toAddress).sort()).toEqual([a.user.email, b.user.email].sort())
		for (const message of queued) {
			expect(message.attachments).toEqual([{ filename: 'recepisse-de-depot.pdf', contentType: 'application/pdf', storageKey: `receipts/${id}` }])
		}

		const download = await get(server, `/candidatures/${id}/recepisse.pdf`, cookieA)
		expect(download.status).toBe(200)
		expect(download.headers.get('content-type')).toBe('application/pdf')
		expect(Buffer.from(await download.arrayBuffer())).toEqual(receipt)
		expect((await get(server, `/candidatures/${id}/recepisse.pdf`, await login(server, b.user.email))).status).toBe(200)
		expect((await get(server, `/candidatures/${id}/recepisse.pdf`, await login(server, c.user.email))).status).toBe(404)

		// Read-only now: no more uploads or deletions.
		expect((await upload(id, cookieA, `rib:${a.organization.id}`, { name: 'rib.pdf', data: PDF })).status).toBe(400)

		mailbox = await startSmtpServer()
		smtp = createMailTransport({ smtpUrl: mailbox.url, mailDir: uploadDir })
		setMailTransport(smtp)
		expect(await deliverDueMessages()).toMatchObject({ sent: expect.any(Number), failed: 0 })
		for (const email of [a.user.email, b.user.email]) {
			const mail = await mailbox.waitFor(email, (m) => m.subject?.includes('déposé') ?? false)
			expect(mail.text).toContain('Le récépissé de dépôt (PDF) est joint à ce message')
			expect(mail.attachments).toHaveLength(1)
			expect(mail.attachments[0]).toMatchObject({ filename: 'recepisse-de-depot.pdf', contentType: 'application/pdf' })
			expect(mail.attachments[0]!.content).toEqual(receipt)
		}
	})

	test('un dépôt annulé ne laisse qu’un fichier sans effet, remplacé au dépôt suivant', async () => {
		const { a, b, question, id } = await setup()
		await completeForm(id, a.user, a.organization.id, b.user)
		await saveAnswers({ id, user: a.user, input: { version: 1, answers: { [question.id]: 3 } } })
		const cookieA = await login(server, a.user.email)
		for (const slot of [`rib:${a.organization.id}`, `statuts:${a.organization.id}`, `statuts:${b.organization.id}`]) {
			expect((await upload(id, cookieA, slot, { name: 'piece.pdf', data: PDF })).status).toBe(302)
		}
		// A stale file from an attempt whose transaction rolled back.
		await getStorage().put(`receipts/${id}`, Buffer.from('ancien essai'))
		expect((await get(server, `/candidatures/${id}/recepisse.pdf`, cookieA)).status).toBe(404)
		expect(await submitApplication({ id, user: a.user })).toMatchObject({ ok: true })
		const stored = await readFile(path.join(uploadDir, 'receipts', id))
		expect(stored.subarray(0, 5).toString()).toBe('%PDF-')
	})
})
