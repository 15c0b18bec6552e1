/**
 * The consortium's side of issue 6: each partner gives its own documents, the lead writes a
 * partner's specific objectives before it accepts, and an invitation still pending at
 * submission is expired (with its email), after a warning on the submit page.
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createApplication } from '#app/domain/applications/creation.server.ts'
import { invitePartnerByEmail, invitePartnerOrganization } from '#app/domain/applications/consortium.server.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, attachments, auditEvents, invitations, outboxMessages } from '#db/schema/index.ts'
import { addMember, createAssociationMember, createCall, createUser } from '#tests/factories.ts'
import { PDF, readyApplication } from '#tests/support/applications.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

function upload(id: string, cookie: string, slot: string, name = 'piece.pdf') {
	const form = new FormData()
	form.append('slot', slot)
	form.append('file', new Blob([new Uint8Array(PDF)], { type: 'application/pdf' }), name)
	return fetch(`${server.baseUrl}/candidatures/${id}/pieces?slot=${encodeURIComponent(slot)}`, {
		method: 'POST',
		body: form,
		headers: { Cookie: cookie, Origin: server.baseUrl },
		redirect: 'manual',
	})
}

function remove(id: string, cookie: string, attachmentId: string) {
	return post(server, `/candidatures/${id}/pieces`, { intent: 'delete', attachmentId }, { cookie })
}

/** A call asking a RIB of the lead and statutes of each association; A leads, B is invited (not yet answering), C is outside. */
async function draftWithInvitedPartner() {
	const call = await createCall({
		requiredAttachments: [
			{ key: 'rib', label: 'RIB', givenBy: 'lead' },
			{ key: 'statuts', label: 'Statuts', givenBy: 'each' },
		],
	})
	const a = await createAssociationMember('referent')
	const b = await createAssociationMember('referent')
	const c = await createAssociationMember('referent')
	const created = await createApplication({ user: a.user, callId: call.id, title: 'Jardins partagés', leadOrganizationId: a.organization.id })
	if (!created.ok) throw new Error(created.message)
	const invited = await invitePartnerOrganization({ id: created.applicationId, user: a.user, identifier: b.organization.siret! })
	if (!invited.ok) throw new Error(invited.message)
	return { call, a, b, c, id: created.applicationId }
}

async function filesOf(id: string) {
	return db.select().from(attachments).where(eq(attachments.applicationId, id))
}

describe('chaque association dépose ses propres pièces', () => {
	test('un partenaire invité dépose et remplace ses statuts, pas les pièces du chef de file ; un tiers reçoit 404', async () => {
		const { a, b, c, id } = await draftWithInvitedPartner()
		// A simple member of the partner association, not only its référent.
		const bMember = await createUser()
		await addMember(b.organization.id, bMember.id, 'member')
		const cookieB = await login(server, bMember.email)

		const page = await (await get(server, `/candidatures/${id}/pieces`, cookieB)).text()
		expect(page).toContain(`Statuts — ${b.organization.name}`)
		expect(page).toContain(`Fichier « Statuts »`)

		expect((await upload(id, cookieB, `statuts:${b.organization.id}`, 'statuts-b.pdf')).status).toBe(302)
		expect((await upload(id, cookieB, `statuts:${b.organization.id}`, 'statuts-b-2025.pdf')).status).toBe(302)
		const mine = (await filesOf(id)).filter((f) => f.organizationId === b.organization.id)
		expect(mine).toHaveLength(1)
		expect(mine[0]).toMatchObject({ kind: 'statuts', filename: 'statuts-b-2025.pdf', uploadedById: bMember.id })

		// Not the lead's pieces.
		expect((await upload(id, cookieB, `rib:${a.organization.id}`)).status).toBe(403)
		expect((await upload(id, cookieB, `statuts:${a.organization.id}`)).status).toBe(403)
		const cookieA = await login(server, a.user.email)
		expect((await upload(id, cookieA, `rib:${a.organization.id}`, 'rib-a.pdf')).status).toBe(302)
		const ribA = (await filesOf(id)).find((f) => f.kind === 'rib')!
		expect((await remove(id, cookieB, ribA.id)).status).toBe(403)
		expect((await filesOf(id)).some((f) => f.id === ribA.id)).toBe(true)

		// An outsider learns nothing.
		const cookieC = await login(server, c.user.email)
		expect((await upload(id, cookieC, `statuts:${c.organization.id}`)).status).toBe(404)
		expect((await upload(id, cookieC, `statuts:${b.organization.id}`)).status).toBe(404)
		expect((await filesOf(id)).filter((f) => f.organizationId === c.organization.id)).toHaveLength(0)

		// The partner removes its own piece.
		expect((await remove(id, cookieB, mine[0]!.id)).status).toBe(302)
		expect((await filesOf(id)).filter((f) => f.organizationId === b.organization.id)).toHaveLength(0)

		// Another partner's pieces are not B's either.
		const d = await createAssociationMember('referent')
		expect((await invitePartnerOrganization({ id, user: a.user, identifier: d.organization.siret! })).ok).toBe(true)
		expect((await upload(id, cookieB, `statuts:${d.organization.id}`)).status).toBe(403)
		expect((await upload(id, await login(server, d.user.email), `statuts:${d.organization.id}`)).status).toBe(302)
	})
})

