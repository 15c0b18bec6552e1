/**
 * The staff's jury page over HTTP, without JavaScript: the jury opens and closes through
 * its buttons (a French refusal when a dossier still waits), a conflict is dismissed with
 * its reason (refused without one, nothing written).
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, calls, invitations, jurors, juryConflicts, outboxMessages, themes } from '#db/schema/index.ts'
import { inviteJuror } from '#app/domain/jury/composition.server.ts'
import { addMember, createCall, createJuror, createOrganization, createStaff, createUser } from '#tests/factories.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

async function statusOf(callId: string) {
	const [row] = await db.select({ status: calls.status }).from(calls).where(eq(calls.id, callId))
	return row!.status
}

describe('page « Jury » du financeur', () => {
	test('ouvrir le jury (refusé en français tant qu’un dossier attend), puis la délibération', async () => {
		const staff = await createStaff('funder')
		const call = await createCall({ funderId: staff.organization.id, status: 'closed', deadlineAt: new Date(Date.now() - 3600_000) })
		const lead = await createOrganization({ kind: 'association' })
		const [waiting] = await db.insert(applications).values({ callId: call.id, leadOrganizationId: lead.id, title: 'Contes', status: 'submitted', submittedAt: new Date() }).returning()
		const cookie = await login(server, staff.user.email)
		const page = await get(server, `/gestion/appels/${call.id}/jury`, cookie)
		expect(page.status).toBe(200)
		expect(await page.text()).toContain('Ouvrir le jury')

		const refused = await post(server, `/gestion/appels/${call.id}/jury`, { intent: 'start-jury' }, { cookie })
		expect(refused.status).toBe(409)
		expect(await refused.text()).toContain('Un dossier attend encore sa décision de recevabilité')
		expect(await statusOf(call.id)).toBe('closed')

		await db.delete(applications).where(eq(applications.id, waiting!.id))
		expect((await post(server, `/gestion/appels/${call.id}/jury`, { intent: 'start-jury' }, { cookie })).status).toBe(302)
		expect(await statusOf(call.id)).toBe('jury')
		expect((await post(server, `/gestion/appels/${call.id}/jury`, { intent: 'start-deliberation' }, { cookie })).status).toBe(302)
		expect(await statusOf(call.id)).toBe('deliberation')
		expect((await post(server, `/gestion/appels/${call.id}/jury`, { intent: 'nimporte' }, { cookie })).status).toBe(400)
	})

	test('vérifier les conflits, puis en écarter un avec son motif ; sans motif, refus sur le champ et rien d’écrit', async () => {
		const staff = await createStaff('funder')
		const call = await createCall({ funderId: staff.organization.id, status: 'jury', deadlineAt: new Date(Date.now() - 3600_000) })
		const lead = await createOrganization({ kind: 'association', name: 'Les Tisserands' })
		const [application] = await db.insert(applications).values({ callId: call.id, leadOrganizationId: lead.id, title: 'Contes et crêpes', status: 'admissible', submittedAt: new Date() }).returning()
		await db.insert(applicationMembers).values({ applicationId: application!.id, organizationId: lead.id, role: 'lead', status: 'confirmed' })
		const juror = await createJuror(call.id)
		await addMember(lead.id, juror.id, 'member')
		const cookie = await login(server, staff.user.email)

		expect((await post(server, `/gestion/appels/${call.id}/jury`, { intent: 'detect-conflicts' }, { cookie })).status).toBe(302)
		const [seat] = await db.select().from(jurors).where(eq(jurors.userId, juror.id))
		const [conflict] = await db.select().from(juryConflicts).where(eq(juryConflicts.jurorId, seat!.id))
		expect(conflict).toMatchObject({ status: 'open', cause: 'member_of_consortium' })
		const html = await (await get(server, `/gestion/appels/${call.id}/jury`, cookie)).text()
		expect(html).toContain('Membre d’une association du consortium')
		expect(html).toContain('Les Tisserands')

		const blank = await post(server, `/gestion/appels/${call.id}/jury`, { intent: 'decide-conflict', conflictId: conflict!.id, decision: 'dismiss', reason: '' }, { cookie })
		expect(blank.status).toBe(400)
		expect(await blank.text()).toContain('Indiquez le motif de la décision')
		expect((await db.select().from(juryConflicts).where(eq(juryConflicts.id, conflict!.id)))[0]!.status).toBe('open')

		const done = await post(server, `/gestion/appels/${call.id}/jury`, { intent: 'decide-conflict', conflictId: conflict!.id, decision: 'dismiss', reason: 'Simple adhérent.' }, { cookie })
		expect(done.status).toBe(302)
		const [row] = await db.select().from(juryConflicts).where(and(eq(juryConflicts.id, conflict!.id), eq(juryConflicts.status, 'dismissed')))
		expect(row).toMatchObject({ decisionReason: 'Simple adhérent.', decidedById: staff.user.id })
	})

	test('inviter un juré par le formulaire : refus sur le champ avec la saisie gardée, puis invitation envoyée', async () => {
		const staff = await createStaff('funder')
		const call = await createCall({ funderId: staff.organization.id, status: 'closed', deadlineAt: new Date(Date.now() - 3600_000) })
		const [theme] = await db.select().from(themes).where(eq(themes.callId, call.id)).orderBy(themes.position)
		const cookie = await login(server, staff.user.email)
		const page = await (await get(server, `/gestion/appels/${call.id}/jury`, cookie)).text()
		expect(page).toContain('Inviter un juré')

		const refused = await post(
			server,
			`/gestion/appels/${call.id}/jury`,
			{ intent: 'invite', email: 'camille@exemple.test', kind: 'external_expert', territories: '38, Isère', maxLoad: '6' },
			{ cookie },
		)
		expect(refused.status).toBe(409)
		const html = await refused.text()
		expect(html).toContain('Indiquez des numéros de département')
		expect(html).toContain('value="camille@exemple.test"')
		expect(await db.select().from(invitations).where(eq(invitations.callId, call.id))).toEqual([])

		const sent = await post(
			server,
			`/gestion/appels/${call.id}/jury`,
			{ intent: 'invite', email: 'camille@exemple.test', kind: 'external_expert', territories: '38, 2a', maxLoad: '6', themeIds: theme!.id, isChair: 'on' },
			{ cookie },
		)
		expect(sent.status).toBe(302)
		const [invitation] = await db.select().from(invitations).where(eq(invitations.callId, call.id))
		expect(invitation).toMatchObject({ kind: 'juror', email: 'camille@exemple.test' })
		const [email] = await db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'camille@exemple.test'))
		expect(email).toMatchObject({ template: 'jury-invitation' })
		expect(email!.text).toContain('et à le présider')
	})
})

describe('le lien d’invitation au jury (/jury/invitations/:jeton)', () => {
	test('la personne invitée accepte une fois connectée ; une autre décline sans compte ; le lien ne sert plus ensuite', async () => {
		const staff = await createStaff('funder')
		const call = await createCall({ funderId: staff.organization.id })
		const settings = { kind: 'external_expert', themeIds: [], territories: [], maxLoad: null, isChair: false }
		const person = await createUser({ email: 'camille.jure@exemple.test' })
		const accepted = await inviteJuror({ user: staff.user, callId: call.id, email: person.email, settings })
		const declined = await inviteJuror({ user: staff.user, callId: call.id, email: 'sans.compte@exemple.test', settings })
		if (!accepted.ok || !declined.ok) throw new Error('invitation refusée')

		const anonymousView = await get(server, `/jury/invitations/${accepted.token}`)
		expect(anonymousView.status).toBe(200)
		const text = await anonymousView.text()
		expect(text).toContain(call.title)
		expect(text).toContain('Se connecter')

		const cookie = await login(server, person.email)
		const accept = await post(server, `/jury/invitations/${accepted.token}`, { intent: 'accept' }, { cookie })
		expect(accept.status).toBe(302)
		expect(accept.headers.get('location')).toBe('/espace')
		const [seat] = await db.select().from(jurors).where(and(eq(jurors.callId, call.id), eq(jurors.userId, person.id)))
		expect(seat!.status).toBe('active')
		expect((await get(server, `/jury/invitations/${accepted.token}`)).status).toBe(410)

		const decline = await post(server, `/jury/invitations/${declined.token}`, { intent: 'decline' })
		expect(decline.status).toBe(200)
		expect(await decline.text()).toContain('Invitation déclinée')
		const [row] = await db.select().from(invitations).where(eq(invitations.email, 'sans.compte@exemple.test'))
		expect(row!.declinedAt).not.toBeNull()
		expect((await post(server, `/jury/invitations/${declined.token}`, { intent: 'decline' })).status).toBe(410)
	})
})
