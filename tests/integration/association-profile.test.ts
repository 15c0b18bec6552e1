/**
 * The association after its creation: its référent edits its profile, cancels invitations;
 * the invited person declines from the link. Over HTTP.
 */
import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createApplication } from '#app/domain/applications/creation.server.ts'
import { invitePartnerByEmail } from '#app/domain/applications/consortium.server.ts'
import { inviteMember } from '#app/domain/organizations/associations.server.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, auditEvents, invitations, memberships, organizations, outboxMessages } from '#db/schema/index.ts'
import { addMember, createAssociationMember, createCall, createOrganization, createPlatformAdmin, createStaff, createUser, makeRna, makeSiret } from '#tests/factories.ts'
import { lastEmailTo } from '#tests/support/mail.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

const form = (overrides: Record<string, string> = {}) => ({
	name: 'Les Amis du Quartier',
	siret: makeSiret(),
	rna: makeRna(),
	addressLine: '12 rue de la République',
	postalCode: '69003',
	commune: 'Lyon',
	sector: 'culture',
	annualBudget: '135 000',
	employees: '2',
	volunteers: '25',
	...overrides,
})

async function auditOf(action: string) {
	return db.select().from(auditEvents).where(eq(auditEvents.action, action))
}

describe('SIRET dégénéré', () => {
	test('00000000000000 est refusé avec un message en français, la saisie gardée, rien d’écrit', async () => {
		const user = await createUser()
		const cookie = await login(server, user.email)
		const response = await post(server, '/associations/nouvelle', form({ siret: '000 000 000 00000' }), { cookie })
		expect(response.status).toBe(400)
		const html = await response.text()
		expect(html).toContain('un numéro fait d’un même chiffre répété n’existe pas')
		expect(html).toContain('value="000 000 000 00000"')
		expect((await db.select({ n: count() }).from(organizations))[0]!.n).toBe(0)
	})
})

