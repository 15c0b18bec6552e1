import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { AssociationInput } from '#app/domain/organizations/association-form.ts'
import { acceptInvitation, createAssociation, getInvitationForDisplay, inviteMember } from '#app/domain/organizations/associations.server.ts'
import { hashToken } from '#app/utils/tokens.server.ts'
import { db } from '#db/client.server.ts'
import { auditEvents, invitations, memberships, organizations, outboxMessages, users } from '#db/schema/index.ts'
import { addMember, createAssociationMember, createOrganization, createPlatformAdmin, createStaff, createUser, makeRna, makeSiret } from '#tests/factories.ts'
import { lastEmailTo, pathOf } from '#tests/support/mail.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

type UserRow = typeof users.$inferSelect
const actor = (user: UserRow) => ({ id: user.id, email: user.email, displayName: user.displayName, isPlatformAdmin: user.platformRole === 'admin', emailVerified: true })

function associationInput(overrides: Partial<AssociationInput> = {}): AssociationInput {
	return {
		name: 'Les Amis du Quartier',
		rna: makeRna(),
		localRegisterNumber: null,
		siret: makeSiret(),
		addressLine: '12 rue de la République',
		postalCode: '69003',
		commune: 'Lyon',
		departement: '69',
		sector: 'culture',
		annualBudgetCents: 13_500_000,
		employees: 2,
		volunteers: 25,
		...overrides,
	}
}

async function rowCounts() {
	const [[o], [m], [a]] = await Promise.all([
		db.select({ n: count() }).from(organizations),
		db.select({ n: count() }).from(memberships),
		db.select({ n: count() }).from(auditEvents),
	])
	return { organizations: o!.n, memberships: m!.n, audit: a!.n }
}

describe('createAssociation', () => {
	test('inscrit l’association, son créateur en devient le référent, avec un événement d’audit', async () => {
		const user = await createUser()
		const input = associationInput()
		const outcome = await createAssociation({ user: actor(user), input })
		expect(outcome.ok).toBe(true)
		if (!outcome.ok) return
		const [organization] = await db.select().from(organizations).where(eq(organizations.id, outcome.organizationId))
		expect(organization).toMatchObject({
			kind: 'association',
			siret: input.siret,
			siren: input.siret.slice(0, 9),
			rna: input.rna,
			departement: '69',
			annualBudgetCents: 13_500_000,
			createdById: user.id,
		})
		const rows = await db.select().from(memberships).where(eq(memberships.organizationId, outcome.organizationId))
		expect(rows).toEqual([expect.objectContaining({ userId: user.id, role: 'referent' })])
		const events = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, outcome.organizationId))
		expect(events.map((e) => e.action)).toEqual(['organization.created'])
	})

	test('refuse un SIRET déjà inscrit, en nommant l’association, sans rien écrire', async () => {
		const existing = await createOrganization({ name: 'Quartiers Solidaires' })
		const user = await createUser()
		const before = await rowCounts()
		const outcome = await createAssociation({ user: actor(user), input: associationInput({ siret: existing.siret! }) })
		expect(outcome).toEqual({ ok: false, field: 'siret', message: expect.stringContaining('« Quartiers Solidaires » est déjà inscrite') })
		if (!outcome.ok) expect(outcome.message).toContain('référent de vous inviter')
		expect(await rowCounts()).toEqual(before)
	})

	test('refuse un RNA déjà inscrit, sur le champ RNA', async () => {
		const existing = await createOrganization()
		const user = await createUser()
		const outcome = await createAssociation({ user: actor(user), input: associationInput({ rna: existing.rna! }) })
		expect(outcome).toMatchObject({ ok: false, field: 'rna' })
	})

	test('refuse un autre établissement de la même personne morale (même SIREN)', async () => {
		const existing = await createOrganization()
		const otherEstablishment = (await import('#app/domain/organizations/identifiers.ts')).withLuhnKey(`${existing.siren}0009`)
		const user = await createUser()
		const outcome = await createAssociation({ user: actor(user), input: associationInput({ siret: otherEstablishment }) })
		expect(outcome).toMatchObject({ ok: false, field: 'siret', message: expect.stringContaining('SIREN') })
	})

	test('Alsace-Moselle : inscrit une association sans RNA avec son numéro de registre', async () => {
		const user = await createUser()
		const outcome = await createAssociation({
			user: actor(user),
			input: associationInput({ rna: null, localRegisterNumber: 'Volume 45 n° 1234', postalCode: '67000', commune: 'Strasbourg', departement: '67' }),
		})
		expect(outcome.ok).toBe(true)
		// Several associations without RNA can coexist.
		const second = await createAssociation({ user: actor(user), input: associationInput({ rna: null, localRegisterNumber: 'Volume 46 n° 9', postalCode: '57000', departement: '57' }) })
		expect(second.ok).toBe(true)
	})
})

