/**
 * The supporter's opinion (issue 8): the consortium names its accompanying structure in the
 * dossier (a supporter structure, nothing else); the staff of that structure see the
 * dossier's title, call and associations in /accompagnement once it is submitted and give
 * an opinion (favourable, réservé, défavorable, with a text) they may edit until the call
 * reaches deliberation; the funder's staff and the jurors read it beside the dossier, the
 * consortium reads only that it was given.
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { submitApplication } from '#app/domain/applications/submission.server.ts'
import { loadDossier } from '#app/domain/applications/read-model.server.ts'
import { nameSupporter } from '#app/domain/applications/supporter.server.ts'
import { giveOpinion } from '#app/domain/supporters/opinions.server.ts'
import { OPINION_TEXT_MAX } from '#app/domain/supporters/opinions.ts'
import { db } from '#db/client.server.ts'
import { applications, auditEvents, calls, organizations, outboxMessages, supporterOpinions } from '#db/schema/index.ts'
import { createOrganization, createStaff } from '#tests/factories.ts'
import { readyApplication } from '#tests/support/applications.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

async function supporterNamed(name = 'Maison des Associations de Grenoble') {
	const supporter = await createStaff('supporter')
	await db.update(organizations).set({ name }).where(eq(organizations.id, supporter.organization.id))
	return supporter
}

/** A dossier whose lead named `supporter` as its accompanying structure, then submitted it. */
async function submittedWith(supporter: Awaited<ReturnType<typeof createStaff>>) {
	const ready = await readyApplication()
	expect(await nameSupporter({ user: ready.a.user, id: ready.id, supporterOrganizationId: supporter.organization.id })).toEqual({ ok: true })
	expect(await submitApplication({ id: ready.id, user: ready.a.user })).toMatchObject({ ok: true })
	return ready
}

const page = (id: string) => `/accompagnement/dossiers/${id}/avis`

describe('le consortium nomme sa structure d’accompagnement', () => {
	test('le chef de file la choisit parmi les structures d’accompagnement ; elle figure dans le dossier ; « aucune » la retire', async () => {
		const supporter = await supporterNamed()
		const ready = await readyApplication()
		const cookie = await login(server, ready.a.user.email)
		const form = await (await get(server, `/candidatures/${ready.id}/partenaires`, cookie)).text()
		expect(form).toContain('Aucune structure d’accompagnement')
		expect(form).toContain('Maison des Associations de Grenoble')

		const saved = await post(server, `/candidatures/${ready.id}/partenaires`, { intent: 'supporter', supporterOrganizationId: supporter.organization.id }, { cookie })
		expect(saved.status).toBe(302)
		const [row] = await db.select().from(applications).where(eq(applications.id, ready.id))
		expect(row!.supporterOrganizationId).toBe(supporter.organization.id)
		const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, ready.id), eq(auditEvents.action, 'application.supporter_named')))
		expect(event).toMatchObject({ actorUserId: ready.a.user.id, data: { from: null, to: supporter.organization.id, organizationName: 'Maison des Associations de Grenoble' } })
		const dossier = await (await get(server, `/candidatures/${ready.id}`, cookie)).text()
		expect(dossier).toContain('Structure d’accompagnement')
		expect(dossier).toContain('Maison des Associations de Grenoble')

		expect((await post(server, `/candidatures/${ready.id}/partenaires`, { intent: 'supporter', supporterOrganizationId: '' }, { cookie })).status).toBe(302)
		expect((await db.select().from(applications).where(eq(applications.id, ready.id)))[0]!.supporterOrganizationId).toBeNull()
	})

	test('une association, un financeur ou un identifiant inconnu sont refusés, avec un message à côté du champ ; rien n’est écrit', async () => {
		const ready = await readyApplication()
		const cookie = await login(server, ready.a.user.email)
		const association = await createOrganization({ kind: 'association' })
		const funder = await createOrganization({ kind: 'funder' })
		for (const id of [association.id, funder.id, 'inconnu']) {
			const refused = await post(server, `/candidatures/${ready.id}/partenaires`, { intent: 'supporter', supporterOrganizationId: id }, { cookie })
			expect(refused.status).toBe(400)
			expect(await refused.text()).toContain('Choisissez une structure d’accompagnement de la liste.')
		}
		expect((await db.select().from(applications).where(eq(applications.id, ready.id)))[0]!.supporterOrganizationId).toBeNull()
		expect(await db.select().from(auditEvents).where(eq(auditEvents.action, 'application.supporter_named'))).toEqual([])
	})

	test('un partenaire ne la choisit pas (403) ; le dossier déposé ne se modifie plus', async () => {
		const supporter = await supporterNamed()
		const ready = await submittedWith(supporter)
		const partner = await login(server, ready.b.user.email)
		// The partner, and the lead once the dossier is submitted, read the structure's name: no list to choose from.
		for (const cookie of [partner, await login(server, ready.a.user.email)]) {
			const read = await (await get(server, `/candidatures/${ready.id}/partenaires`, cookie)).text()
			expect(read).toContain('<p>Maison des Associations de Grenoble</p>')
			expect(read).not.toContain('name="supporterOrganizationId"')
		}
		expect((await post(server, `/candidatures/${ready.id}/partenaires`, { intent: 'supporter', supporterOrganizationId: '' }, { cookie: partner })).status).toBe(403)
		expect(await nameSupporter({ user: ready.a.user, id: ready.id, supporterOrganizationId: null })).toMatchObject({ ok: false, message: expect.stringContaining('déposé') })
		expect((await db.select().from(applications).where(eq(applications.id, ready.id)))[0]!.supporterOrganizationId).toBe(supporter.organization.id)
	})
})

