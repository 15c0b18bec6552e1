import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { ProjectInput } from '#app/domain/applications/application-forms.ts'
import { acceptEngagement, answerNo } from '#app/domain/applications/engagement.server.ts'
import { claimPartnerInvitation } from '#app/domain/applications/partner-invitations.server.ts'
import { invitePartnerByEmail, invitePartnerOrganization, removePartner, resendInvitation, updateMember } from '#app/domain/applications/consortium.server.ts'
import { createApplication } from '#app/domain/applications/creation.server.ts'
import { saveBudget, saveCooperation, saveProject } from '#app/domain/applications/sections.server.ts'
import { submitApplication, withdrawApplication } from '#app/domain/applications/submission.server.ts'
import { COOPERATION_TOPICS } from '#app/domain/applications/options.ts'
import { withLuhnKey } from '#app/domain/organizations/identifiers.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, auditEvents, invitations, outboxMessages, themes } from '#db/schema/index.ts'
import { addMember, createApplication as createApplicationInState, createAssociationMember, createCall, createOrganization, createStaff, createUser } from '#tests/factories.ts'
import { lastEmailTo, pathOf } from '#tests/support/mail.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

async function setup(callOverrides: Parameters<typeof createCall>[0] = {}) {
	// A's draft alone, on a call with neither questions nor required attachments; B not yet invited.
	// The funder's staff are not told of submissions here: these tests count the consortium's emails.
	const { call, lead: a, id } = await createApplicationInState({
		coCarriers: 0,
		questions: [],
		attachments: [],
		title: 'Jardins partagés',
		callOverrides: { notifyStaffOnSubmission: false, ...callOverrides },
	})
	const b = await createAssociationMember('referent')
	return { call, a, b, id }
}

async function applicationRow(id: string) {
	const [row] = await db.select().from(applications).where(eq(applications.id, id))
	return row!
}

async function memberRow(applicationId: string, organizationId: string) {
	const [row] = await db
		.select()
		.from(applicationMembers)
		.where(and(eq(applicationMembers.applicationId, applicationId), eq(applicationMembers.organizationId, organizationId)))
	return row
}

async function actions(id: string) {
	const rows = await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, id)).orderBy(auditEvents.createdAt)
	return rows.map((r) => r.action)
}

async function projectInput(id: string, overrides: Partial<ProjectInput> = {}): Promise<ProjectInput> {
	const app = await applicationRow(id)
	const themeRows = await db.select().from(themes).where(eq(themes.callId, app.callId))
	const members = await db.select().from(applicationMembers).where(eq(applicationMembers.applicationId, id))
	return {
		version: app.projectVersion,
		title: 'Jardins partagés',
		summary: 'Un jardin où se rencontrent les générations.',
		themeIds: [themeRows[0]!.id],
		territory: 'Lyon 8e, quartier des États-Unis',
		territoryKind: 'qpv',
		publics: 'Enfants du centre de loisirs et résidents de l’EHPAD',
		expectedParticipants: 120,
		collectiveObjectives: 'Créer du lien entre générations',
		specificObjectives: members.filter((m) => m.organizationId).map((m) => ({ organizationId: m.organizationId!, text: 'Objectif propre' })),
		indicators: [{ label: 'Participants', target: '120' }],
		timetable: [{ label: 'Lancement', date: '2025-09-01' }],
		...overrides,
	}
}

/** Fills every section of the application so that only the consortium can be missing. */
async function completeSections(id: string, user: { id: string }) {
	expect((await saveProject({ id, user, input: await projectInput(id) })).ok).toBe(true)
	const app = await applicationRow(id)
	const cooperation = await saveCooperation({
		id,
		user,
		input: {
			version: app.cooperationVersion,
			level: 'cooperation',
			triggers: ['faire_mieux'],
			topics: Object.fromEntries(COOPERATION_TOPICS.map((t) => [t.value, 'Convenu ensemble'])),
			involvementForms: ['comite_pilotage'],
			involvementOther: '',
			otherPartners: ['collectivites'],
			otherPartnersDetails: 'La mairie prête une salle.',
		},
	})
	expect(cooperation.ok).toBe(true)
	const budget = await saveBudget({
		id,
		user,
		input: {
			version: app.budgetVersion,
			charges: [{ account: '64', label: 'Animateur', amountCents: 1_000_000 }],
			products: [{ account: '74', label: 'Ville de Lyon', amountCents: 400_000 }],
			amountRequested: 600_000,
		},
	})
	expect(budget.ok).toBe(true)
}

