/**
 * Personal data (issue 13, docs/decisions/030): a person downloads what the portal holds
 * about them (JSON and PDF, theirs only), and deletes their account — what goes, what stays
 * with the organisation, the référent who needs a successor first, no login afterwards.
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { startContact, replyToContact } from '#app/domain/directory/contacts.server.ts'
import { saveProfile, setProfilePublished } from '#app/domain/directory/profiles.server.ts'
import { postConsortiumMessage, postStaffMessage } from '#app/domain/dossier-messages/thread.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { deleteAccount } from '#app/domain/personal-data/account-deletion.server.ts'
import { personalDataPdf } from '#app/domain/personal-data/export-pdf.server.ts'
import { collectPersonalData, SECTION_LIMIT } from '#app/domain/personal-data/export.server.ts'
import { db } from '#db/client.server.ts'
import {
	agreementSignatures,
	applicationMessages,
	applications,
	auditEvents,
	invitations,
	jurors,
	juryAssignments,
	loginThrottles,
	memberships,
	outboxMessages,
	partnerContacts,
	payments,
	sessions,
	users,
} from '#db/schema/index.ts'
import { addMember, createApplication, createAssociationMember, createJuror, createUser, TEST_PASSWORD } from '#tests/factories.ts'
import { followedDossier } from '#tests/support/follow-up.ts'
import { pdfText } from '#tests/support/pdf-text.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

const profile = { communes: '', publics: [], themes: ['interculturel' as const], offers: [], needs: [], offerDetails: '', needDetails: '', presentation: 'Notre association.' }

/**
 * A submitted dossier led by A with B confirmed: A's référent and the funder's staff each
 * write in its thread; C writes to A through the directory and A's référent answers.
 */
async function dossierWithMessages() {
	const app = await createApplication({ status: 'submitted', coCarriers: 1, title: 'Jardins partagés' })
	const own = await postConsortiumMessage({ user: app.lead.user, applicationId: app.id, body: 'Message écrit par la référente de A.' })
	const staff = await postStaffMessage({ user: app.funder.user, callId: app.call.id, applicationId: app.id, body: 'Message écrit par le financeur.' })
	expect(own.ok && staff.ok).toBe(true)
	const saved = await saveProfile({ user: app.lead.user, organizationId: app.lead.organization.id, values: profile })
	if (!saved.ok) throw new Error(saved.message)
	await setProfilePublished({ user: app.lead.user, organizationId: app.lead.organization.id, published: true })
	const c = await createAssociationMember('referent')
	const contact = await startContact({ user: c.user, organizationId: app.lead.organization.id, subject: 'Bonjour', message: 'Message de C, qui n’est pas à A.' })
	if (!contact.ok) throw new Error(contact.message)
	const replied = await replyToContact({ user: app.lead.user, contactId: contact.contactId, message: 'Réponse de la référente de A.' })
	if (!replied.ok) throw new Error(replied.message)
	return { app, c, contactId: contact.contactId }
}