describe('inviteMember and acceptInvitation', () => {
	test('le référent invite, l’e-mail part dans la même transaction, l’invité accepte avec le rôle prévu', async () => {
		const { user: referent, organization } = await createAssociationMember('referent')
		const outcome = await inviteMember({ user: actor(referent), organizationId: organization.id, email: ' Alex.Durand@Exemple.test ', role: 'member' })
		expect(outcome.ok).toBe(true)
		if (!outcome.ok) return

		const [invitation] = await db.select().from(invitations).where(eq(invitations.id, outcome.invitationId))
		expect(invitation).toMatchObject({ kind: 'organization_member', email: 'alex.durand@exemple.test', role: 'member', tokenHash: hashToken(outcome.token), invitedById: referent.id })
		expect(invitation!.tokenHash).not.toContain(outcome.token)
		const days = (invitation!.expiresAt.getTime() - Date.now()) / 86_400_000
		expect(days).toBeGreaterThan(13.9)
		expect(days).toBeLessThanOrEqual(14)

		const email = await lastEmailTo('alex.durand@exemple.test')
		expect(email.template).toBe('organization-invitation')
		expect(email.subject).toContain(organization.name)
		expect(email.link).toBe(`http://localhost/invitations/${outcome.token}`)

		const display = await getInvitationForDisplay(outcome.token)
		expect(display).toMatchObject({ state: 'valid', invitation: { organizationName: organization.name, role: 'member' } })

		const invited = await createUser({ email: 'alex.durand@exemple.test' })
		// The case of the signed-in address does not matter.
		const accepted = await acceptInvitation({ user: { ...actor(invited), email: 'ALEX.DURAND@exemple.test' }, token: outcome.token })
		expect(accepted).toMatchObject({ ok: true, organizationId: organization.id })
		const [membership] = await db.select().from(memberships).where(and(eq(memberships.organizationId, organization.id), eq(memberships.userId, invited.id)))
		expect(membership?.role).toBe('member')
		const [used] = await db.select().from(invitations).where(eq(invitations.id, outcome.invitationId))
		expect(used!.acceptedAt).not.toBeNull()
		const events = await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, organization.id))
		expect(events.map((e) => e.action).sort()).toEqual(['organization.invitation_accepted', 'organization.member_invited'])

		// Single use.
		expect(await acceptInvitation({ user: actor(invited), token: outcome.token })).toMatchObject({ ok: false, reason: 'used' })
		expect((await getInvitationForDisplay(outcome.token)).state).toBe('used')
	})

	test('refuse d’inviter quelqu’un qui est déjà membre, sans rien écrire', async () => {
		const { user: referent, organization } = await createAssociationMember('referent')
		const member = await createUser()
		await addMember(organization.id, member.id, 'member')
		const outcome = await inviteMember({ user: actor(referent), organizationId: organization.id, email: member.email.toUpperCase(), role: 'referent' })
		expect(outcome).toMatchObject({ ok: false, field: 'email', message: expect.stringContaining('déjà membre') })
		expect((await db.select({ n: count() }).from(invitations))[0]!.n).toBe(0)
		expect((await db.select({ n: count() }).from(outboxMessages))[0]!.n).toBe(0)
	})

	test('un simple membre ne peut pas inviter (403), un extérieur non plus (404), l’administrateur si', async () => {
		const { user: member, organization } = await createAssociationMember('member')
		const outsider = await createUser()
		const refusal = await inviteMember({ user: actor(member), organizationId: organization.id, email: 'x@exemple.test', role: 'member' }).catch((e: unknown) => e)
		expect(refusal).toBeInstanceOf(Response)
		expect((refusal as Response).status).toBe(403)
		const hidden = await inviteMember({ user: actor(outsider), organizationId: organization.id, email: 'x@exemple.test', role: 'member' }).catch((e: unknown) => e)
		expect((hidden as Response).status).toBe(404)
		expect((await db.select({ n: count() }).from(outboxMessages))[0]!.n).toBe(0)

		const admin = await createPlatformAdmin()
		expect((await inviteMember({ user: actor(admin), organizationId: organization.id, email: 'x@exemple.test', role: 'referent' })).ok).toBe(true)
	})

	test('refuse l’acceptation par un compte d’une autre adresse, avec un message clair', async () => {
		const { user: referent, organization } = await createAssociationMember('referent')
		const outcome = await inviteMember({ user: actor(referent), organizationId: organization.id, email: 'invitee@exemple.test', role: 'member' })
		if (!outcome.ok) throw new Error(outcome.message)
		const intruder = await createUser({ email: 'autre@exemple.test' })
		const refusal = await acceptInvitation({ user: actor(intruder), token: outcome.token })
		expect(refusal).toMatchObject({ ok: false, reason: 'wrong-email' })
		if (!refusal.ok) expect(refusal.message).toContain('envoyée à invitee@exemple.test, mais vous êtes connecté·e avec autre@exemple.test')
		expect(await db.select().from(memberships).where(eq(memberships.userId, intruder.id))).toEqual([])
		const [invitation] = await db.select().from(invitations).where(eq(invitations.id, outcome.invitationId))
		expect(invitation!.acceptedAt).toBeNull()
	})

	test('refuse une invitation expirée, et un jeton inconnu', async () => {
		const { user: referent, organization } = await createAssociationMember('referent')
		const outcome = await inviteMember({ user: actor(referent), organizationId: organization.id, email: 'tard@exemple.test', role: 'member' })
		if (!outcome.ok) throw new Error(outcome.message)
		await db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, outcome.invitationId))
		const late = await createUser({ email: 'tard@exemple.test' })
		const refusal = await acceptInvitation({ user: actor(late), token: outcome.token })
		expect(refusal).toMatchObject({ ok: false, reason: 'expired', message: expect.stringContaining('a expiré') })
		expect(await db.select().from(memberships).where(eq(memberships.userId, late.id))).toEqual([])
		expect((await getInvitationForDisplay(outcome.token)).state).toBe('expired')
		expect(await acceptInvitation({ user: actor(late), token: 'inconnu' })).toMatchObject({ ok: false, reason: 'unknown' })
	})

	test('accepte aussi une invitation d’équipe de financeur créée par l’administrateur (rôle staff)', async () => {
		const funder = await createOrganization({ kind: 'funder' })
		const token = 'jeton-equipe-financeur'
		await db.insert(invitations).values({
			kind: 'organization_member',
			email: 'gestionnaire@fondation.test',
			organizationId: funder.id,
			role: 'staff',
			tokenHash: hashToken(token),
			expiresAt: new Date(Date.now() + 86_400_000),
		})
		const staff = await createUser({ email: 'gestionnaire@fondation.test' })
		expect(await acceptInvitation({ user: actor(staff), token })).toMatchObject({ ok: true, organizationKind: 'funder' })
		const [membership] = await db.select().from(memberships).where(eq(memberships.userId, staff.id))
		expect(membership).toMatchObject({ organizationId: funder.id, role: 'staff' })
	})
})

