/**
 * Messages on a dossier between the funder's staff and the consortium, and requests for a
 * missing piece or answer ("demandes de complément") that reopen only what was asked,
 * until a date, then close again.
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { getHistory } from '#app/domain/applications/read-model.server.ts'
import { saveBudget, saveProject, projectOf } from '#app/domain/applications/sections.server.ts'
import { addAttachment } from '#app/domain/applications/attachments.server.ts'
import { readBudget } from '#app/domain/applications/rules.ts'
import { startCallJobs } from '#app/domain/calls/call-jobs.server.ts'
import { answerRequest, closeRequest, closeRequestsPastDue, openRequest } from '#app/domain/dossier-messages/requests.server.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, applicationMessages, applicationRequests, applications, auditEvents, outboxMessages } from '#db/schema/index.ts'
import { addMember, createAssociationMember, createCall, createJuror, createStaff, createUser } from '#tests/factories.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n')
const DAY = 24 * 3600_000

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

/**
 * A submitted dossier: association A leads (its référent and a simple member), B has
 * confirmed; C is unrelated; the call asks for a RIB (of the lead) and statutes (of each).
 */
async function setup(status: 'submitted' | 'admissible' | 'draft' = 'submitted') {
	const staff = await createStaff('funder')
	const call = await createCall({
		funderId: staff.organization.id,
		requiredAttachments: [
			{ key: 'rib', label: 'RIB', givenBy: 'lead' },
			{ key: 'statuts', label: 'Statuts', givenBy: 'each' },
		],
	})
	const a = await createAssociationMember('referent')
	const aMember = await createUser()
	await addMember(a.organization.id, aMember.id, 'member')
	const b = await createAssociationMember('referent')
	const c = await createAssociationMember('referent')
	const otherFunder = await createStaff('funder')
	const supporter = await createStaff('supporter')
	const juror = await createJuror(call.id)
	const [application] = await db
		.insert(applications)
		.values({
			callId: call.id,
			leadOrganizationId: a.organization.id,
			title: 'Contes et crêpes',
			summary: 'Des après-midis entre générations.',
			status,
			budget: { charges: [{ account: '64', label: 'Animatrice', amountCents: 1_000_000 }], products: [], amountRequestedCents: 1_000_000 },
			amountRequestedCents: 1_000_000,
			submittedAt: status === 'draft' ? null : new Date(),
		})
		.returning()
	const confirmed = { status: 'confirmed' as const, roleDescription: 'Anime', contribution: 'Une salle', confirmedAt: new Date(), confirmedVersion: 1 }
	await db.insert(applicationMembers).values([
		{ applicationId: application!.id, organizationId: a.organization.id, role: 'lead', ...confirmed },
		{ applicationId: application!.id, organizationId: b.organization.id, role: 'co_carrier', ...confirmed },
	])
	return { staff, otherFunder, supporter, juror, call, a, aMember, b, c, id: application!.id }
}

type Setup = Awaited<ReturnType<typeof setup>>
const staffPage = (s: Setup) => `/gestion/appels/${s.call.id}/candidatures/${s.id}/messages`
const consortiumPage = (s: Setup) => `/candidatures/${s.id}/messages`

async function application(id: string) {
	const [row] = await db.select().from(applications).where(eq(applications.id, id))
	return row!
}

async function budgetSave(s: Setup, user = s.a.user) {
	const row = await application(s.id)
	return saveBudget({
		id: s.id,
		user,
		input: {
			version: row.budgetVersion,
			charges: [{ account: '64', label: 'Animatrice', amountCents: 1_200_000 }],
			products: [{ account: '74', label: 'Ville de Grenoble', amountCents: 200_000 }],
			amountRequested: 1_000_000,
		},
	})
}

async function projectSave(s: Setup) {
	const row = await application(s.id)
	const { title, summary, themeIds, ...project } = projectOf(row)
	return saveProject({ id: s.id, user: s.a.user, input: { version: row.projectVersion, title, summary: `${summary} Modifié.`, themeIds, ...project } as never })
}

const emailsTo = async (template: string) => (await db.select().from(outboxMessages).where(eq(outboxMessages.template, template))).map((m) => m.toAddress).sort()