describe('création', () => {
	test('le référent crée le dossier : son association est chef de file et confirmée, avec l’historique', async () => {
		const { a, id } = await setup()
		const lead = await memberRow(id, a.organization.id)
		expect(lead).toMatchObject({ role: 'lead', status: 'confirmed', confirmedById: a.user.id, confirmedVersion: 1 })
		expect(await actions(id)).toEqual(['application.created', 'application.partner_confirmed'])
	})

	test('un simple membre crée le dossier : le référent du chef de file doit confirmer', async () => {
		const call = await createCall()
		const { organization, user: referent } = await createAssociationMember('referent')
		const member = await createUser()
		await addMember(organization.id, member.id, 'member')
		const created = await createApplication({ user: member, callId: call.id, title: 'Projet', leadOrganizationId: organization.id })
		if (!created.ok) throw new Error(created.message)
		expect((await memberRow(created.applicationId, organization.id))!.status).toBe('invited')
		// The member may not confirm for the association; the référent does.
		const refused = await acceptEngagement({ id: created.applicationId, user: member, roleDescription: 'x', contribution: 'y' }).catch((e: unknown) => e)
		expect((refused as Response).status).toBe(403)
		expect(await acceptEngagement({ id: created.applicationId, user: referent, roleDescription: 'Coordonne', contribution: 'Un salarié' })).toEqual({ ok: true })
		expect((await memberRow(created.applicationId, organization.id))!.status).toBe('confirmed')
	})

	test('refuse une association dont on n’est pas membre, et un appel clos', async () => {
		const call = await createCall()
		const { user } = await createAssociationMember()
		const other = await createOrganization()
		expect(await createApplication({ user, callId: call.id, title: 'Projet', leadOrganizationId: other.id })).toMatchObject({ ok: false, field: 'leadOrganizationId' })
		const closed = await createCall({ deadlineAt: new Date(Date.now() - 1000) })
		const mine = user.id
		const { organization } = await createAssociationMember()
		await addMember(organization.id, mine, 'referent')
		expect(await createApplication({ user, callId: closed.id, title: 'Projet', leadOrganizationId: organization.id })).toMatchObject({
			ok: false,
			message: expect.stringContaining('date limite de dépôt est passée'),
		})
		expect((await db.select({ n: count() }).from(applications))[0]!.n).toBe(0)
	})
})