describe('export of one’s personal data', () => {
	test('the JSON file holds the account, memberships and what the person wrote, nobody else’s', async () => {
		const { app, c } = await dossierWithMessages()
		// An event of theirs that carries someone else's address (an invitation they sent).
		await recordAudit(db, { actorUserId: app.lead.user.id, action: 'organization.member_invited', subjectType: 'organization', subjectId: app.lead.organization.id, data: { email: 'invitee@exemple.test' } })
		const cookie = await login(server, app.lead.user.email)
		const response = await get(server, '/compte/donnees.json', cookie)
		expect(response.status).toBe(200)
		expect(response.headers.get('content-type')).toContain('application/json')
		expect(response.headers.get('content-disposition')).toContain('attachment')
		const text = await response.text()
		const data = JSON.parse(text)
		expect(data.account).toMatchObject({ id: app.lead.user.id, email: app.lead.user.email, displayName: app.lead.user.displayName })
		expect(data.memberships.items).toEqual([expect.objectContaining({ organization: app.lead.organization.name, role: 'referent', kind: 'association' })])
		expect(data.dossiersCreated.items.map((d: { title: string }) => d.title)).toEqual(['Jardins partagés'])
		expect(data.dossierMessages.items.map((m: { body: string }) => m.body)).toEqual(['Message écrit par la référente de A.'])
		expect(data.directoryMessages.items.map((m: { body: string }) => m.body)).toEqual(['Réponse de la référente de A.'])
		expect(data.auditEvents.items.some((e: { action: string }) => e.action === 'application.submitted')).toBe(true)
		expect(data.auditEvents.truncated).toBe(false)
		// Nobody else's words or address.
		expect(text).not.toContain('Message écrit par le financeur.')
		expect(text).not.toContain('Message de C')
		expect(text).not.toContain(c.user.email)
		expect(text).not.toContain(app.funder.user.email)
		expect(text).not.toContain(app.partners[0]!.user.email)
		expect(text).not.toContain('invitee@exemple.test')
		expect(data.auditEvents.items.find((e: { action: string }) => e.action === 'organization.member_invited').data).toEqual({ email: '[adresse d’une autre personne]' })
		// The download is in the history.
		const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.action, 'personal_data.exported'), eq(auditEvents.actorUserId, app.lead.user.id)))
		expect(event?.data).toEqual({ format: 'json' })
	})

	test('the PDF reads the same, in French', async () => {
		const { app } = await dossierWithMessages()
		const cookie = await login(server, app.lead.user.email)
		const response = await get(server, '/compte/donnees.pdf', cookie)
		expect(response.status).toBe(200)
		expect(response.headers.get('content-type')).toBe('application/pdf')
		const text = pdfText(Buffer.from(await response.arrayBuffer()))
		expect(text).toContain('Mes données personnelles')
		expect(text).toContain(app.lead.user.email)
		expect(text).toContain('Message écrit par la référente de A.')
		expect(text).toContain('Vos messages dans les dossiers')
		expect(text).not.toContain('Message écrit par le financeur.')
		// Codes in words: the membership's role, the message's side (the JSON file keeps the codes).
		expect(text).toMatch(/Rôle : référent·e/)
		expect(text).toMatch(/Côté : consortium/)
		expect(text).not.toMatch(/Rôle : referent\b/)
		const page = await get(server, '/compte/donnees', cookie)
		const html = (await page.text()).replaceAll('<!-- -->', '')
		expect(html).toContain('href="/compte/donnees.pdf"')
		expect(html).toContain('href="/compte/donnees.json"')
		expect(html).toContain('Vos messages dans les dossiers : 1')
	})

	test('a section longer than its limit is cut to the newest rows, and says so in the JSON and the PDF', async () => {
		const person = await createUser()
		const base = Date.now() - 10 * 86_400_000
		await db.insert(outboxMessages).values(
			Array.from({ length: SECTION_LIMIT + 5 }, (_, i) => ({ template: 'dossier-message', toAddress: person.email, subject: `Message n° ${i}`, html: '', text: '', createdAt: new Date(base + i * 60_000) })),
		)
		const data = await collectPersonalData(person.id)
		expect(data!.emailsSent).toMatchObject({ truncated: true, limit: SECTION_LIMIT })
		expect(data!.emailsSent.items).toHaveLength(SECTION_LIMIT)
		expect(data!.emailsSent.items[0]).toMatchObject({ subject: `Message n° ${SECTION_LIMIT + 4}` })
		expect(data!.memberships.truncated).toBe(false)
		const text = pdfText(await personalDataPdf(data!))
		expect(text).toContain(`Plus de ${SECTION_LIMIT} éléments : seuls les ${SECTION_LIMIT} plus récents figurent dans cet export.`)
	})

	test('a juror finds their evaluations, with their comments', async () => {
		const app = await createApplication({ status: 'admissible', coCarriers: 1 })
		const juror = await createJuror(app.call.id)
		const [seat] = await db.select().from(jurors).where(eq(jurors.userId, juror.id))
		await db.insert(juryAssignments).values({ jurorId: seat!.id, applicationId: app.id, generalOpinion: 'Un beau projet, budget serré.' })
		const data = await collectPersonalData(juror.id)
		expect(data!.jurorSeats.items).toHaveLength(1)
		expect(data!.juryEvaluations.items).toEqual([expect.objectContaining({ dossier: app.application.title, generalOpinion: 'Un beau projet, budget serré.' })])
		expect(data!.dossierMessages.items).toEqual([])
	})
})