describe('over HTTP', () => {
	let server: TestServer
	beforeAll(async () => {
		server = await startTestServer()
	})
	afterAll(async () => {
		await server.close()
	})

	const form = {
		name: 'Les Amis du Quartier',
		rna: 'W691234567',
		addressLine: '12 rue de la République',
		postalCode: '69003',
		commune: 'Lyon',
		sector: 'culture',
		annualBudget: '135 000',
		employees: '2',
		volunteers: '25',
	}

	test('anonyme : la création d’association renvoie vers la connexion', async () => {
		const response = await get(server, '/associations/nouvelle')
		expect(response.status).toBe(302)
		expect(response.headers.get('location')).toBe('/connexion?redirectTo=%2Fassociations%2Fnouvelle')
		const postResponse = await post(server, '/associations/nouvelle', { ...form, siret: makeSiret() })
		expect(postResponse.status).toBe(302)
		expect((await db.select({ n: count() }).from(organizations))[0]!.n).toBe(0)
	})

	test('un SIRET faux répond 400 avec le message et la saisie ; un bon SIRET crée l’association', async () => {
		const user = await createUser()
		const cookie = await login(server, user.email)
		const page = await get(server, '/associations/nouvelle', cookie)
		expect(page.status).toBe(200)
		expect(await page.text()).toContain('<h1>Inscrire une association</h1>')

		const wrong = await post(server, '/associations/nouvelle', { ...form, siret: '732 829 320 00075' }, { cookie })
		expect(wrong.status).toBe(400)
		const html = await wrong.text()
		expect(html).toContain('Ce SIRET n’est pas valide : vérifiez les chiffres (clé de contrôle incorrecte).')
		expect(html).toContain('value="732 829 320 00075"')
		expect(html).toContain('value="Les Amis du Quartier"')
		expect(html).toContain('value="135 000"')
		expect(html).toMatch(/aria-invalid="true"[^>]*aria-describedby="[^"]*siret-error|aria-describedby="[^"]*siret-error[^"]*"[^>]*aria-invalid/)
		expect((await db.select({ n: count() }).from(organizations))[0]!.n).toBe(0)

		const siret = makeSiret()
		const right = await post(server, '/associations/nouvelle', { ...form, siret: `${siret.slice(0, 3)} ${siret.slice(3, 9)} ${siret.slice(9)}` }, { cookie })
		expect(right.status).toBe(302)
		const [organization] = await db.select().from(organizations)
		expect(right.headers.get('location')).toBe(`/associations/${organization!.id}`)
		expect(organization).toMatchObject({ siret, rna: 'W691234567', annualBudgetCents: 13_500_000 })

		const show = await get(server, `/associations/${organization!.id}`, cookie)
		expect(show.status).toBe(200)
		const body = await show.text()
		expect(body).toContain('<h1>Les Amis du Quartier</h1>')
		expect(body).toMatch(/135\s000,00\s€/)
		expect(body).toContain('Inviter un membre')

		// The same SIRET again: 409, message on the field, nothing written.
		const again = await post(server, '/associations/nouvelle', { ...form, rna: 'W691234568', siret }, { cookie })
		expect(again.status).toBe(409)
		expect(await again.text()).toContain('est déjà inscrite sur Ensemble')
		expect((await db.select({ n: count() }).from(organizations))[0]!.n).toBe(1)
	})

	test('page d’une association : 404 pour un extérieur, 403 sur l’invitation pour un membre, invitation par le référent', async () => {
		const { user: referent, organization } = await createAssociationMember('referent')
		const member = await createUser()
		await addMember(organization.id, member.id, 'member')
		const { user: otherAssociationMember } = await createAssociationMember('referent')
		const { user: funderStaff } = await createStaff('funder')
		const { user: supporterStaff } = await createStaff('supporter')
		const admin = await createPlatformAdmin()
		const path = `/associations/${organization.id}`
		const invite = { intent: 'invite', email: 'nouveau@exemple.test', role: 'member' }

		expect((await get(server, path)).status).toBe(302)
		expect((await post(server, path, invite)).status).toBe(302)

		for (const outsider of [otherAssociationMember, funderStaff, supporterStaff]) {
			const cookie = await login(server, outsider.email)
			expect((await get(server, path, cookie)).status).toBe(404)
			expect((await post(server, path, invite, { cookie })).status).toBe(404)
		}

		const memberCookie = await login(server, member.email)
		const memberPage = await get(server, path, memberCookie)
		expect(memberPage.status).toBe(200)
		expect(await memberPage.text()).not.toContain('Inviter un membre')
		expect((await post(server, path, invite, { cookie: memberCookie })).status).toBe(403)

		const adminCookie = await login(server, admin.email)
		expect((await get(server, path, adminCookie)).status).toBe(200)

		const cookie = await login(server, referent.email)
		const bad = await post(server, path, { ...invite, email: 'pas-une-adresse' }, { cookie })
		expect(bad.status).toBe(400)
		const badHtml = await bad.text()
		expect(badHtml).toContain('Cette adresse e-mail n’est pas valide')
		expect(badHtml).toContain('value="pas-une-adresse"')
		const duplicate = await post(server, path, { ...invite, email: member.email }, { cookie })
		expect(duplicate.status).toBe(409)
		expect(await duplicate.text()).toContain('est déjà membre')
		expect((await db.select({ n: count() }).from(invitations))[0]!.n).toBe(0)

		const sent = await post(server, path, invite, { cookie })
		expect(sent.status).toBe(302)
		expect(sent.headers.get('location')).toBe(path)
		const email = await lastEmailTo('nouveau@exemple.test')
		const invitationPath = pathOf(email.link)

		// Anonymous: what the invitation is, and where to log in or sign up.
		const anonymous = await get(server, invitationPath)
		expect(anonymous.status).toBe(200)
		const anonymousHtml = await anonymous.text()
		expect(anonymousHtml).toContain(`Invitation à rejoindre ${organization.name}`)
		expect(anonymousHtml).toContain(`/connexion?redirectTo=${encodeURIComponent(invitationPath)}`)
		expect(anonymousHtml).toContain(`/inscription?email=nouveau%40exemple.test&amp;redirectTo=${encodeURIComponent(invitationPath)}`)
		expect((await post(server, invitationPath, { intent: 'accept' })).status).toBe(302)

		// Signed in with another address: no button, and the POST is refused.
		const wrongPage = await get(server, invitationPath, cookie)
		expect(await wrongPage.text()).not.toContain('Accepter l’invitation')
		const wrong = await post(server, invitationPath, { intent: 'accept' }, { cookie })
		expect(wrong.status).toBe(403)
		expect(await wrong.text()).toContain('mais vous êtes connecté·e avec')

		const invited = await createUser({ email: 'nouveau@exemple.test' })
		const invitedCookie = await login(server, invited.email)
		const page = await get(server, invitationPath, invitedCookie)
		expect(page.status).toBe(200)
		expect(await page.text()).toContain('Accepter l’invitation')
		const accepted = await post(server, invitationPath, { intent: 'accept' }, { cookie: invitedCookie })
		expect(accepted.status).toBe(302)
		expect(accepted.headers.get('location')).toBe(path)
		expect((await get(server, path, invitedCookie)).status).toBe(200)

		const used = await get(server, invitationPath, invitedCookie)
		expect(used.status).toBe(410)
		expect(await used.text()).toContain('déjà été utilisée')
		expect((await post(server, invitationPath, { intent: 'accept' }, { cookie: invitedCookie })).status).toBe(410)
		const unknown = await get(server, '/invitations/inconnu')
		expect(unknown.status).toBe(404)
		expect(await unknown.text()).toContain('Invitation introuvable')
	})

	test('une invitation expirée affiche une page claire en 410', async () => {
		const { user: referent, organization } = await createAssociationMember('referent')
		const outcome = await inviteMember({ user: actor(referent), organizationId: organization.id, email: 'tard@exemple.test', role: 'member' })
		if (!outcome.ok) throw new Error(outcome.message)
		await db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, outcome.invitationId))
		const response = await get(server, `/invitations/${outcome.token}`)
		expect(response.status).toBe(410)
		expect(await response.text()).toContain('Invitation expirée')
	})
})