describe('partenaires', () => {
	test('invite par SIRET, e-mail au référent, lecture puis acceptation avec rôle et contribution', async () => {
		const { a, b, id } = await setup()
		const invited = await invitePartnerOrganization({ id, user: a.user, identifier: b.organization.siret! })
		expect(invited).toMatchObject({ ok: true, organizationName: b.organization.name })
		const member = await memberRow(id, b.organization.id)
		expect(member).toMatchObject({ role: 'co_carrier', status: 'invited' })
		const days = (member!.invitationExpiresAt!.getTime() - Date.now()) / 86_400_000
		expect(days).toBeGreaterThan(13.9)
		expect(days).toBeLessThanOrEqual(14)
		const email = await lastEmailTo(b.user.email)
		expect(email.template).toBe('application-partner-invitation')
		expect(email.link).toBe(`http://localhost/candidatures/${id}/engagement`)

		// A role is required to accept.
		expect(await acceptEngagement({ id, user: b.user, roleDescription: '', contribution: 'Des bénévoles' })).toMatchObject({ ok: false, field: 'roleDescription' })
		expect(await acceptEngagement({ id, user: b.user, roleDescription: 'Anime les ateliers', contribution: 'Deux bénévoles' })).toEqual({ ok: true })
		expect(await memberRow(id, b.organization.id)).toMatchObject({ status: 'confirmed', roleDescription: 'Anime les ateliers', confirmedById: b.user.id, confirmedVersion: 1 })
		expect((await lastEmailTo(a.user.email)).template).toBe('application-partner-answered')
		expect(await actions(id)).toContain('application.partner_confirmed')
	})

	test('refuse la même association deux fois, une association du même SIREN, et le chef de file lui-même', async () => {
		const { a, b, id } = await setup()
		expect((await invitePartnerOrganization({ id, user: a.user, identifier: b.organization.rna! })).ok).toBe(true)
		expect(await invitePartnerOrganization({ id, user: a.user, identifier: b.organization.siret! })).toMatchObject({
			ok: false,
			field: 'identifier',
			message: expect.stringContaining('fait déjà partie du projet'),
		})
		const twin = await createOrganization({ siret: withLuhnKey(`${b.organization.siren}0009`), siren: b.organization.siren })
		expect(await invitePartnerOrganization({ id, user: a.user, identifier: twin.siret! })).toMatchObject({
			ok: false,
			message: expect.stringContaining('a le même numéro SIREN'),
		})
		expect(await invitePartnerOrganization({ id, user: a.user, identifier: a.organization.siret! })).toMatchObject({
			ok: false,
			message: expect.stringContaining('chef de file'),
		})
		expect(await invitePartnerOrganization({ id, user: a.user, identifier: 'W999999999' })).toMatchObject({
			ok: false,
			message: expect.stringContaining('Invitez-la par e-mail'),
		})
		const rows = await db.select().from(applicationMembers).where(eq(applicationMembers.applicationId, id))
		expect(rows).toHaveLength(2)
	})

	test('le partenaire décline avec un message ; le chef de file peut le retirer, pas un partenaire confirmé', async () => {
		const { a, b, id } = await setup()
		const invited = await invitePartnerOrganization({ id, user: a.user, identifier: b.organization.siret! })
		if (!invited.ok) throw new Error(invited.message)
		expect(await answerNo({ id, user: b.user, intent: 'decline', message: 'Pas cette année, merci.' })).toEqual({ ok: true })
		expect(await memberRow(id, b.organization.id)).toMatchObject({ status: 'declined', message: 'Pas cette année, merci.' })
		expect((await lastEmailTo(a.user.email)).text).toContain('Pas cette année, merci.')
		expect(await removePartner({ id, user: a.user, memberId: invited.memberId })).toMatchObject({ ok: true })
		expect(await memberRow(id, b.organization.id)).toBeUndefined()

		const again = await invitePartnerOrganization({ id, user: a.user, identifier: b.organization.siret! })
		if (!again.ok) throw new Error(again.message)
		await acceptEngagement({ id, user: b.user, roleDescription: 'Anime', contribution: 'Bénévoles' })
		expect(await removePartner({ id, user: a.user, memberId: again.memberId })).toMatchObject({ ok: false, message: expect.stringContaining('seule elle peut se retirer') })
		expect(await answerNo({ id, user: b.user, intent: 'withdraw', message: 'Nous nous retirons.' })).toEqual({ ok: true })
		expect((await memberRow(id, b.organization.id))!.status).toBe('withdrawn')
		expect(await actions(id)).toEqual(expect.arrayContaining(['application.partner_declined', 'application.partner_removed', 'application.partner_withdrew']))
	})

	test('une invitation expirée ne peut plus être acceptée ; renvoyée, elle vaut 14 jours de plus', async () => {
		const { a, b, id } = await setup()
		const invited = await invitePartnerOrganization({ id, user: a.user, identifier: b.organization.siret! })
		if (!invited.ok) throw new Error(invited.message)
		await db.update(applicationMembers).set({ invitationExpiresAt: new Date(Date.now() - 1000) }).where(eq(applicationMembers.id, invited.memberId))
		expect(await acceptEngagement({ id, user: b.user, roleDescription: 'Anime', contribution: 'Bénévoles' })).toMatchObject({ ok: false, message: expect.stringContaining('a expiré') })
		expect(await resendInvitation({ id, user: a.user, memberId: invited.memberId })).toEqual({ ok: true })
		expect(await acceptEngagement({ id, user: b.user, roleDescription: 'Anime', contribution: 'Bénévoles' })).toEqual({ ok: true })
	})

	test('la confirmation tombe quand le chef de file change le rôle ou la part du budget, et un e-mail redemande', async () => {
		const { a, b, id } = await setup()
		const invited = await invitePartnerOrganization({ id, user: a.user, identifier: b.organization.siret! })
		if (!invited.ok) throw new Error(invited.message)
		await acceptEngagement({ id, user: b.user, roleDescription: 'Anime les ateliers', contribution: 'Deux bénévoles' })
		// Same role, only spaces: nothing lapses.
		expect(await updateMember({ id, user: a.user, memberId: invited.memberId, roleDescription: ' Anime les ateliers', contribution: 'Deux bénévoles', budgetShareCents: null })).toEqual({ ok: true, lapsed: false })
		expect((await memberRow(id, b.organization.id))!.status).toBe('confirmed')

		const outcome = await updateMember({ id, user: a.user, memberId: invited.memberId, roleDescription: 'Anime et accueille', contribution: 'Deux bénévoles', budgetShareCents: null })
		expect(outcome).toEqual({ ok: true, lapsed: true })
		expect(await memberRow(id, b.organization.id)).toMatchObject({ status: 'invited', confirmedVersion: null, roleDescription: 'Anime et accueille' })
		const email = await lastEmailTo(b.user.email)
		expect(email.template).toBe('application-confirmation-requested')
		expect(email.link).toBe(`http://localhost/candidatures/${id}/engagement`)
		expect(await actions(id)).toContain('application.confirmation_lapsed')

		await acceptEngagement({ id, user: b.user, roleDescription: 'Anime et accueille', contribution: 'Deux bénévoles' })
		await updateMember({ id, user: a.user, memberId: invited.memberId, roleDescription: 'Anime et accueille', contribution: 'Deux bénévoles', budgetShareCents: 200_000 })
		expect((await memberRow(id, b.organization.id))!.status).toBe('invited')
	})

	test('invitation par e-mail : la personne inscrit son association puis répond', async () => {
		const { a, id } = await setup()
		const invited = await invitePartnerByEmail({ id, user: a.user, email: 'Presidente@Voisins.test' })
		if (!invited.ok) throw new Error(invited.message)
		const email = await lastEmailTo('presidente@voisins.test')
		expect(pathOf(email.link)).toBe(`/candidatures/invitation/${invited.token}`)
		const person = await createUser({ email: 'presidente@voisins.test' })
		const association = await createOrganization()
		await addMember(association.id, person.id, 'referent')
		const intruder = await createUser()
		expect(await claimPartnerInvitation({ user: intruder, token: invited.token, organizationId: association.id })).toMatchObject({ ok: false, reason: 'wrong-email' })
		expect(await claimPartnerInvitation({ user: person, token: invited.token, organizationId: a.organization.id })).toMatchObject({ ok: false, reason: 'not-referent' })
		expect(await claimPartnerInvitation({ user: person, token: invited.token, organizationId: association.id })).toEqual({ ok: true, applicationId: id })
		expect(await memberRow(id, association.id)).toMatchObject({ status: 'invited', invitedEmail: 'presidente@voisins.test' })
		expect(await acceptEngagement({ id, user: person, roleDescription: 'Accueille', contribution: 'Une salle' })).toEqual({ ok: true })
		expect(await claimPartnerInvitation({ user: person, token: invited.token, organizationId: association.id })).toMatchObject({ ok: false, reason: 'used' })
	})
})

