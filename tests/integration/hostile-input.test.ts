/**
 * What an attacker (or a broken client) sends must not freeze the server, answer 500 or
 * write anything: huge list indexes, NUL characters, absurd versions, malformed multipart
 * bodies, forged session cookies. And what a person sends in good faith is accepted: a
 * file name with ";" or "=", a short answer as long as the funder allowed.
 */
import { mkdtempSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

// Before anything reads it: the stored files of this test file go to a temporary directory.
const uploadDir = mkdtempSync(path.join(tmpdir(), 'ensemble-hostile-'))
process.env.UPLOAD_DIR = uploadDir

const { createApplication } = await import('#app/domain/applications/creation.server.ts')
const { DRAFT_MAX_BYTES, DRAFT_MAX_PER_USER } = await import('#app/auth/keep-input.server.ts')
const { db } = await import('#db/client.server.ts')
const { applications, attachments, callQuestions, criteria: criteriaTable, formDrafts, sessions } = await import('#db/schema/index.ts')
const { createAssociationMember, createCall, createStaff } = await import('#tests/factories.ts')
const { get, login, post, startTestServer } = await import('#tests/support/server.ts')
type TestServer = Awaited<ReturnType<typeof startTestServer>>

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
const SMALL_BODY = 200 * 1024

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
	await rm(uploadDir, { recursive: true, force: true })
})

/** A draft application led by a fresh association, on a call asking for a RIB; the lead's cookie. */
async function draft(callOverrides: Parameters<typeof createCall>[0] = {}) {
	const call = await createCall({ requiredAttachments: [{ key: 'rib', label: 'RIB', givenBy: 'lead' }], ...callOverrides })
	const lead = await createAssociationMember('referent')
	const created = await createApplication({ user: lead.user, callId: call.id, title: 'Jardins partagés', leadOrganizationId: lead.organization.id })
	if (!created.ok) throw new Error(created.message)
	const cookie = await login(server, lead.user.email)
	return { call, lead, id: created.applicationId, cookie }
}

async function applicationRow(id: string) {
	const [row] = await db.select().from(applications).where(eq(applications.id, id))
	return row!
}

/** A funder's published call and the cookie of one of its staff. */
async function funderCall() {
	const { user, organization } = await createStaff('funder')
	const call = await createCall({ funderId: organization.id })
	return { call, cookie: await login(server, user.email) }
}

/** Posts the hostile form and, meanwhile, another request: both answer; the hostile one is a small 400. */
async function postWhileServing(pathname: string, fields: Record<string, string>, cookie: string) {
	const [hostile, other] = await Promise.all([post(server, pathname, fields, { cookie }), get(server, '/healthz')])
	expect(other.status).toBe(200)
	const html = await hostile.text()
	expect(hostile.status).toBe(400)
	expect(Buffer.byteLength(html)).toBeLessThan(SMALL_BODY)
	return html
}

describe('listes bornées', () => {
	test('indicators[6400] sur la section Projet : 400 « Au plus 20 indicateurs. », rien d’écrit', async () => {
		const { id, cookie } = await draft()
		const before = await applicationRow(id)
		const html = await postWhileServing(
			`/candidatures/${id}/projet`,
			{ version: String(before.projectVersion), title: 'Un autre titre', 'indicators[6400].label': 'x', 'indicators[0].label': 'Participants' },
			cookie,
		)
		expect(html).toContain('Au plus 20 indicateurs.')
		// What was typed in the accepted rows comes back.
		expect(html).toContain('Un autre titre')
		const after = await applicationRow(id)
		expect(after.projectVersion).toBe(before.projectVersion)
		expect(after.title).toBe('Jardins partagés')
		// The form states the maximum.
		expect(await (await get(server, `/candidatures/${id}/projet`, cookie)).text()).toContain('20 au plus')
	})

	test('charges[3200] sur le budget : 400 « Au plus 40 lignes de charges. », rien d’écrit', async () => {
		const { id, cookie } = await draft()
		const before = await applicationRow(id)
		const html = await postWhileServing(
			`/candidatures/${id}/budget`,
			{ version: String(before.budgetVersion), 'charges[3200].label': 'x', 'charges[3200].amount': '10', 'charges[3200].account': '60' },
			cookie,
		)
		expect(html).toContain('Au plus 40 lignes de charges.')
		expect((await applicationRow(id)).budgetVersion).toBe(before.budgetVersion)
		expect(await (await get(server, `/candidatures/${id}/budget`, cookie)).text()).toContain('40 lignes au plus')
	})

	test('questions[3200] et criteria[3200] sur un appel : 400 avec le message, rien d’écrit', async () => {
		const { call, cookie } = await funderCall()
		const questions = await postWhileServing(
			`/gestion/appels/${call.id}/questions`,
			{ intent: 'save-questions', 'questions[3200].label': 'Pourquoi ?', 'questions[3200].type': 'long_text', 'questions[3200].maxLength': '100' },
			cookie,
		)
		expect(questions).toContain('Au plus 20 questions.')
		expect(await db.select().from(callQuestions).where(eq(callQuestions.callId, call.id))).toEqual([])

		const criteria = await postWhileServing(
			`/gestion/appels/${call.id}/grille`,
			{ intent: 'save-criteria', 'criteria[3200].label': 'Coopération', 'criteria[3200].weight': '1', 'criteria[3200].scaleMax': '5' },
			cookie,
		)
		expect(criteria).toContain('Au plus 30 critères.')
		expect(await db.select().from(criteriaTable).where(eq(criteriaTable.callId, call.id))).toEqual([])
		expect(await (await get(server, `/gestion/appels/${call.id}/grille`, cookie)).text()).toContain('30 critères au plus')
	})

	test('un nom de liste inconnu avec un grand indice et des milliers de champs : 400', async () => {
		const { id, cookie } = await draft()
		const before = await applicationRow(id)
		const html = await postWhileServing(`/candidatures/${id}/projet`, { version: String(before.projectVersion), title: 'Titre', 'whatever[100000].x': 'y' }, cookie)
		expect(html).toContain('trop de lignes')
		const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`f${i}`, 'x']))
		const crowded = await postWhileServing(`/candidatures/${id}/projet`, { version: String(before.projectVersion), title: 'Titre', ...many }, cookie)
		expect(crowded).toContain('trop de champs')
		expect((await applicationRow(id)).projectVersion).toBe(before.projectVersion)
	})
})