describe('modification du profil par le référent', () => {
	test('le formulaire montre le profil ; une saisie valide l’enregistre en une fois, avec audit', async () => {
		const { user, organization } = await createAssociationMember('referent')
		const cookie = await login(server, user.email)
		const show = await get(server, `/associations/${organization.id}`, cookie)
		expect(await show.text()).toContain(`href="/associations/${organization.id}/modifier"`)
		const page = await get(server, `/associations/${organization.id}/modifier`, cookie)
		expect(page.status).toBe(200)
		const html = await page.text()
		expect(html).toContain('Modifier le profil de l’association')
		expect(html).toContain(`value="${organization.name}"`)
		expect(html).toContain(`value="${organization.siret}"`)

		const changes = form({ siret: organization.siret!, rna: organization.rna!, name: 'Les Amis du Quartier Sud', annualBudget: '140 000,50', employees: '3', volunteers: '40', postalCode: '38000', commune: 'Grenoble', sector: 'social' })
		const saved = await post(server, `/associations/${organization.id}/modifier`, changes, { cookie })
		expect(saved.status).toBe(302)
		expect(saved.headers.get('location')).toBe(`/associations/${organization.id}`)
		const [row] = await db.select().from(organizations).where(eq(organizations.id, organization.id))
		expect(row).toMatchObject({ name: 'Les Amis du Quartier Sud', annualBudgetCents: 14_000_050, employees: 3, volunteers: 40, departement: '38', commune: 'Grenoble', sector: 'social' })
		const [event] = await auditOf('organization.updated')
		expect(event?.actorUserId).toBe(user.id)
		expect(event?.data).toMatchObject({ changes: { name: { from: organization.name, to: 'Les Amis du Quartier Sud' } } })
	})

	test('une saisie invalide répond 400, messages près des champs, saisie gardée, rien d’écrit', async () => {
		const { user, organization } = await createAssociationMember('referent')
		const cookie = await login(server, user.email)
		const response = await post(
			server,
			`/associations/${organization.id}/modifier`,
			form({ siret: organization.siret!, name: 'Nom gardé', employees: '-2', annualBudget: 'beaucoup', postalCode: '690' }),
			{ cookie },
		)
		expect(response.status).toBe(400)
		const html = await response.text()
		expect(html).toContain('Le nombre de salariés ne peut pas être négatif.')
		expect(html).toContain('Indiquez un montant en euros')
		expect(html).toContain('Le code postal compte 5 chiffres')
		expect(html).toContain('value="Nom gardé"')
		expect(html).toContain('value="beaucoup"')
		const [row] = await db.select().from(organizations).where(eq(organizations.id, organization.id))
		expect(row?.name).toBe(organization.name)
		expect(await auditOf('organization.updated')).toHaveLength(0)
	})

	test('un changement de SIRET est revérifié (format, unicité) et audité avec l’ancienne et la nouvelle valeur', async () => {
		const { user, organization } = await createAssociationMember('referent')
		const other = await createOrganization({ kind: 'association' })
		const cookie = await login(server, user.email)
		const path = `/associations/${organization.id}/modifier`

		const zeros = await post(server, path, form({ siret: '00000000000000', rna: organization.rna! }), { cookie })
		expect(zeros.status).toBe(400)
		const taken = await post(server, path, form({ siret: other.siret!, rna: organization.rna! }), { cookie })
		expect(taken.status).toBe(409)
		expect(await taken.text()).toContain(`L’association « ${other.name} » est déjà inscrite sur Ensemble avec ce numéro SIRET`)
		const rnaTaken = await post(server, path, form({ siret: organization.siret!, rna: other.rna! }), { cookie })
		expect(rnaTaken.status).toBe(409)
		expect(await rnaTaken.text()).toContain('avec ce numéro RNA')

		const newSiret = makeSiret()
		const newRna = makeRna()
		const saved = await post(server, path, form({ siret: newSiret, rna: newRna, name: organization.name }), { cookie })
		expect(saved.status).toBe(302)
		const [row] = await db.select().from(organizations).where(eq(organizations.id, organization.id))
		expect(row).toMatchObject({ siret: newSiret, siren: newSiret.slice(0, 9), rna: newRna })
		const events = await auditOf('organization.updated')
		expect(events).toHaveLength(1)
		expect(events[0]!.data).toMatchObject({
			changes: { siret: { from: organization.siret, to: newSiret }, rna: { from: organization.rna, to: newRna } },
		})
	})

	test('seul le référent (ou l’administrateur) modifie : membre 403, extérieurs 404, anonyme vers la connexion', async () => {
		const { user: referent, organization } = await createAssociationMember('referent')
		const member = await createUser()
		await addMember(organization.id, member.id, 'member')
		const { user: outsider } = await createAssociationMember('referent')
		const { user: funder } = await createStaff('funder')
		const admin = await createPlatformAdmin()
		const path = `/associations/${organization.id}/modifier`
		const values = form({ siret: organization.siret!, rna: organization.rna!, name: 'Pris par un autre' })

		expect((await get(server, path)).status).toBe(302)
		expect((await post(server, path, values)).status).toBe(302)
		const memberCookie = await login(server, member.email)
		expect((await get(server, path, memberCookie)).status).toBe(403)
		expect((await post(server, path, values, { cookie: memberCookie })).status).toBe(403)
		expect(await (await get(server, `/associations/${organization.id}`, memberCookie)).text()).not.toContain('/modifier')
		for (const stranger of [outsider, funder]) {
			const cookie = await login(server, stranger.email)
			expect((await get(server, path, cookie)).status).toBe(404)
			expect((await post(server, path, values, { cookie })).status).toBe(404)
		}
		const [unchanged] = await db.select().from(organizations).where(eq(organizations.id, organization.id))
		expect(unchanged?.name).toBe(organization.name)

		const adminCookie = await login(server, admin.email)
		expect((await post(server, path, values, { cookie: adminCookie })).status).toBe(302)
		expect((await login(server, referent.email)).length).toBeGreaterThan(0)
	})
})

describe('annuler et décliner une invitation', () => {
	test('le référent annule une invitation en attente : le lien dit en français qu’elle est annulée', async () => {
		const { user, organization } = await createAssociationMember('referent')
		const invited = await inviteMember({ user: { id: user.id, isPlatformAdmin: false }, organizationId: organization.id, email: 'invitee@exemple.test', role: 'member' })
		if (!invited.ok) throw new Error(invited.message)
		const cookie = await login(server, user.email)
		const path = `/associations/${organization.id}`
		expect(await (await get(server, path, cookie)).text()).toContain('Annuler l’invitation')

		// A simple member cannot cancel.
		const member = await createUser()
		await addMember(organization.id, member.id, 'member')
		const memberCookie = await login(server, member.email)
		expect((await post(server, path, { intent: 'cancel-invitation', invitationId: invited.invitationId }, { cookie: memberCookie })).status).toBe(403)

		const cancelled = await post(server, path, { intent: 'cancel-invitation', invitationId: invited.invitationId }, { cookie })
		expect(cancelled.status).toBe(302)
		expect(await (await get(server, path, cookie)).text()).not.toContain('invitee@exemple.test')
		expect(await auditOf('organization.invitation_cancelled')).toHaveLength(1)

		const link = await get(server, `/invitations/${invited.token}`)
		expect(link.status).toBe(410)
		expect(await link.text()).toContain('Cette invitation a été annulée')
		const invitee = await createUser({ email: 'invitee@exemple.test' })
		const accept = await post(server, `/invitations/${invited.token}`, { intent: 'accept' }, { cookie: await login(server, invitee.email) })
		expect(accept.status).toBe(410)
		expect(await db.select().from(memberships).where(eq(memberships.userId, invitee.id))).toHaveLength(0)
	})

	test('l’invité décline depuis le lien, sans être connecté, par un simple formulaire', async () => {
		const { user, organization } = await createAssociationMember('referent')
		const invited = await inviteMember({ user: { id: user.id, isPlatformAdmin: false }, organizationId: organization.id, email: 'refus@exemple.test', role: 'member' })
		if (!invited.ok) throw new Error(invited.message)
		const path = `/invitations/${invited.token}`
		const page = await get(server, path)
		const html = await page.text()
		expect(html).toContain('Décliner l’invitation')
		expect(html).toMatch(/<form method="post"[^>]*>\s*<input type="hidden" name="intent" value="decline"/)

		const declined = await post(server, path, { intent: 'decline' })
		expect(declined.status).toBe(200)
		expect(await declined.text()).toContain('Vous avez décliné l’invitation')
		const [row] = await db.select().from(invitations).where(eq(invitations.id, invited.invitationId))
		expect(row?.declinedAt).not.toBeNull()
		expect(await auditOf('organization.invitation_declined')).toHaveLength(1)

		const again = await get(server, path)
		expect(again.status).toBe(410)
		expect(await again.text()).toContain('Cette invitation a été déclinée')
		expect((await post(server, path, { intent: 'decline' })).status).toBe(410)
	})
})