describe('fil de messages d’un dossier', () => {
	test('le financeur et le consortium s’écrivent ; chaque message part par e-mail à l’autre côté et figure dans l’historique', async () => {
		const s = await setup()
		const staffCookie = await login(server, s.staff.user.email)
		const sent = await post(server, staffPage(s), { intent: 'message', body: 'Pouvez-vous préciser le calendrier des ateliers ?' }, { cookie: staffCookie })
		expect(sent.status).toBe(302)
		// The référent of each confirmed association, and every member of the lead.
		expect(await emailsTo('dossier-message')).toEqual([s.a.user.email, s.aMember.email, s.b.user.email].sort())
		const [email] = await db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, s.b.user.email))
		expect(email!.text).toContain('Pouvez-vous préciser le calendrier des ateliers ?')
		expect(email!.text).toContain(`/candidatures/${s.id}/messages`)

		const partnerCookie = await login(server, s.b.user.email)
		const page = await get(server, consortiumPage(s), partnerCookie)
		expect(page.status).toBe(200)
		const html = await page.text()
		expect(html).toContain('<h2 id="fil">Fil des messages</h2>')
		expect(html).toContain('Pouvez-vous préciser le calendrier des ateliers ?')

		await db.delete(outboxMessages)
		const answer = await post(server, consortiumPage(s), { intent: 'message', body: 'Les ateliers ont lieu le mercredi.' }, { cookie: partnerCookie })
		expect(answer.status).toBe(302)
		expect(await emailsTo('dossier-message')).toEqual([s.staff.user.email])

		const staffView = await (await get(server, staffPage(s), staffCookie)).text()
		expect(staffView).toContain('<h2 id="fil">Fil des messages</h2>')
		expect(staffView).toContain('Demander un complément')
		expect(staffView).toContain('Pouvez-vous préciser le calendrier des ateliers ?')
		expect(staffView).toContain('Les ateliers ont lieu le mercredi.')

		const history = (await getHistory(s.id)).map((e) => e.action)
		expect(history).toEqual(['application.message_from_funder', 'application.message_from_consortium'])
		const dossier = await (await get(server, `/gestion/appels/${s.call.id}/candidatures/${s.id}`, staffCookie)).text()
		expect(dossier).toContain('Message du financeur')
		expect(dossier).toContain('Message du consortium')
		const consortiumDossier = await (await get(server, `/candidatures/${s.id}`, partnerCookie)).text()
		expect(consortiumDossier).toContain('Message du financeur')
	})

	test('une association étrangère, un autre financeur, l’accompagnement, un juré : 404, rien n’est écrit', async () => {
		const s = await setup()
		const outsiders = [s.c.user.email, s.otherFunder.user.email, s.supporter.user.email, s.juror.email]
		for (const email of outsiders) {
			const cookie = await login(server, email)
			for (const path of [staffPage(s), consortiumPage(s)]) {
				expect((await get(server, path, cookie)).status, `${email} GET ${path}`).toBe(404)
				expect((await post(server, path, { intent: 'message', body: 'Intrusion' }, { cookie })).status, `${email} POST ${path}`).toBe(404)
			}
		}
		// The consortium does not reach the funder's page either.
		const lead = await login(server, s.a.user.email)
		expect((await get(server, staffPage(s), lead)).status).toBe(404)
		expect(await db.select().from(applicationMessages)).toEqual([])
		expect(await db.select().from(outboxMessages)).toEqual([])
	})

	test('un message trop long est refusé en français (400) et rien n’est écrit', async () => {
		const s = await setup()
		const staffCookie = await login(server, s.staff.user.email)
		const tooLong = 'x'.repeat(5_001)
		const response = await post(server, staffPage(s), { intent: 'message', body: tooLong }, { cookie: staffCookie })
		expect(response.status).toBe(400)
		expect(await response.text()).toMatch(/Le message ne doit pas dépasser 5.000 caractères/)
		const lead = await login(server, s.a.user.email)
		const fromLead = await post(server, consortiumPage(s), { intent: 'message', body: tooLong }, { cookie: lead })
		expect(fromLead.status).toBe(400)
		expect(await fromLead.text()).toMatch(/Le message ne doit pas dépasser 5.000 caractères/)
		expect((await post(server, consortiumPage(s), { intent: 'message', body: '   ' }, { cookie: lead })).status).toBe(400)
		const nul = await post(server, consortiumPage(s), { intent: 'message', body: 'Bonjour\u0000' }, { cookie: lead })
		expect(nul.status).toBe(400)
		expect(await nul.text()).toContain('caractère invisible non autorisé')
		expect(await db.select().from(applicationMessages)).toEqual([])
		expect(await db.select().from(outboxMessages)).toEqual([])
		// The two logins are recorded (the admin's journal); nothing else is.
		expect((await db.select().from(auditEvents)).map((event) => event.action)).toEqual(['user.logged_in', 'user.logged_in'])
	})

	test('sur un brouillon, le consortium ne peut pas encore écrire au financeur', async () => {
		const s = await setup('draft')
		const lead = await login(server, s.a.user.email)
		expect((await get(server, consortiumPage(s), lead)).status).toBe(200)
		const response = await post(server, consortiumPage(s), { intent: 'message', body: 'Bonjour' }, { cookie: lead })
		expect(response.status).toBe(409)
		expect(await response.text()).toContain('s’ouvrent au dépôt du dossier')
		expect(await db.select().from(applicationMessages)).toEqual([])
	})
})