describe('entrées invalides : 400, jamais 500', () => {
	test('un caractère NUL dans un champ texte : 400, rien d’écrit', async () => {
		const { id, cookie } = await draft()
		const before = await applicationRow(id)
		const response = await post(server, `/candidatures/${id}/projet`, { version: String(before.projectVersion), title: 'Titre\u0000piégé' }, { cookie })
		expect(response.status).toBe(400)
		expect(await response.text()).toContain('caractère nul')
		expect((await applicationRow(id)).projectVersion).toBe(before.projectVersion)
	})

	test('version=9007199254740993 sur une section : 400, rien d’écrit', async () => {
		const { id, cookie } = await draft()
		const before = await applicationRow(id)
		for (const version of ['9007199254740993', '2147483648', '-1', '1e400']) {
			const response = await post(server, `/candidatures/${id}/projet`, { version, title: 'Un titre' }, { cookie })
			expect(response.status, version).toBe(400)
			expect(await response.text()).toContain('Rechargez la page.')
		}
		const budget = await post(server, `/candidatures/${id}/budget`, { version: '9007199254740993' }, { cookie })
		expect(budget.status).toBe(400)
		const after = await applicationRow(id)
		expect(after.projectVersion).toBe(before.projectVersion)
		expect(after.title).toBe('Jardins partagés')
	})

	test('un corps multipart mal formé : 400 en français, sur l’envoi de pièce comme sur un formulaire', async () => {
		const { id, cookie } = await draft()
		const slot = `rib:${(await draft()).lead.organization.id}`
		const send = (pathname: string, contentType: string, body: string) =>
			fetch(server.baseUrl + pathname, { method: 'POST', body, headers: { Cookie: cookie, Origin: server.baseUrl, 'Content-Type': contentType }, redirect: 'manual' })
		const truncated = `--XyZ\r\nContent-Disposition: form-data; name="slot"\r\n\r\n${slot}\r\n--XyZ\r\nContent-Disposition: form-data; name="file"; filename="rib.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4`
		for (const [contentType, body] of [
			['multipart/form-data; boundary=XyZ', truncated],
			['multipart/form-data', truncated],
			['multipart/form-data; boundary=Other', truncated],
		] as const) {
			const upload = await send(`/candidatures/${id}/pieces?slot=${encodeURIComponent(slot)}`, contentType, body)
			expect(upload.status, contentType).toBe(400)
			expect(await upload.text()).toContain('n’a pas pu être reçu')
			const form = await send(`/candidatures/${id}/projet`, contentType, body)
			expect(form.status, contentType).toBe(400)
			expect(await form.text()).toContain('Le formulaire envoyé est illisible')
		}
		expect(await db.select().from(attachments).where(eq(attachments.applicationId, id))).toEqual([])
	})
})