describe('décliner une invitation de partenaire depuis le lien', () => {
	test('la personne invitée par e-mail décline sans compte ; le chef de file est prévenu ; le lien ne sert plus', async () => {
		const { user: lead, organization } = await createAssociationMember('referent')
		const call = await createCall()
		const application = await createApplication({ user: lead, callId: call.id, title: 'Projet partagé', leadOrganizationId: organization.id })
		if (!application.ok) throw new Error(application.message)
		const invited = await invitePartnerByEmail({ id: application.applicationId, user: lead, email: 'partenaire@exemple.test' })
		if (!invited.ok) throw new Error(invited.message)
		const path = `/candidatures/invitation/${invited.token}`
		expect(await (await get(server, path)).text()).toContain('Décliner l’invitation')

		const declined = await post(server, path, { intent: 'decline' })
		expect(declined.status).toBe(200)
		const html = await declined.text()
		expect(html).toContain('Vous avez décliné l’invitation à co-porter')
		expect(html).toContain('Projet partagé')
		const [member] = await db.select().from(applicationMembers).where(eq(applicationMembers.id, invited.memberId))
		expect(member?.status).toBe('declined')
		expect((await lastEmailTo(lead.email)).template).toBe('application-partner-answered')
		expect((await get(server, path)).status).toBe(410)
		expect((await post(server, path, { intent: 'decline' })).status).toBe(410)
	})
})

describe('limitation des invitations', () => {
	test('au plus 5 invitations par adresse et par jour, même venant d’associations différentes', async () => {
		const sent: boolean[] = []
		for (let i = 0; i < 6; i++) {
			const { user, organization } = await createAssociationMember('referent')
			const cookie = await login(server, user.email)
			const response = await post(server, `/associations/${organization.id}`, { intent: 'invite', email: 'cible@exemple.test', role: 'member' }, { cookie })
			sent.push(response.status === 302)
			if (i === 5) {
				expect(response.status).toBe(409)
				expect(await response.text()).toContain('Cette adresse a déjà reçu plusieurs invitations récemment. Trop de demandes : réessayez dans')
			}
		}
		expect(sent).toEqual([true, true, true, true, true, false])
		const [{ n }] = await db.select({ n: count() }).from(outboxMessages).where(eq(outboxMessages.toAddress, 'cible@exemple.test'))
		expect(n).toBe(5)
	})

	test('au plus 50 invitations par personne qui invite et par jour', async () => {
		const { user, organization } = await createAssociationMember('referent')
		const actor = { id: user.id, isPlatformAdmin: false }
		for (let i = 0; i < 50; i++) {
			const outcome = await inviteMember({ user: actor, organizationId: organization.id, email: `personne${i}@exemple.test`, role: 'member' })
			expect(outcome.ok).toBe(true)
		}
		const refused = await inviteMember({ user: actor, organizationId: organization.id, email: 'une-de-trop@exemple.test', role: 'member' })
		expect(refused).toMatchObject({ ok: false, field: 'email', message: expect.stringContaining('beaucoup d’invitations') })
		const [{ n }] = await db
			.select({ n: count() })
			.from(invitations)
			.where(and(eq(invitations.organizationId, organization.id), eq(invitations.email, 'une-de-trop@exemple.test')))
		expect(n).toBe(0)
		await expect(lastEmailTo('une-de-trop@exemple.test')).rejects.toThrow()
	})
})