describe('demande de complément', () => {
	test('rouvre seulement le budget et le RIB ; « Envoyer les compléments » les referme', async () => {
		const s = await setup()
		const opened = await openRequest({
			user: s.staff.user,
			callId: s.call.id,
			applicationId: s.id,
			message: 'Le budget ne mentionne pas le cofinancement de la Ville ; joignez aussi un RIB à jour.',
			items: ['budget', 'attachment:rib'],
			dueAt: new Date(Date.now() + 7 * DAY),
		})
		expect(opened.ok).toBe(true)
		expect(await emailsTo('dossier-request-opened')).toEqual([s.a.user.email, s.aMember.email, s.b.user.email].sort())

		// The budget is accepted; the project is not; an attachment of an unlisted kind is not; the RIB is.
		expect((await budgetSave(s)).ok).toBe(true)
		expect(readBudget((await application(s.id)).budget).products).toEqual([{ account: '74', label: 'Ville de Grenoble', amountCents: 200_000 }])
		const project = await projectSave(s)
		expect(project).toMatchObject({ ok: false, message: expect.stringContaining('déposé') })
		const statutes = await addAttachment({ id: s.id, user: s.a.user, slot: `statuts:${s.a.organization.id}`, filename: 'statuts.pdf', data: PDF })
		expect(statutes).toMatchObject({ ok: false })
		const rib = await addAttachment({ id: s.id, user: s.a.user, slot: `rib:${s.a.organization.id}`, filename: 'rib.pdf', data: PDF })
		expect(rib.ok).toBe(true)
		// The status is kept; the partners' engagements are not lapsed by the completed budget.
		expect((await application(s.id)).status).toBe('submitted')
		const members = await db.select().from(applicationMembers).where(eq(applicationMembers.applicationId, s.id))
		expect(members.every((m) => m.status === 'confirmed')).toBe(true)

		// Over HTTP: the lead sees the budget form enabled, not the project; a partner may not send.
		const lead = await login(server, s.a.user.email)
		const partner = await login(server, s.b.user.email)
		const messages = await (await get(server, consortiumPage(s), lead)).text()
		expect(messages).toContain('vous demande')
		expect(messages).toContain('Envoyer les compléments')
		expect(messages).toContain(`href="/candidatures/${s.id}/budget"`)
		expect(await (await get(server, `/candidatures/${s.id}/budget`, lead)).text()).not.toContain('Cette section est en lecture seule')
		expect(await (await get(server, `/candidatures/${s.id}/projet`, lead)).text()).toContain('Cette section est en lecture seule')
		const [request] = await db.select().from(applicationRequests)
		expect((await post(server, consortiumPage(s), { intent: 'answer-request', requestId: request!.id }, { cookie: partner })).status).toBe(403)

		const sent = await post(server, consortiumPage(s), { intent: 'answer-request', requestId: request!.id }, { cookie: lead })
		expect(sent.status).toBe(302)
		const [answered] = await db.select().from(applicationRequests)
		expect(answered!.status).toBe('answered')
		expect(await emailsTo('dossier-request-answered')).toEqual([s.staff.user.email])
		expect((await budgetSave(s)).ok).toBe(false)
		expect((await addAttachment({ id: s.id, user: s.a.user, slot: `rib:${s.a.organization.id}`, filename: 'rib.pdf', data: PDF })).ok).toBe(false)
		expect((await application(s.id)).status).toBe('submitted')

		const history = (await getHistory(s.id)).map((e) => e.action)
		expect(history).toEqual(expect.arrayContaining(['application.request_opened', 'application.section_saved', 'application.attachment_added', 'application.request_answered']))
		const staffCookie = await login(server, s.staff.user.email)
		const dossier = await (await get(server, `/gestion/appels/${s.call.id}/candidatures/${s.id}`, staffCookie)).text()
		expect(dossier).toContain('Demande de complément du financeur')
		expect(dossier).toContain('Compléments envoyés par le chef de file')
		// The funder sees the completed budget.
		expect(dossier).toContain('Ville de Grenoble')
	})

	test('à la date limite, les parties se referment et le planificateur clôt la demande', async () => {
		const s = await setup('admissible')
		const opened = await openRequest({ user: s.staff.user, callId: s.call.id, applicationId: s.id, message: 'Le budget, s’il vous plaît.', items: ['budget'], dueAt: new Date(Date.now() + DAY) })
		if (!opened.ok) throw new Error(opened.message)
		expect((await budgetSave(s)).ok).toBe(true)
		await db.update(applicationRequests).set({ dueAt: new Date(Date.now() - 1000) }).where(eq(applicationRequests.id, opened.requestId))
		// Read-only at once, before the scheduler has run.
		expect((await budgetSave(s)).ok).toBe(false)
		const lead = await login(server, s.a.user.email)
		expect(await (await get(server, `/candidatures/${s.id}/budget`, lead)).text()).toContain('Cette section est en lecture seule')
		expect((await answerRequest({ user: s.a.user, applicationId: s.id, requestId: opened.requestId })).ok).toBe(false)

		expect(await closeRequestsPastDue()).toEqual([opened.requestId])
		expect(await closeRequestsPastDue()).toEqual([])
		const [request] = await db.select().from(applicationRequests)
		expect(request!.status).toBe('closed')
		expect(request!.closedAt).not.toBeNull()
		const [expired] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, s.id), eq(auditEvents.action, 'application.request_expired')))
		expect(expired).toBeDefined()
		expect((await application(s.id)).status).toBe('admissible')
	})

	test('le planificateur des appels (chaque minute) clôt aussi les demandes échues', async () => {
		const s = await setup()
		const opened = await openRequest({ user: s.staff.user, callId: s.call.id, applicationId: s.id, message: 'Le budget.', items: ['budget'], dueAt: new Date(Date.now() + DAY) })
		if (!opened.ok) throw new Error(opened.message)
		await db.update(applicationRequests).set({ dueAt: new Date(Date.now() - 1000) }).where(eq(applicationRequests.id, opened.requestId))
		const stop = startCallJobs({ intervalMs: 60_000 })
		try {
			await expect.poll(async () => (await db.select().from(applicationRequests))[0]!.status, { timeout: 10_000 }).toBe('closed')
		} finally {
			await stop()
		}
	})

	test('le financeur peut clore une demande avant sa date ; une seule demande à la fois', async () => {
		const s = await setup()
		const input = { user: s.staff.user, callId: s.call.id, applicationId: s.id, message: 'Le projet.', items: ['project'], dueAt: new Date(Date.now() + DAY) }
		const opened = await openRequest(input)
		if (!opened.ok) throw new Error(opened.message)
		expect(await openRequest(input)).toMatchObject({ ok: false, message: expect.stringContaining('déjà en cours') })
		expect((await projectSave(s)).ok).toBe(true)
		expect((await closeRequest({ user: s.staff.user, callId: s.call.id, applicationId: s.id, requestId: opened.requestId })).ok).toBe(true)
		expect((await projectSave(s)).ok).toBe(false)
		// Another funder's staff may not close it.
		expect(await closeRequest({ user: s.otherFunder.user, callId: s.call.id, applicationId: s.id, requestId: opened.requestId }).catch((r: Response) => r.status)).toBe(404)
	})

	test('le formulaire de demande est borné : parties, date future à 60 jours au plus, champs inconnus ; rien n’est écrit', async () => {
		const s = await setup()
		const cookie = await login(server, s.staff.user.email)
		const base = { intent: 'request', message: 'Le budget.', items: 'budget', dueTime: '12:00' }
		const cases: [Record<string, string>, RegExp][] = [
			[{ ...base, dueDate: '2020-01-01' }, /doit être dans le futur/],
			[{ ...base, dueDate: new Date(Date.now() + 90 * DAY).toISOString().slice(0, 10) }, /dans les 60 jours/],
			[{ ...base, items: 'inconnue', dueDate: new Date(Date.now() + 5 * DAY).toISOString().slice(0, 10) }, /parmi celles proposées/],
			[{ intent: 'request', message: 'Le budget.', dueDate: new Date(Date.now() + 5 * DAY).toISOString().slice(0, 10) }, /Cochez au moins une partie/],
			[{ ...base, 'items[100000]': 'budget', dueDate: '2030-01-01' }, /trop de lignes/],
			[{ ...base, extra: 'x', dueDate: '2030-01-01' }, /champ inconnu/],
		]
		for (const [fields, message] of cases) {
			const response = await post(server, staffPage(s), fields, { cookie })
			expect(response.status, JSON.stringify(fields)).toBe(400)
			expect(await response.text()).toMatch(message)
		}
		const tooMany = new URLSearchParams({ intent: 'request', message: 'Tout.', dueDate: new Date(Date.now() + 5 * DAY).toISOString().slice(0, 10) })
		for (let i = 0; i < 25; i++) tooMany.append('items', 'budget')
		const response = await fetch(server.baseUrl + staffPage(s), {
			method: 'POST',
			body: tooMany,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.baseUrl, Cookie: cookie },
			redirect: 'manual',
		})
		expect(response.status).toBe(400)
		expect(await db.select().from(applicationRequests)).toEqual([])
		expect(await db.select().from(outboxMessages)).toEqual([])

		// And a valid one, through the page.
		const ok = await post(server, staffPage(s), { ...base, items: 'budget', dueDate: new Date(Date.now() + 5 * DAY).toISOString().slice(0, 10) }, { cookie })
		expect(ok.status).toBe(302)
		expect(await db.select().from(applicationRequests)).toHaveLength(1)
	})
})