/** A multipart body written by hand, so that the file name goes through byte for byte. */
function multipart(fields: Record<string, string>, file: { name: string; data: Buffer }) {
	const boundary = 'ensembleBoundary42'
	const parts: Buffer[] = Object.entries(fields).map(([name, value]) =>
		Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
	)
	parts.push(
		Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/pdf\r\n\r\n`),
		file.data,
		Buffer.from(`\r\n--${boundary}--\r\n`),
	)
	return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` }
}

describe('noms de fichiers', () => {
	async function upload(name: string, data: Buffer) {
		const { id, cookie, lead } = await draft()
		const slot = `rib:${lead.organization.id}`
		const { body, contentType } = multipart({ slot }, { name, data })
		const response = await fetch(`${server.baseUrl}/candidatures/${id}/pieces?slot=${encodeURIComponent(slot)}`, {
			method: 'POST',
			body: new Uint8Array(body),
			headers: { Cookie: cookie, Origin: server.baseUrl, 'Content-Type': contentType },
			redirect: 'manual',
		})
		return { response, id, cookie }
	}

	test('un PDF nommé « budget;v2=final.pdf » est accepté et se télécharge sous son nom', async () => {
		const { response, id, cookie } = await upload('budget;v2=final.pdf', PDF)
		expect(response.status).toBe(302)
		const [stored] = await db.select().from(attachments).where(eq(attachments.applicationId, id))
		expect(stored!.filename).toBe('budget;v2=final.pdf')
		const download = await get(server, `/candidatures/${id}/pieces/${stored!.id}`, cookie)
		expect(download.status).toBe(200)
		expect(download.headers.get('content-disposition')).toBe(`attachment; filename="budget;v2=final.pdf"; filename*=UTF-8''budget%3Bv2%3Dfinal.pdf`)
	})

	test('un fichier vide : « Le fichier est vide »', async () => {
		const { response, id } = await upload('rib.pdf', Buffer.alloc(0))
		expect(response.status).toBe(400)
		expect(await response.text()).toContain('Le fichier est vide')
		expect(await db.select().from(attachments).where(eq(attachments.applicationId, id))).toEqual([])
	})

	test('un caractère NUL dans le nom du fichier : 400, rien d’écrit', async () => {
		const { response, id } = await upload('rib\u0000.pdf', PDF)
		expect(response.status).toBe(400)
		expect(await response.text()).toContain('caractère nul')
		expect(await db.select().from(attachments).where(eq(attachments.applicationId, id))).toEqual([])
	})
})

describe('saisie conservée (form_drafts)', () => {
	test('un cookie qui porte seulement le nom de celui de session ne conserve rien', async () => {
		const { id } = await draft()
		const count = async () => (await db.select().from(formDrafts)).length
		const before = await count()
		const response = await post(server, `/candidatures/${id}/projet`, { version: '1', title: 'x'.repeat(100_000) }, { cookie: 'ensemble_session=forged0123456789abcdef' })
		expect(response.status).toBe(302)
		expect(new URL(response.headers.get('location')!, server.baseUrl).searchParams.get('redirectTo') ?? '').not.toContain('brouillon')
		expect(await count()).toBe(before)
	})

	test('une session réelle expirée conserve la saisie, bornée en taille et en nombre', async () => {
		const { id, cookie, lead } = await draft()
		// The session expires (lucia deletes it when it is next read).
		await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.userId, lead.user.id))
		const response = await post(
			server,
			`/candidatures/${id}/projet`,
			{ version: '1', title: 'Gardé', summary: 'y'.repeat(DRAFT_MAX_BYTES + 10), publics: 'Des habitants' },
			{ cookie },
		)
		expect(response.status).toBe(302)
		const [kept] = await db.select().from(formDrafts).where(eq(formDrafts.userId, lead.user.id))
		expect(kept!.fields).toEqual([
			['version', '1'],
			['title', 'Gardé'],
			['publics', 'Des habitants'],
		])
		// Lucia ends an expired session when it reads it: each later post comes from another
		// expired session of the same person (other tabs, other devices). At most
		// DRAFT_MAX_PER_USER drafts are kept, the newest.
		for (let i = 0; i < DRAFT_MAX_PER_USER + 2; i++) {
			const sessionId = `expiredsession${i}${lead.user.id.replace(/-/g, '')}`
			await db.insert(sessions).values({ id: sessionId, userId: lead.user.id, expiresAt: new Date(Date.now() - 1000) })
			const again = await post(server, `/candidatures/${id}/projet`, { version: '1', title: `Essai ${i}` }, { cookie: `ensemble_session=${sessionId}` })
			expect(again.status).toBe(302)
			expect(again.headers.get('location')).toContain('brouillon')
		}
		const drafts = await db.select().from(formDrafts).where(eq(formDrafts.userId, lead.user.id))
		expect(drafts.map((d) => d.fields.find(([name]) => name === 'title')?.[1]).sort()).toEqual(
			Array.from({ length: DRAFT_MAX_PER_USER }, (_, i) => `Essai ${i + 2}`).sort(),
		)
	})
})