describe('sections', () => {
	test('un enregistrement fondé sur une version périmée est refusé, avec le texte de l’autre personne', async () => {
		const { a, id } = await setup()
		const colleague = await createUser({ displayName: 'Camille Martin' })
		await addMember(a.organization.id, colleague.id, 'member')
		const stale = await projectInput(id)
		expect(await saveProject({ id, user: colleague, input: { ...stale, summary: 'Version de Camille' } })).toEqual({ ok: true, version: 2 })
		const refused = await saveProject({ id, user: a.user, input: { ...stale, summary: 'Ma version' } })
		expect(refused).toMatchObject({ ok: false, conflict: true, currentVersion: 2, current: { summary: 'Version de Camille' } })
		if (!refused.ok) expect(refused.message).toContain('Camille Martin a enregistré cette section pendant que vous la modifiiez')
		expect((await applicationRow(id)).summary).toBe('Version de Camille')
		// Another section does not collide.
		const app = await applicationRow(id)
		expect(app.cooperationVersion).toBe(1)
		// Having seen the other version, the person saves again on it.
		expect(await saveProject({ id, user: a.user, input: { ...stale, version: 2, summary: 'Ma version' } })).toEqual({ ok: true, version: 3 })
	})

	test('deux enregistrements simultanés sur la même version : un seul passe, l’autre reçoit le texte gagnant', async () => {
		const { a, id } = await setup()
		const colleague = await createUser({ displayName: 'Camille Martin' })
		await addMember(a.organization.id, colleague.id, 'member')
		const base = await projectInput(id)
		const results = await Promise.all([
			saveProject({ id, user: a.user, input: { ...base, summary: 'Version A' } }),
			saveProject({ id, user: colleague, input: { ...base, summary: 'Version C' } }),
		])
		const winners = results.filter((r) => r.ok)
		const losers = results.filter((r) => !r.ok)
		expect(winners).toHaveLength(1)
		expect(losers).toHaveLength(1)
		const saved = (await applicationRow(id)).summary
		expect(['Version A', 'Version C']).toContain(saved)
		expect(losers[0]).toMatchObject({ conflict: true, currentVersion: 2, current: { summary: saved } })
	})

	test('deux clics simultanés sur « Déposer » : un seul dépôt, un seul e-mail par référent', async () => {
		const { a, b, id } = await setup()
		await completeSections(id, a.user)
		const invited = await invitePartnerOrganization({ id, user: a.user, identifier: b.organization.siret! })
		if (!invited.ok) throw new Error(invited.message)
		await acceptEngagement({ id, user: b.user, roleDescription: 'Anime', contribution: 'Bénévoles' })
		const leadMember = await memberRow(id, a.organization.id)
		await updateMember({ id, user: a.user, memberId: leadMember!.id, roleDescription: 'Coordonne', contribution: 'Un salarié', budgetShareCents: 1_000_000 })
		expect((await saveProject({ id, user: a.user, input: await projectInput(id) })).ok).toBe(true)

		const results = await Promise.all([submitApplication({ id, user: a.user }), submitApplication({ id, user: a.user })])
		expect(results.filter((r) => r.ok)).toHaveLength(1)
		const submittedEvents = await db
			.select({ n: count() })
			.from(auditEvents)
			.where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, 'application.submitted')))
		expect(submittedEvents[0]!.n).toBe(1)
		const emails = await db.select({ to: outboxMessages.toAddress }).from(outboxMessages).where(eq(outboxMessages.template, 'application-submitted'))
		expect(emails.map((e) => e.to).sort()).toEqual([a.user.email, b.user.email].sort())
	})

	test('refuse un thème qui n’est pas de l’appel', async () => {
		const { a, id } = await setup()
		expect(await saveProject({ id, user: a.user, input: await projectInput(id, { themeIds: ['autre'] }) })).toMatchObject({ ok: false, field: 'themeIds' })
	})
})