describe('objectifs spécifiques d’un partenaire invité', () => {
	test('le chef de file les écrit avant l’acceptation ; le partenaire les lit sur sa page d’engagement', async () => {
		const { a, b, id } = await draftWithInvitedPartner()
		const cookieA = await login(server, a.user.email)
		const form = await (await get(server, `/candidatures/${id}/projet`, cookieA)).text()
		expect(form).toContain(`value="${b.organization.id}"`)
		const [app] = await db.select().from(applications).where(eq(applications.id, id))
		const saved = await post(
			server,
			`/candidatures/${id}/projet`,
			{
				version: String(app!.projectVersion),
				title: 'Jardins partagés',
				'specificObjectives[0].organizationId': a.organization.id,
				'specificObjectives[0].text': 'Coordonner les jardiniers',
				'specificObjectives[1].organizationId': b.organization.id,
				'specificObjectives[1].text': 'Ouvrir la serre aux écoles du quartier',
			},
			{ cookie: cookieA },
		)
		expect(saved.status).toBe(302)
		const [after] = await db.select().from(applications).where(eq(applications.id, id))
		expect((after!.project as { specificObjectives: unknown[] }).specificObjectives).toContainEqual({
			organizationId: b.organization.id,
			text: 'Ouvrir la serre aux écoles du quartier',
		})
		const engagement = await (await get(server, `/candidatures/${id}/engagement`, await login(server, b.user.email))).text()
		expect(engagement).toContain('Ouvrir la serre aux écoles du quartier')
		expect(engagement).toContain(`<strong>${b.organization.name}</strong>`)
	})
})

describe('une invitation encore en attente au dépôt', () => {
	test('la page de dépôt prévient, puis le dépôt expire l’invitation avec un e-mail et un événement', async () => {
		const ready = await readyApplication()
		const { a, id } = ready
		const pending = await createAssociationMember('referent')
		expect((await invitePartnerOrganization({ id, user: a.user, identifier: pending.organization.siret! })).ok).toBe(true)
		expect((await invitePartnerByEmail({ id, user: a.user, email: 'inconnue@exemple.test' })).ok).toBe(true)
		const cookieA = await login(server, a.user.email)

		const page = await (await get(server, `/candidatures/${id}`, cookieA)).text()
		expect(page).toContain(pending.organization.name)
		expect(page).toContain('inconnue@exemple.test')
		expect(page).toContain('son invitation expirera au dépôt')

		const before = Date.now()
		const response = await post(server, `/candidatures/${id}`, { intent: 'submit' }, { cookie: cookieA })
		expect(response.status).toBe(302)
		const [app] = await db.select().from(applications).where(eq(applications.id, id))
		expect(app!.status).toBe('submitted')

		const members = await db.select().from(applicationMembers).where(and(eq(applicationMembers.applicationId, id), eq(applicationMembers.status, 'invited')))
		expect(members).toHaveLength(2)
		for (const member of members) expect(member.invitationExpiresAt!.getTime()).toBeLessThanOrEqual(app!.submittedAt!.getTime())
		const links = await db.select().from(invitations).where(eq(invitations.applicationId, id))
		for (const link of links.filter((l) => !l.acceptedAt && (l.organizationId === pending.organization.id || l.email === 'inconnue@exemple.test'))) {
			expect(link.expiresAt.getTime()).toBeLessThanOrEqual(Date.now())
			expect(link.expiresAt.getTime()).toBeGreaterThanOrEqual(before - 1000)
		}

		const events = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, 'application.invitation_expired')))
		expect(events).toHaveLength(2)
		expect(events.map((e) => (e.data as { organizationName?: string; email?: string }).organizationName ?? (e.data as { email?: string }).email).sort()).toEqual(
			[pending.organization.name, 'inconnue@exemple.test'].sort(),
		)

		for (const address of [pending.user.email, 'inconnue@exemple.test']) {
			const emails = await db.select().from(outboxMessages).where(and(eq(outboxMessages.toAddress, address), eq(outboxMessages.template, 'application-invitation-expired')))
			expect(emails, address).toHaveLength(1)
			expect(emails[0]!.text).toContain('Contes et crêpes')
			expect(emails[0]!.text).toContain('déposé')
		}

		// The expired partner can no longer answer, and the dossier says so.
		const after = await (await get(server, `/candidatures/${id}`, cookieA)).text()
		expect(after).toContain('Invitation expirée au dépôt')
	})
})