describe('une seule limite pour les réponses courtes', () => {
	test('le financeur autorise 500 caractères : 450 acceptés, 501 refusés avec le message', async () => {
		const call = await createCall()
		const [question] = await db
			.insert(callQuestions)
			.values({ callId: call.id, label: 'Votre devise ?', type: 'short_text', maxLength: 500, required: false, position: 0 })
			.returning()
		const { id, cookie } = await draft({ funderId: call.funderId })
		// The application is on another call of the same funder: move it onto this one.
		await db.update(applications).set({ callId: call.id }).where(eq(applications.id, id))
		const page = `/candidatures/${id}/questions`
		const version = async () => String((await applicationRow(id)).answersVersion)
		const refused = await post(server, page, { version: await version(), [`answers.${question!.id}`]: 'a'.repeat(501) }, { cookie })
		expect(refused.status).toBe(400)
		expect(await refused.text()).toContain('La réponse ne doit pas dépasser 500 caractères.')
		const accepted = await post(server, page, { version: await version(), [`answers.${question!.id}`]: 'a'.repeat(450) }, { cookie })
		expect(accepted.status).toBe(302)
		expect((await applicationRow(id)).answers).toEqual({ [question!.id]: 'a'.repeat(450) })
	})
})

describe('validation', () => {
	test('la grille avec trois lignes fausses montre toutes les erreurs à la fois, chacune près de son champ', async () => {
		const { call, cookie } = await funderCall()
		const response = await post(
			server,
			`/gestion/appels/${call.id}/grille`,
			{
				intent: 'save-criteria',
				'criteria[0].label': 'Coopération',
				'criteria[0].weight': '0',
				'criteria[0].scaleMax': '1',
				'criteria[1].label': 'Utilité',
				'criteria[1].weight': 'beaucoup',
				'criteria[1].scaleMax': '1000',
				'criteria[2].description': 'Sans intitulé',
				'criteria[2].weight': '-2',
			},
			{ cookie },
		)
		expect(response.status).toBe(400)
		const html = await response.text()
		const errorOf = (index: number, field: string) =>
			new RegExp(`<p id="grille-criteria\\[${index}\\]\\.${field}-error" class="field-error">([^<]*)</p>`).exec(html)?.[1]
		expect(errorOf(0, 'weight')).toBe('Le coefficient est un nombre entier entre 1 et 100.')
		expect(errorOf(0, 'scaleMax')).toBe('La note maximale est un nombre entier entre 2 et 100.')
		expect(errorOf(1, 'weight')).toBe('Le coefficient est un nombre entier entre 1 et 100.')
		expect(errorOf(1, 'scaleMax')).toBe('La note maximale est un nombre entier entre 2 et 100.')
		expect(errorOf(2, 'label')).toBe('Donnez un intitulé à ce critère, ou videz la ligne pour le retirer.')
		expect(errorOf(2, 'weight')).toBe('Le coefficient est un nombre entier entre 1 et 100.')
		expect(await db.select().from(criteriaTable).where(eq(criteriaTable.callId, call.id))).toEqual([])
	})

	test('une étape du calendrier en 1999 est refusée', async () => {
		const { call, cookie } = await funderCall()
		const response = await post(server, `/gestion/appels/${call.id}`, { intent: 'save', title: 'Appel', juryStartsOn: '1999-04-15' }, { cookie })
		expect(response.status).toBe(400)
		expect(await response.text()).toContain('Cette date est trop ancienne')
	})

	test('une réponse négative à une question numérique est refusée ; « 1.234,5 » est lu comme 1234,5', async () => {
		const call = await createCall()
		const [question] = await db
			.insert(callQuestions)
			.values({ callId: call.id, label: 'Combien de bénévoles ?', type: 'number', required: false, position: 0 })
			.returning()
		const { id, cookie } = await draft()
		await db.update(applications).set({ callId: call.id }).where(eq(applications.id, id))
		const page = `/candidatures/${id}/questions`
		const version = async () => String((await applicationRow(id)).answersVersion)
		const negative = await post(server, page, { version: await version(), [`answers.${question!.id}`]: '-3' }, { cookie })
		expect(negative.status).toBe(400)
		expect(await negative.text()).toContain('Indiquez un nombre positif ou nul.')
		const french = await post(server, page, { version: await version(), [`answers.${question!.id}`]: '1.234,5' }, { cookie })
		expect(french.status).toBe(302)
		expect((await applicationRow(id)).answers).toEqual({ [question!.id]: 1234.5 })
	})
})
