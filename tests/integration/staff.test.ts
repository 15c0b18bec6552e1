import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { departementsOfTerritory } from '#app/domain/organizations/staff-form.ts'
import { createStructure, nameStaff, removeStaff } from '#app/domain/organizations/staff.server.ts'
import { hashToken } from '#app/utils/tokens.server.ts'
import { db } from '#db/client.server.ts'
import { auditEvents, invitations, memberships, organizations, outboxMessages } from '#db/schema/index.ts'
import {
	addMember,
	createAssociationMember,
	createCall,
	createOrganization,
	createPlatformAdmin,
	createStaff,
	createUser,
} from '#tests/factories.ts'
import { lastEmailTo } from '#tests/support/mail.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

async function countOf(table: typeof memberships | typeof invitations | typeof outboxMessages | typeof auditEvents | typeof organizations) {
	const [row] = await db.select({ value: count() }).from(table)
	return row!.value
}

describe('gestion des structures et de leurs équipes (domaine)', () => {
	test('l’administrateur crée un financeur, avec un événement d’audit', async () => {
		const admin = await createPlatformAdmin()
		const outcome = await createStructure({
			admin,
			kind: 'funder',
			name: '  Fondation Vivre ensemble ',
			territory: 'France entière',
			contactEmail: 'Contact@Fondation.test',
		})
		expect(outcome.ok).toBe(true)
		if (!outcome.ok) return
		const [organization] = await db.select().from(organizations).where(eq(organizations.id, outcome.organizationId))
		expect(organization).toMatchObject({ kind: 'funder', name: 'Fondation Vivre ensemble', contactEmail: 'contact@fondation.test', createdById: admin.id })
		const [event] = await db.select().from(auditEvents).where(eq(auditEvents.subjectId, outcome.organizationId))
		expect(event?.action).toBe('organization.created')
	})

	test('refuse une structure homonyme du même type', async () => {
		const admin = await createPlatformAdmin()
		await createOrganization({ kind: 'supporter', name: 'Maison des associations de Lyon' })
		const outcome = await createStructure({ admin, kind: 'supporter', name: 'maison des associations de lyon', territory: 'Rhône (69)', contactEmail: 'mda@lyon.test' })
		expect(outcome).toMatchObject({ ok: false, message: expect.stringContaining('porte déjà le nom') })
		expect(await countOf(organizations)).toBe(1)
	})

	test('nommer un compte existant crée l’adhésion « staff » et met en file l’e-mail staff-added', async () => {
		const admin = await createPlatformAdmin()
		const funder = await createOrganization({ kind: 'funder', name: 'Fondation A' })
		const person = await createUser({ email: 'gestionnaire@exemple.test' })
		const outcome = await nameStaff({ admin, organizationId: funder.id, email: ' Gestionnaire@Exemple.test ' })
		expect(outcome).toEqual({ ok: true, outcome: 'added', email: 'gestionnaire@exemple.test' })
		const rows = await db.select().from(memberships).where(eq(memberships.organizationId, funder.id))
		expect(rows).toEqual([expect.objectContaining({ userId: person.id, role: 'staff' })])
		const email = await lastEmailTo('gestionnaire@exemple.test')
		expect(email.template).toBe('staff-added')
		expect(email.subject).toContain('Fondation A')
		expect(email.link).toBe('http://localhost/gestion')
		const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'organization.staff_added'))
		expect(event?.subjectId).toBe(funder.id)
		expect(await countOf(invitations)).toBe(0)
	})

	test('nommer une adresse inconnue crée une invitation de 14 jours et met en file l’e-mail d’invitation', async () => {
		const admin = await createPlatformAdmin()
		const supporter = await createOrganization({ kind: 'supporter', name: 'MDA Lyon' })
		const outcome = await nameStaff({ admin, organizationId: supporter.id, email: 'nouvelle@exemple.test' })
		expect(outcome).toEqual({ ok: true, outcome: 'invited', email: 'nouvelle@exemple.test' })
		const [invitation] = await db.select().from(invitations)
		expect(invitation).toMatchObject({
			kind: 'organization_member',
			role: 'staff',
			email: 'nouvelle@exemple.test',
			organizationId: supporter.id,
			invitedById: admin.id,
			acceptedAt: null,
		})
		const days = (invitation!.expiresAt.getTime() - Date.now()) / (24 * 3600_000)
		expect(days).toBeGreaterThan(13.9)
		expect(days).toBeLessThanOrEqual(14)
		const email = await lastEmailTo('nouvelle@exemple.test')
		expect(email.template).toBe('organization-invitation')
		expect(email.link).toMatch(/^http:\/\/localhost\/invitations\/[\w-]+$/)
		// Only the token's hash is stored, and it is the hash of the emailed token.
		const token = email.link!.split('/').pop()!
		expect(invitation!.tokenHash).toBe(hashToken(token))
		expect(invitation!.tokenHash).not.toBe(token)
		expect(await countOf(memberships)).toBe(0)
		const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'organization.staff_invited'))
		expect(event?.subjectId).toBe(supporter.id)
	})

	test('refuse de nommer deux fois la même personne, sans rien écrire', async () => {
		const admin = await createPlatformAdmin()
		const { user, organization } = await createStaff('funder')
		const before = await Promise.all([countOf(memberships), countOf(outboxMessages), countOf(auditEvents), countOf(invitations)])
		const outcome = await nameStaff({ admin, organizationId: organization.id, email: user.email })
		expect(outcome).toMatchObject({ ok: false, message: expect.stringContaining('fait déjà partie de l’équipe') })
		expect(await Promise.all([countOf(memberships), countOf(outboxMessages), countOf(auditEvents), countOf(invitations)])).toEqual(before)
	})

	test('refuse une deuxième invitation en attente pour la même adresse', async () => {
		const admin = await createPlatformAdmin()
		const funder = await createOrganization({ kind: 'funder' })
		expect((await nameStaff({ admin, organizationId: funder.id, email: 'x@exemple.test' })).ok).toBe(true)
		const again = await nameStaff({ admin, organizationId: funder.id, email: 'X@exemple.test' })
		expect(again).toMatchObject({ ok: false, message: expect.stringContaining('déjà en attente') })
		expect(await countOf(invitations)).toBe(1)
		expect(await countOf(outboxMessages)).toBe(1)
	})

	test('refuse tout à un non-administrateur, sans rien écrire', async () => {
		const { user: funderStaff, organization: funder } = await createStaff('funder')
		const target = await createUser()
		const create = await createStructure({ admin: funderStaff, kind: 'funder', name: 'Autre fondation', territory: 'Ain (01)', contactEmail: 'a@b.test' })
		expect(create).toMatchObject({ ok: false, message: expect.stringContaining('administrateur') })
		const named = await nameStaff({ admin: funderStaff, organizationId: funder.id, email: target.email })
		expect(named.ok).toBe(false)
		const [membership] = await db.select().from(memberships).where(eq(memberships.userId, funderStaff.id))
		const removed = await removeStaff({ admin: funderStaff, membershipId: membership!.id })
		expect(removed.ok).toBe(false)
		expect(await countOf(organizations)).toBe(1)
		expect(await countOf(memberships)).toBe(1)
		expect(await countOf(outboxMessages)).toBe(0)
		expect(await countOf(auditEvents)).toBe(0)
	})

	test('refuse de nommer du personnel dans une association', async () => {
		const admin = await createPlatformAdmin()
		const { organization } = await createAssociationMember()
		const target = await createUser()
		const outcome = await nameStaff({ admin, organizationId: organization.id, email: target.email })
		expect(outcome.ok).toBe(false)
		expect(await countOf(memberships)).toBe(1)
	})

	test('retire un membre de l’équipe, avec audit ; pas celui d’une autre structure', async () => {
		const admin = await createPlatformAdmin()
		const { user, organization } = await createStaff('supporter')
		const colleague = await createUser()
		await addMember(organization.id, colleague.id, 'staff')
		const other = await createOrganization({ kind: 'supporter' })
		const [membership] = await db.select().from(memberships).where(eq(memberships.userId, user.id))
		expect((await removeStaff({ admin, membershipId: membership!.id, organizationId: other.id })).ok).toBe(false)
		const outcome = await removeStaff({ admin, membershipId: membership!.id, organizationId: organization.id })
		expect(outcome).toEqual({ ok: true, displayName: user.displayName })
		expect(await countOf(memberships)).toBe(1)
		const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'organization.staff_removed'))
		expect(event?.subjectId).toBe(organization.id)
	})

	test('refuse de retirer le dernier membre de l’équipe, avec un message en français, sans rien écrire', async () => {
		const admin = await createPlatformAdmin()
		const { user, organization } = await createStaff('funder')
		const [membership] = await db.select().from(memberships).where(eq(memberships.userId, user.id))
		const outcome = await removeStaff({ admin, membershipId: membership!.id, organizationId: organization.id })
		expect(outcome).toEqual({ ok: false, message: expect.stringContaining('dernière personne de l’équipe') })
		expect(await countOf(memberships)).toBe(1)
		expect(await countOf(auditEvents)).toBe(0)
	})

	test('deux retraits simultanés des deux derniers membres : un seul réussit', async () => {
		const admin = await createPlatformAdmin()
		const { user, organization } = await createStaff('supporter')
		const colleague = await createUser()
		await addMember(organization.id, colleague.id, 'staff')
		const rows = await db.select().from(memberships).where(eq(memberships.organizationId, organization.id))
		expect(rows).toHaveLength(2)
		const outcomes = await Promise.all(rows.map((m) => removeStaff({ admin, membershipId: m.id, organizationId: organization.id })))
		expect(outcomes.filter((o) => o.ok)).toHaveLength(1)
		expect(outcomes.find((o) => !o.ok)).toEqual({ ok: false, message: expect.stringContaining('dernière personne de l’équipe') })
		const left = await db.select().from(memberships).where(eq(memberships.organizationId, organization.id))
		expect(left).toHaveLength(1)
		expect([user.id, colleague.id]).toContain(left[0]!.userId)
	})

	test('lit les départements d’un territoire', () => {
		expect(departementsOfTerritory('Rhône (69) et Ain (01)')).toEqual(['69', '01'])
		expect(departementsOfTerritory('Corse : 2A, 2B ; Réunion 974')).toEqual(['2A', '2B', '974'])
		expect(departementsOfTerritory('Métropole de Lyon, 69003 et 2012')).toEqual([])
		expect(departementsOfTerritory(null)).toEqual([])
	})
})