describe('deleting one’s account', () => {
	test('the only référent of an association is refused, the association named; nothing changes', async () => {
		const a = await createAssociationMember('referent')
		const cookie = await login(server, a.user.email)
		const page = await (await get(server, '/compte/suppression', cookie)).text()
		expect(page).toContain(`« ${a.organization.name} »`)
		const response = await post(server, '/compte/suppression', { password: TEST_PASSWORD, confirmation: 'SUPPRIMER' }, { cookie })
		expect(response.status).toBe(409)
		const html = await response.text()
		expect(html).toContain('seule référent·e')
		expect(html).toContain(a.organization.name.replace(/'/g, '&#x27;'))
		const [user] = await db.select().from(users).where(eq(users.id, a.user.id))
		expect(user).toMatchObject({ email: a.user.email, deletedAt: null })
		expect(await db.select().from(memberships).where(eq(memberships.userId, a.user.id))).toHaveLength(1)
	})

	test('a wrong password or a missing confirmation is refused next to the field', async () => {
		const a = await createAssociationMember('member')
		const cookie = await login(server, a.user.email)
		const wrong = await post(server, '/compte/suppression', { password: 'pas le bon', confirmation: 'SUPPRIMER' }, { cookie })
		expect(wrong.status).toBe(400)
		expect(await wrong.text()).toContain('Mot de passe incorrect.')
		const unconfirmed = await post(server, '/compte/suppression', { password: TEST_PASSWORD, confirmation: 'oui' }, { cookie })
		expect(unconfirmed.status).toBe(400)
		expect(await unconfirmed.text()).toContain('Tapez SUPPRIMER pour confirmer.')
		const [user] = await db.select().from(users).where(eq(users.id, a.user.id))
		expect(user!.deletedAt).toBeNull()
	})

	test('the password typed here counts with the failed logins: an open session cannot be used to try passwords', async () => {
		const a = await createAssociationMember('member')
		const cookie = await login(server, a.user.email)
		expect((await post(server, '/compte/suppression', { password: 'essai 1', confirmation: 'SUPPRIMER' }, { cookie })).status).toBe(400)
		const [counted] = await db.select().from(loginThrottles).where(eq(loginThrottles.key, `account:${a.user.email}`))
		expect(counted!.failures).toBe(1)
		// Once the account is locked (by logins or by this form), even the right password is refused here, in French.
		await db.update(loginThrottles).set({ lockedUntil: new Date(Date.now() + 10 * 60_000) }).where(eq(loginThrottles.key, `account:${a.user.email}`))
		const locked = await post(server, '/compte/suppression', { password: TEST_PASSWORD, confirmation: 'SUPPRIMER' }, { cookie })
		expect(locked.status).toBe(400)
		expect(await locked.text()).toContain('Trop de tentatives de connexion. Par sécurité, réessayez dans 10 minutes')
		const [user] = await db.select().from(users).where(eq(users.id, a.user.id))
		expect(user!.deletedAt).toBeNull()
	})

	test('personal data goes, the funder’s records stay with the association, and the account can no longer log in', async () => {
		const dossier = await followedDossier({ stage: 'in_progress', title: 'Projet retenu' })
		const person = dossier.lead.user
		// A successor: another référent of the lead association.
		const successor = await createUser()
		await addMember(dossier.lead.organization.id, successor.id, 'referent')
		const posted = await postConsortiumMessage({ user: person, applicationId: dossier.id, body: 'Notre message au financeur.' })
		expect(posted.ok).toBe(true)
		// A directory conversation they started, an invitation to their address not answered, an event naming them.
		const other = await createAssociationMember('referent')
		const saved = await saveProfile({ user: other.user, organizationId: other.organization.id, values: profile })
		if (!saved.ok) throw new Error(saved.message)
		await setProfilePublished({ user: other.user, organizationId: other.organization.id, published: true })
		const contact = await startContact({ user: person, organizationId: other.organization.id, subject: 'Coopérer ?', message: 'Bonjour, je suis Camille.' })
		if (!contact.ok) throw new Error(contact.message)
		await db.insert(invitations).values({ kind: 'organization_member', email: person.email, organizationId: other.organization.id, role: 'member', tokenHash: `hash-${person.id}`, expiresAt: new Date(Date.now() + 86_400_000) })
		await recordAudit(db, { actorUserId: other.user.id, action: 'organization.member_invited', subjectType: 'organization', subjectId: other.organization.id, data: { email: person.email, role: 'member' } })

		const cookie = await login(server, person.email)
		const response = await post(server, '/compte/suppression', { password: TEST_PASSWORD, confirmation: 'supprimer' }, { cookie })
		expect(response.status).toBe(302)
		expect(response.headers.get('location')).toBe('/')
		// The old session is gone, and the old credentials open nothing.
		expect((await get(server, '/espace', cookie)).headers.get('location')).toMatch(/^\/connexion/)
		const relogin = await post(server, '/connexion', { email: person.email, password: TEST_PASSWORD })
		expect(relogin.status).not.toBe(302)

		// Gone: name, address, password, sessions, memberships, the pending invitation, the conversation they started.
		const [account] = await db.select().from(users).where(eq(users.id, person.id))
		expect(account).toMatchObject({ displayName: 'Compte supprimé', emailVerifiedAt: null, platformRole: null })
		expect(account!.email).not.toContain(person.email)
		expect(account!.passwordHash).not.toBe(person.passwordHash)
		expect(account!.deletedAt).toBeInstanceOf(Date)
		expect(await db.select().from(sessions).where(eq(sessions.userId, person.id))).toEqual([])
		expect(await db.select().from(memberships).where(eq(memberships.userId, person.id))).toEqual([])
		expect(await db.select().from(invitations).where(eq(invitations.email, person.email))).toEqual([])
		expect(await db.select().from(partnerContacts).where(eq(partnerContacts.id, contact.contactId))).toEqual([])
		// The audit history keeps the links (a pseudonymous id) but no longer names them.
		const events = await db.select().from(auditEvents)
		expect(JSON.stringify(events.map((e) => e.data))).not.toContain(person.email)
		expect(events.find((e) => e.action === 'organization.member_invited' && e.subjectId === other.organization.id)!.data).toEqual({ email: '[supprimé]', role: 'member' })
		expect(events.filter((e) => e.actorUserId === person.id).length).toBeGreaterThan(1)
		expect(events.find((e) => e.action === 'account.deleted')).toMatchObject({ actorUserId: person.id, subjectId: person.id, data: {} })

		// Stays, with the association: the dossier, its decision, its agreement and signatures, its payments, its messages.
		const [application] = await db.select().from(applications).where(eq(applications.id, dossier.id))
		expect(application).toMatchObject({ status: 'in_progress', leadOrganizationId: dossier.lead.organization.id })
		expect(await db.select().from(payments).where(eq(payments.applicationId, dossier.id))).not.toEqual([])
		const signatures = await db.select().from(agreementSignatures).where(eq(agreementSignatures.signerUserId, person.id))
		expect(signatures).toEqual([expect.objectContaining({ organizationId: dossier.lead.organization.id })])
		const [message] = await db.select().from(applicationMessages).where(eq(applicationMessages.body, 'Notre message au financeur.'))
		expect(message!.authorId).toBe(person.id)
		// The association keeps its successor.
		expect(await db.select().from(memberships).where(eq(memberships.organizationId, dossier.lead.organization.id))).toEqual([expect.objectContaining({ userId: successor.id, role: 'referent' })])
		// An export of the deleted account gives nothing.
		expect(await collectPersonalData(person.id)).toBeNull()
	})

	test('a juror leaves the juries at work; their sent evaluations stay, the unsent ones are released', async () => {
		const app = await createApplication({ status: 'admissible', coCarriers: 1 })
		const other = await createApplication({ call: app.call, status: 'admissible', coCarriers: 1 })
		const juror = await createJuror(app.call.id)
		const [seat] = await db.select().from(jurors).where(eq(jurors.userId, juror.id))
		await db.insert(juryAssignments).values([
			{ jurorId: seat!.id, applicationId: app.id, generalOpinion: 'Solide.', submittedAt: new Date(), weightedScore: 72 },
			{ jurorId: seat!.id, applicationId: other.id, generalOpinion: 'Pas fini.' },
		])
		const outcome = await deleteAccount({ userId: juror.id, password: TEST_PASSWORD, confirmation: 'SUPPRIMER' })
		expect(outcome).toEqual({ ok: true })
		const assignments = await db.select().from(juryAssignments).where(eq(juryAssignments.jurorId, seat!.id))
		expect(assignments).toEqual([expect.objectContaining({ applicationId: app.id, generalOpinion: 'Solide.', weightedScore: 72 })])
		const [after] = await db.select().from(jurors).where(eq(jurors.id, seat!.id))
		expect(after!.status).toBe('declined')
	})
})