describe('l’avis de la structure d’accompagnement', () => {
	test('l’équipe de la structure voit le dossier déposé (pas le brouillon), donne son avis puis le modifie', async () => {
		const supporter = await supporterNamed()
		const draft = await readyApplication()
		await nameSupporter({ user: draft.a.user, id: draft.id, supporterOrganizationId: supporter.organization.id })
		await db.update(applications).set({ title: 'Brouillon secret' }).where(eq(applications.id, draft.id))
		const ready = await submittedWith(supporter)
		const cookie = await login(server, supporter.user.email)

		const space = await (await get(server, '/accompagnement', cookie)).text()
		expect(space).toContain('Contes et crêpes')
		expect(space).toContain(ready.call.title)
		expect(space).not.toContain('Brouillon secret')
		expect((await get(server, page(draft.id), cookie)).status).toBe(404)

		const form = await get(server, page(ready.id), cookie)
		expect(form.status).toBe(200)
		const html = await form.text()
		expect(html).toContain('Contes et crêpes')
		expect(html).toContain(ready.a.organization.name)
		// Only the title, the call and the associations: not the project's content.
		expect(html).not.toContain('Comment les habitants participent-ils ?')

		expect((await post(server, page(ready.id), { verdict: 'favourable', text: 'Un consortium solide, accompagné depuis deux ans.' }, { cookie })).status).toBe(302)
		const [first] = await db.select().from(supporterOpinions).where(eq(supporterOpinions.applicationId, ready.id))
		expect(first).toMatchObject({ organizationId: supporter.organization.id, verdict: 'favourable', text: 'Un consortium solide, accompagné depuis deux ans.', authorId: supporter.user.id })

		expect((await post(server, page(ready.id), { verdict: 'reserved', text: 'Le budget reste fragile.' }, { cookie })).status).toBe(302)
		const rows = await db.select().from(supporterOpinions).where(eq(supporterOpinions.applicationId, ready.id))
		expect(rows).toHaveLength(1)
		expect(rows[0]).toMatchObject({ id: first!.id, verdict: 'reserved', text: 'Le budget reste fragile.' })
		const events = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, ready.id), eq(auditEvents.action, 'application.supporter_opinion_given')))
		expect(events.map((e) => (e.data as { verdict: string }).verdict).sort()).toEqual(['favourable', 'reserved'])
		expect((await get(server, '/accompagnement', cookie)).ok).toBe(true)
	})

	test('au dépôt, l’équipe de la structure nommée reçoit un e-mail qui mène à la page de l’avis ; une autre structure, rien', async () => {
		const supporter = await supporterNamed()
		const other = await supporterNamed('Maison des Associations de Lyon')
		const ready = await submittedWith(supporter)
		const mails = await db.select().from(outboxMessages).where(eq(outboxMessages.template, 'supporter-opinion-requested'))
		const toStructure = mails.filter((m) => m.toAddress === supporter.user.email)
		expect(toStructure).toHaveLength(1)
		expect(toStructure[0]!.text).toContain('Contes et crêpes')
		expect(toStructure[0]!.text).toContain('Maison des Associations de Grenoble')
		expect(toStructure[0]!.text).toContain(page(ready.id))
		expect(mails.filter((m) => m.toAddress === other.user.email)).toEqual([])
	})

	test('texte exigé et borné, avis à choisir : refus lisibles, saisie gardée, rien d’écrit', async () => {
		const supporter = await supporterNamed()
		const ready = await submittedWith(supporter)
		const cookie = await login(server, supporter.user.email)
		const empty = await post(server, page(ready.id), { verdict: 'favourable', text: '   ' }, { cookie })
		expect(empty.status).toBe(400)
		expect(await empty.text()).toContain('Écrivez votre avis')
		const long = 'Très long. '.repeat(Math.ceil(OPINION_TEXT_MAX / 10))
		const tooLong = await post(server, page(ready.id), { verdict: 'reserved', text: long }, { cookie })
		expect(tooLong.status).toBe(400)
		const body = await tooLong.text()
		expect(body).toContain(`${OPINION_TEXT_MAX} caractères`)
		expect(body).toContain('Très long. Très long.')
		const noVerdict = await post(server, page(ready.id), { verdict: 'excellent', text: 'Bien.' }, { cookie })
		expect(noVerdict.status).toBe(400)
		expect(await noVerdict.text()).toContain('Choisissez votre avis')
		expect(await db.select().from(supporterOpinions)).toEqual([])
	})

	test('l’équipe d’une autre structure, ou un financeur, ne voit pas le dossier (404, 403)', async () => {
		const supporter = await supporterNamed()
		const ready = await submittedWith(supporter)
		const other = await createStaff('supporter')
		const cookie = await login(server, other.user.email)
		expect((await get(server, page(ready.id), cookie)).status).toBe(404)
		expect((await post(server, page(ready.id), { verdict: 'unfavourable', text: 'Non.' }, { cookie })).status).toBe(404)
		expect(await (await get(server, '/accompagnement', cookie)).text()).not.toContain('Contes et crêpes')
		expect((await get(server, page(ready.id), await login(server, ready.staff.user.email))).status).toBe(403)
		expect(await giveOpinion({ user: other.user, applicationId: ready.id, verdict: 'favourable', text: 'Oui.' }).catch((e: Response) => e.status)).toBe(404)
		expect(await db.select().from(supporterOpinions)).toEqual([])
	})

	test('le financeur lit l’avis (verdict, texte, structure, date) ; le consortium lit seulement qu’il a été donné', async () => {
		const supporter = await supporterNamed()
		const ready = await submittedWith(supporter)
		expect(await giveOpinion({ user: supporter.user, applicationId: ready.id, verdict: 'unfavourable', text: 'Aucune réunion commune depuis un an.' })).toEqual({ ok: true })

		const funder = await (await get(server, `/gestion/appels/${ready.call.id}/candidatures/${ready.id}`, await login(server, ready.staff.user.email))).text()
		expect(funder).toContain('Avis de la structure d’accompagnement')
		expect(funder).toContain('Défavorable')
		expect(funder).toContain('Aucune réunion commune depuis un an.')
		expect(funder).toContain('Maison des Associations de Grenoble')

		const consortium = await (await get(server, `/candidatures/${ready.id}`, await login(server, ready.a.user.email))).text()
		expect(consortium).toContain('Avis de la structure d’accompagnement')
		expect(consortium).toContain('Maison des Associations de Grenoble')
		expect(consortium).not.toContain('Défavorable')
		expect(consortium).not.toContain('Aucune réunion commune')

		// The read model, one statement: what the simple query gives, cut for the consortium.
		const [application] = await db.select().from(applications).where(eq(applications.id, ready.id))
		const [stored] = await db.select().from(supporterOpinions).where(eq(supporterOpinions.applicationId, ready.id))
		const full = (await loadDossier(db, application!, { side: 'funder', callId: ready.call.id })).details
		expect(full.supporter).toEqual({ id: supporter.organization.id, name: 'Maison des Associations de Grenoble' })
		expect(full.supporterOpinion).toEqual({
			organizationName: 'Maison des Associations de Grenoble',
			verdict: 'unfavourable',
			text: 'Aucune réunion commune depuis un an.',
			givenAt: stored!.createdAt,
			updatedAt: stored!.updatedAt,
		})
		const cut = (await loadDossier(db, application!, { side: 'consortium' })).details
		expect(cut.supporterOpinion).toEqual({ organizationName: 'Maison des Associations de Grenoble', verdict: null, text: null, givenAt: stored!.createdAt, updatedAt: stored!.updatedAt })
	})

	test('à la délibération, l’avis se lit et ne se modifie plus', async () => {
		const supporter = await supporterNamed()
		const ready = await submittedWith(supporter)
		expect(await giveOpinion({ user: supporter.user, applicationId: ready.id, verdict: 'favourable', text: 'Très bon projet.' })).toEqual({ ok: true })
		await db.update(calls).set({ status: 'deliberation' }).where(eq(calls.id, ready.call.id))
		const cookie = await login(server, supporter.user.email)
		const html = await (await get(server, page(ready.id), cookie)).text()
		expect(html).toContain('Très bon projet.')
		expect(html).not.toContain('<textarea')
		const refused = await post(server, page(ready.id), { verdict: 'unfavourable', text: 'Changement.' }, { cookie })
		expect(refused.status).toBe(409)
		expect(await refused.text()).toContain('délibération')
		expect((await db.select().from(supporterOpinions).where(eq(supporterOpinions.applicationId, ready.id)))[0]).toMatchObject({ verdict: 'favourable', text: 'Très bon projet.' })
	})
})