describe('administration, gestion et accompagnement (HTTP)', () => {
	let server: TestServer
	beforeAll(async () => {
		server = await startTestServer()
	})
	afterAll(async () => {
		await server.close()
	})

	test('l’administrateur crée un financeur par le formulaire puis nomme son équipe', async () => {
		const admin = await createPlatformAdmin()
		const cookie = await login(server, admin.email)
		const page = await get(server, '/admin/structures/nouvelle', cookie)
		expect(page.status).toBe(200)
		const response = await post(
			server,
			'/admin/structures/nouvelle',
			{ kind: 'funder', name: 'Fondation du Rhône', territory: 'Rhône (69)', contactEmail: 'contact@rhone.test' },
			{ cookie },
		)
		expect(response.status).toBe(302)
		const [funder] = await db.select().from(organizations).where(eq(organizations.name, 'Fondation du Rhône'))
		expect(funder?.kind).toBe('funder')
		expect(response.headers.get('location')).toBe(`/admin/structures/${funder!.id}`)

		const home = await get(server, '/admin', cookie)
		expect(home.status).toBe(200)
		expect(await home.text()).toContain(`href="/admin/structures/${funder!.id}"`)

		const future = await createUser({ email: 'gestion@rhone.test' })
		const named = await post(server, `/admin/structures/${funder!.id}`, { intent: 'name-staff', email: 'gestion@rhone.test' }, { cookie })
		expect(named.status).toBe(302)
		const [membership] = await db
			.select()
			.from(memberships)
			.where(and(eq(memberships.organizationId, funder!.id), eq(memberships.userId, future.id)))
		expect(membership?.role).toBe('staff')
		expect(await (await get(server, '/admin', cookie)).text()).toContain('1 personne<')

		const again = await post(server, `/admin/structures/${funder!.id}`, { intent: 'name-staff', email: 'gestion@rhone.test' }, { cookie })
		expect(again.status).toBe(409)
		const html = await again.text()
		expect(html).toContain('fait déjà partie de l’équipe')
		expect(html).toContain('value="gestion@rhone.test"')

		const invited = await post(server, `/admin/structures/${funder!.id}`, { intent: 'name-staff', email: 'inconnu@rhone.test' }, { cookie })
		expect(invited.status).toBe(302)
		const detail = await get(server, `/admin/structures/${funder!.id}`, cookie)
		const detailHtml = await detail.text()
		expect(detailHtml).toContain('inconnu@rhone.test')
		expect(detailHtml).toContain(future.displayName)

		// The only member of the team stays: a structure always keeps one.
		const refused = await post(server, `/admin/structures/${funder!.id}`, { intent: 'remove-staff', membershipId: membership!.id }, { cookie })
		expect(refused.status).toBe(409)
		expect(await refused.text()).toContain('est la dernière personne de l’équipe')
		expect(await db.select().from(memberships).where(eq(memberships.id, membership!.id))).toHaveLength(1)

		// Once a second member is named, the first may leave.
		const second = await createUser({ email: 'second@rhone.test' })
		await post(server, `/admin/structures/${funder!.id}`, { intent: 'name-staff', email: second.email }, { cookie })
		const removed = await post(server, `/admin/structures/${funder!.id}`, { intent: 'remove-staff', membershipId: membership!.id }, { cookie })
		expect(removed.status).toBe(302)
		expect(await db.select().from(memberships).where(eq(memberships.id, membership!.id))).toEqual([])
	})

	test('l’administrateur annule une invitation d’équipe : elle quitte la liste et son lien dit qu’elle est annulée', async () => {
		const admin = await createPlatformAdmin()
		const cookie = await login(server, admin.email)
		const { organization } = await createStaff('funder')
		const outcome = await nameStaff({ admin, organizationId: organization.id, email: 'annulee@rhone.test' })
		expect(outcome.ok).toBe(true)
		const link = (await lastEmailTo('annulee@rhone.test')).link!
		const [invitation] = await db.select().from(invitations).where(eq(invitations.email, 'annulee@rhone.test'))
		const page = `/admin/structures/${organization.id}`
		expect(await (await get(server, page, cookie)).text()).toContain('Annuler l’invitation')

		const cancelled = await post(server, page, { intent: 'cancel-invitation', invitationId: invitation!.id }, { cookie })
		expect(cancelled.status).toBe(302)
		expect(await (await get(server, page, cookie)).text()).not.toContain('annulee@rhone.test')
		const [row] = await db.select().from(invitations).where(eq(invitations.id, invitation!.id))
		expect(row?.cancelledAt).not.toBeNull()
		const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'organization.invitation_cancelled'))
		expect(event?.subjectId).toBe(organization.id)

		const opened = await get(server, new URL(link).pathname)
		expect(opened.status).toBe(410)
		expect(await opened.text()).toContain('Cette invitation a été annulée')
		// Cancelled twice: a clear refusal, not a 500.
		const twice = await post(server, page, { intent: 'cancel-invitation', invitationId: invitation!.id }, { cookie })
		expect(twice.status).toBe(409)
	})

	test('une erreur de saisie répond 400 en gardant les valeurs tapées, sans rien écrire', async () => {
		const admin = await createPlatformAdmin()
		const cookie = await login(server, admin.email)
		const response = await post(
			server,
			'/admin/structures/nouvelle',
			{ kind: 'supporter', name: 'Maison des associations de Villeurbanne', territory: 'Rhône (69)', contactEmail: 'pas-une-adresse' },
			{ cookie },
		)
		expect(response.status).toBe(400)
		const html = await response.text()
		expect(html).toContain('n’est pas valide')
		expect(html).toContain('value="Maison des associations de Villeurbanne"')
		expect(html).toContain('value="pas-une-adresse"')
		expect(html).toMatch(/<option value="supporter" selected="">/)
		expect(await countOf(organizations)).toBe(0)

		const badKind = await post(server, '/admin/structures/nouvelle', { kind: 'association', name: 'X', territory: '', contactEmail: '' }, { cookie })
		expect(badKind.status).toBe(400)
		expect(await badKind.text()).toContain('Choisissez le type de structure')
	})

	test('le personnel d’un financeur voit /gestion avec ses appels, pas ceux des autres', async () => {
		const { user, organization } = await createStaff('funder')
		await createCall({ funderId: organization.id, title: 'Vivre ensemble 2025', deadlineAt: new Date('2025-06-30T21:59:00Z') })
		await createCall({ title: 'Appel d’un autre financeur' })
		const cookie = await login(server, user.email)
		const response = await get(server, '/gestion', cookie)
		expect(response.status).toBe(200)
		const html = await response.text()
		expect(html).toContain('Vivre ensemble 2025')
		expect(html).toContain('Publié')
		// 21:59 UTC on 30 June is 23:59 in Paris (summer time).
		expect(html).toContain('30 juin 2025 à 23:59')
		expect(html).not.toContain('Appel d’un autre financeur')
		expect(html).toContain(user.displayName)
	})

	test('les autres rôles reçoivent 403 sur /gestion, l’anonyme est renvoyé à la connexion', async () => {
		const { user: member } = await createAssociationMember('member')
		const { user: supporter } = await createStaff('supporter')
		const admin = await createPlatformAdmin()
		for (const person of [member, supporter, admin]) {
			const response = await get(server, '/gestion', await login(server, person.email))
			expect(response.status).toBe(403)
		}
		const anonymous = await get(server, '/gestion')
		expect(anonymous.status).toBe(302)
		expect(anonymous.headers.get('location')).toBe('/connexion?redirectTo=%2Fgestion')
	})

	test('le personnel d’accompagnement voit /accompagnement : appels ouverts et associations de son territoire', async () => {
		const supporter = await createOrganization({ kind: 'supporter', territory: 'Rhône (69)' })
		const user = await createUser()
		await addMember(supporter.id, user.id, 'staff')
		await createOrganization({ kind: 'association', name: 'Les Amis de la Croix-Rousse', departement: '69', commune: 'Lyon' })
		await createOrganization({ kind: 'association', name: 'Club de Bourg', departement: '01', commune: 'Bourg-en-Bresse', postalCode: '01000' })
		await createCall({ title: 'Appel ouvert 2025' })
		await createCall({ title: 'Appel brouillon', status: 'draft' })
		const cookie = await login(server, user.email)
		const response = await get(server, '/accompagnement', cookie)
		expect(response.status).toBe(200)
		const html = await response.text()
		expect(html).toContain('Appel ouvert 2025')
		expect(html).not.toContain('Appel brouillon')
		expect(html).toContain('Les Amis de la Croix-Rousse')
		expect(html).not.toContain('Club de Bourg')
		expect(html).toContain('le département 69')
	})

	test('les non-accompagnants reçoivent 403 sur /accompagnement', async () => {
		const { user: member } = await createAssociationMember()
		const { user: funderStaff } = await createStaff('funder')
		for (const person of [member, funderStaff]) {
			expect((await get(server, '/accompagnement', await login(server, person.email))).status).toBe(403)
		}
		expect((await get(server, '/accompagnement')).status).toBe(302)
	})

	test('seul l’administrateur accède à /admin et à ses formulaires', async () => {
		const { user: funderStaff, organization: funder } = await createStaff('funder')
		const { user: member } = await createAssociationMember()
		const target = await createUser()
		for (const person of [funderStaff, member]) {
			const cookie = await login(server, person.email)
			expect((await get(server, '/admin', cookie)).status).toBe(403)
			expect((await get(server, '/admin/structures/nouvelle', cookie)).status).toBe(403)
			expect((await get(server, `/admin/structures/${funder.id}`, cookie)).status).toBe(403)
			const created = await post(server, '/admin/structures/nouvelle', { kind: 'funder', name: 'Pirate', territory: 'Partout', contactEmail: 'p@p.test' }, { cookie })
			expect(created.status).toBe(403)
			const named = await post(server, `/admin/structures/${funder.id}`, { intent: 'name-staff', email: target.email }, { cookie })
			expect(named.status).toBe(403)
		}
		expect(await countOf(organizations)).toBe(2)
		expect(await countOf(memberships)).toBe(2)
		const anonymous = await get(server, '/admin')
		expect(anonymous.status).toBe(302)
		expect(anonymous.headers.get('location')).toContain('/connexion')

		const admin = await createPlatformAdmin()
		const cookie = await login(server, admin.email)
		expect((await get(server, '/admin', cookie)).status).toBe(200)
		const { organization: association } = await createAssociationMember()
		expect((await get(server, `/admin/structures/${association.id}`, cookie)).status).toBe(404)
		expect((await get(server, '/admin/structures/inconnue', cookie)).status).toBe(404)
	})
})