describe('dépôt et retrait', () => {
	test('le dépôt trop tôt liste ce qui manque ; complet, il passe en « déposé » avec e-mails et historique', async () => {
		const { a, b, id } = await setup()
		const early = await submitApplication({ id, user: a.user })
		expect(early.ok).toBe(false)
		if (early.ok) return
		expect(early.problems.map((p) => p.section)).toEqual(expect.arrayContaining(['projet', 'cooperation', 'partenaires', 'budget']))
		expect(early.problems).toContainEqual({ section: 'partenaires', message: expect.stringContaining('au moins 2 associations distinctes') })
		expect((await applicationRow(id)).status).toBe('draft')

		await completeSections(id, a.user)
		const invited = await invitePartnerOrganization({ id, user: a.user, identifier: b.organization.siret! })
		if (!invited.ok) throw new Error(invited.message)
		await acceptEngagement({ id, user: b.user, roleDescription: 'Anime', contribution: 'Bénévoles' })
		const stillMissing = await submitApplication({ id, user: a.user })
		// The lead's own role, B's specific objectives and the split of the budget are still missing.
		expect(stillMissing.ok).toBe(false)
		if (!stillMissing.ok) {
			expect(stillMissing.problems.map((p) => p.message)).toEqual([
				`Rédigez les objectifs spécifiques de « ${b.organization.name} ».`,
				`« ${a.organization.name} » : indiquez son rôle dans le projet (qui fait quoi).`,
				`« ${a.organization.name} » : indiquez sa contribution au projet.`,
				expect.stringContaining('La répartition du budget entre les associations (0,00'),
			])
		}
		const leadMember = await memberRow(id, a.organization.id)
		// The lead carries the whole budget (1 000 000 cents of charges): the shares add up to the total.
		await updateMember({ id, user: a.user, memberId: leadMember!.id, roleDescription: 'Coordonne', contribution: 'Un salarié', budgetShareCents: 1_000_000 })
		expect((await saveProject({ id, user: a.user, input: await projectInput(id) })).ok).toBe(true)

		const before = (await db.select({ n: count() }).from(outboxMessages))[0]!.n
		const submitted = await submitApplication({ id, user: a.user })
		expect(submitted.ok).toBe(true)
		const row = await applicationRow(id)
		expect(row.status).toBe('submitted')
		expect(row.submittedAt).not.toBeNull()
		expect((await db.select({ n: count() }).from(outboxMessages))[0]!.n).toBe(before + 2)
		expect((await lastEmailTo(b.user.email)).template).toBe('application-submitted')
		expect(await actions(id)).toContain('application.submitted')

		// Read-only afterwards.
		expect(await saveProject({ id, user: a.user, input: await projectInput(id) })).toMatchObject({ ok: false })
		expect(await submitApplication({ id, user: a.user })).toMatchObject({ ok: false })

		// A co-porter withdrawing now flags the application for staff.
		await answerNo({ id, user: b.user, intent: 'withdraw', message: 'Départ du salarié' })
		expect((await applicationRow(id)).flaggedAt).not.toBeNull()

		expect(await withdrawApplication({ id, user: a.user, reason: 'Le projet est reporté.' })).toEqual({ ok: true })
		expect(await applicationRow(id)).toMatchObject({ status: 'withdrawn', statusReason: 'Le projet est reporté.' })
		expect(await actions(id)).toContain('application.withdrawn')
	})

	test('seul le référent du chef de file dépose ; après la date limite, le dépôt est refusé', async () => {
		const { a, id } = await setup()
		const member = await createUser()
		await addMember(a.organization.id, member.id, 'member')
		const refused = await submitApplication({ id, user: member }).catch((e: unknown) => e)
		expect((refused as Response).status).toBe(403)
		const late = await submitApplication({ id, user: a.user, now: new Date(Date.now() + 31 * 86_400_000) })
		expect(late).toMatchObject({ ok: false })
		if (!late.ok) expect(late.problems[0]).toEqual({ section: 'calendrier', message: expect.stringContaining('La date limite de dépôt est passée') })
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

	test('un extérieur reçoit 404 ; un partenaire invité lit le dossier mais ne peut pas le modifier (403)', async () => {
		const { a, b, id } = await setup()
		await invitePartnerOrganization({ id, user: a.user, identifier: b.organization.siret! })
		const outsider = await createAssociationMember()
		const { user: funderStaff } = await createStaff('funder')
		for (const user of [outsider.user, funderStaff]) {
			const cookie = await login(server, user.email)
			expect((await get(server, `/candidatures/${id}`, cookie)).status).toBe(404)
			expect((await post(server, `/candidatures/${id}/projet`, { version: '1', title: 'Piraté' }, { cookie })).status).toBe(404)
		}

		const partnerCookie = await login(server, b.user.email)
		const page = await get(server, `/candidatures/${id}`, partnerCookie)
		expect(page.status).toBe(200)
		expect(await page.text()).toContain('Jardins partagés')
		const engagement = await get(server, `/candidatures/${id}/engagement`, partnerCookie)
		expect(engagement.status).toBe(200)
		expect(await engagement.text()).toContain('Confirmer l’engagement de mon association')
		expect((await post(server, `/candidatures/${id}/projet`, { version: '1', title: 'Modifié par B' }, { cookie: partnerCookie })).status).toBe(403)
		expect((await applicationRow(id)).title).toBe('Jardins partagés')

		const accepted = await post(server, `/candidatures/${id}/engagement`, { intent: 'accept', roleDescription: 'Anime', contribution: 'Bénévoles' }, { cookie: partnerCookie })
		expect(accepted.status).toBe(302)
		expect((await memberRow(id, b.organization.id))!.status).toBe('confirmed')
	})

	test('une section qu’on ne peut pas modifier se lit comme le financeur la lit, sans formulaire désactivé ; une saisie refusée parce que le dossier a été déposé reste dans le formulaire', async () => {
		const { id, lead, application } = await createApplicationInState({ status: 'submitted', title: 'Contes et crêpes' })
		const leadCookie = await login(server, lead.user.email)
		for (const [section, text] of [
			['projet', 'Contes et crêpes'],
			['cooperation', 'Pense-pas-bête de la coopération'],
			['budget', 'Total des charges'],
			['questions', 'Questions de l’appel'],
		] as const) {
			const page = await get(server, `/candidatures/${id}/${section}`, leadCookie)
			expect(page.status).toBe(200)
			const html = await page.text()
			expect(html).toContain('Cette section est en lecture seule : le dossier n’est plus un brouillon.')
			expect(html).toContain(text)
			expect(html).not.toContain('<fieldset disabled')
			expect(html).not.toMatch(/<(input|textarea|select) [^>]*name="(title|level|charges\[0\]\.label|answers\.)/)
		}
		// Shares are no longer changed once the dossier is submitted: the page does not say where to change them.
		expect(await (await get(server, `/candidatures/${id}/budget`, leadCookie)).text()).not.toContain('Les parts se modifient dans')
		// A partner reads the draft's sections the same way, with its own reason.
		const draft = await createApplicationInState({ title: 'Jardins du lundi' })
		const partnerPage = await (await get(server, `/candidatures/${draft.id}/projet`, await login(server, draft.partners[0]!.user.email))).text()
		expect(partnerPage).toContain('seule l’association chef de file modifie un dossier en brouillon')
		expect(partnerPage).toContain('Jardins du lundi')
		expect(partnerPage).not.toContain('name="title"')

		// Typed in a form opened before the dossier was submitted: refused, and kept in the form.
		const refused = await post(server, `/candidatures/${id}/projet`, { version: String(application.projectVersion), title: 'Titre tapé trop tard', publics: 'Les voisins du square' }, { cookie: leadCookie })
		expect(refused.status).toBe(409)
		const refusedHtml = await refused.text()
		expect(refusedHtml).toContain('Ce dossier a été déposé')
		// The notice above the kept form gives the lead's reason, not a partner's.
		expect(refusedHtml).toContain('Cette section est en lecture seule : le dossier n’est plus un brouillon.')
		expect(refusedHtml).not.toContain('seule l’association chef de file modifie un dossier en brouillon')
		expect(refusedHtml).toContain('value="Titre tapé trop tard"')
		expect(refusedHtml).toContain('Les voisins du square')
	})

	test('le chef de file enregistre une section ; une saisie invalide répond 400 en gardant la saisie ; une version périmée 409', async () => {
		const { a, id } = await setup()
		const cookie = await login(server, a.user.email)
		const page = await get(server, `/candidatures/${id}/projet`, cookie)
		expect(page.status).toBe(200)

		const bad = await post(server, `/candidatures/${id}/projet`, { version: '1', title: 'Jardins', expectedParticipants: 'beaucoup', publics: 'Les voisins' }, { cookie })
		expect(bad.status).toBe(400)
		const badHtml = await bad.text()
		expect(badHtml).toContain('Indiquez un nombre de personnes en chiffres')
		expect(badHtml).toContain('value="beaucoup"')
		expect(badHtml).toContain('Les voisins')

		const saved = await post(server, `/candidatures/${id}/projet`, { version: '1', title: 'Jardins', summary: 'Première version' }, { cookie })
		expect(saved.status).toBe(302)
		const stale = await post(server, `/candidatures/${id}/projet`, { version: '1', title: 'Jardins', summary: 'Ma version à moi' }, { cookie })
		expect(stale.status).toBe(409)
		const staleHtml = await stale.text()
		expect(staleHtml).toContain('pendant que vous la modifiiez')
		expect(staleHtml).toContain('Première version')
		expect(staleHtml).toContain('Ma version à moi')
		expect((await applicationRow(id)).summary).toBe('Première version')

		const submit = await post(server, `/candidatures/${id}`, { intent: 'submit' }, { cookie })
		expect(submit.status).toBe(409)
		expect(await submit.text()).toContain('Budget à compléter')
	})

	test('/appels liste les appels publiés, clos compris ; /appels/:id propose le dépôt', async () => {
		const open = await createCall({ title: 'Vivre ensemble 2025' })
		await createCall({ title: 'Vivre ensemble 2024', deadlineAt: new Date(Date.now() - 86_400_000) })
		await createCall({ title: 'Brouillon secret', status: 'draft' })
		const list = await (await get(server, '/appels')).text()
		expect(list).toContain('Vivre ensemble 2025')
		expect(list).toMatch(/Vivre ensemble 2024<\/a><span class="muted"> — <!-- -->clos|Vivre ensemble 2024.*clos/)
		expect(list).not.toContain('Brouillon secret')

		const anonymous = await (await get(server, `/appels/${open.id}`)).text()
		expect(anonymous).toContain('Connectez-vous')
		const { user, organization } = await createAssociationMember()
		const cookie = await login(server, user.email)
		const created = await post(server, `/appels/${open.id}`, { intent: 'create', title: 'Mon projet', leadOrganizationId: organization.id }, { cookie })
		expect(created.status).toBe(302)
		const [row] = await db.select().from(applications)
		expect(created.headers.get('location')).toBe(`/candidatures/${row!.id}`)
		expect((await post(server, `/appels/${open.id}`, { intent: 'create' }, { cookie })).status).toBe(400)
		// Without JavaScript: the message under its field, what was typed kept.
		const refused = await post(server, `/appels/${open.id}`, { intent: 'create', title: 'Un projet « sans » chef de file' }, { cookie })
		expect(refused.status).toBe(400)
		const html = await refused.text()
		expect(html).toMatch(/<input[^>]*name="title"[^>]*value="Un projet « sans » chef de file"/)
		expect(html).toMatch(/<p id="nouveau-projet-leadOrganizationId-error" class="field-error">[^<]+/)
	})

	test('lien d’invitation par e-mail : page lisible, expirée en 410', async () => {
		const { a, id } = await setup()
		const invited = await invitePartnerByEmail({ id, user: a.user, email: 'nouvelle@voisins.test' })
		if (!invited.ok) throw new Error(invited.message)
		const page = await get(server, `/candidatures/invitation/${invited.token}`)
		expect(page.status).toBe(200)
		expect(await page.text()).toContain('Invitation à co-porter « Jardins partagés »')
		await db.update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.email, 'nouvelle@voisins.test'))
		expect((await get(server, `/candidatures/invitation/${invited.token}`)).status).toBe(410)
	})
})
