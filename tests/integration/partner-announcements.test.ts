/**
 * « Je cherche des partenaires » (issue 12): an association announces on a published call;
 * another answers; the announcer accepts, and the responder is invited as a partner of the
 * announcer's draft through the consortium's own invitation (created when there is none),
 * or declines. What must be refused is refused, and nothing is half written.
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createApplication as createDraft } from '#app/domain/applications/creation.server.ts'
import { createAnnouncement, closeAnnouncement } from '#app/domain/partners/announcements.server.ts'
import { acceptAnswer, answerAnnouncement, declineAnswer, withdrawAnswer } from '#app/domain/partners/answers.server.ts'
import { LIMITS } from '#app/domain/partners/forms.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, auditEvents, calls, invitations, outboxMessages, associationProfiles, organizations, partnerAnnouncements, partnerAnswers, themes } from '#db/schema/index.ts'
import { addMember, createAssociationMember, createCall, createUser } from '#tests/factories.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

const announcementInput = { title: 'Un potager entre générations', project: 'Un jardin partagé où les enfants du quartier et les aînés cultivent ensemble.', lookingFor: 'Une association de personnes âgées du quartier.', themeIds: [] as string[] }

/** A call, an announcer (référent) and a responder association with a simple member who answers and a référent who is told. */
async function scene() {
	const call = await createCall()
	const announcer = await createAssociationMember('referent')
	const responder = await createAssociationMember('referent')
	const responderMember = await createUser()
	await addMember(responder.organization.id, responderMember.id, 'member')
	const created = await createAnnouncement({ user: announcer.user, callId: call.id, organizationId: announcer.organization.id, ...announcementInput })
	if (!created.ok) throw new Error(created.message)
	return { call, announcer, responder, responderMember, announcementId: created.announcementId }
}

async function emailsTo(address: string) {
	return db.select({ template: outboxMessages.template, text: outboxMessages.text }).from(outboxMessages).where(eq(outboxMessages.toAddress, address))
}

describe('annonce → réponse → acceptation → invitation sur le brouillon', () => {
	test('accepter invite la répondante sur un brouillon créé pour l’occasion, et le dit des deux côtés', async () => {
		const { call, announcer, responder, responderMember, announcementId } = await scene()
		const answered = await answerAnnouncement({ user: responderMember, callId: call.id, announcementId, organizationId: responder.organization.id, message: 'Nous animons un club de seniors à deux rues de là.' })
		expect(answered.ok).toBe(true)
		// The announcer's référent is told of the answer.
		expect((await emailsTo(announcer.user.email)).map((e) => e.template)).toEqual(['partner-answer-received'])

		const accepted = await acceptAnswer({ user: announcer.user, callId: call.id, answerId: (answered as { answerId: string }).answerId })
		if (!accepted.ok) throw new Error(accepted.message)

		// A draft was created, led by the announcer, titled from the announcement, linked to it.
		const [draft] = await db.select().from(applications).where(eq(applications.id, accepted.applicationId))
		expect(draft).toMatchObject({ callId: call.id, leadOrganizationId: announcer.organization.id, title: announcementInput.title, status: 'draft' })
		const [announcement] = await db.select().from(partnerAnnouncements).where(eq(partnerAnnouncements.id, announcementId))
		expect(announcement!.applicationId).toBe(accepted.applicationId)
		// The responder is an invited partner of the consortium…
		const [member] = await db
			.select()
			.from(applicationMembers)
			.where(and(eq(applicationMembers.applicationId, accepted.applicationId), eq(applicationMembers.organizationId, responder.organization.id)))
		expect(member).toMatchObject({ role: 'co_carrier', status: 'invited' })
		// …through the consortium's invitation, sent to its référent, valid 14 days.
		const rows = await db.select().from(invitations).where(eq(invitations.applicationId, accepted.applicationId))
		expect(rows).toHaveLength(1)
		expect(rows[0]).toMatchObject({ id: accepted.invitationId, kind: 'application_partner', organizationId: responder.organization.id, email: responder.user.email })
		const days = (rows[0]!.expiresAt.getTime() - rows[0]!.createdAt.getTime()) / 86_400_000
		expect(Math.round(days)).toBe(14)
		// The answer records its invitation and its new status.
		const [answer] = await db.select().from(partnerAnswers).where(eq(partnerAnswers.announcementId, announcementId))
		expect(answer).toMatchObject({ status: 'accepted', invitationId: accepted.invitationId })
		expect(answer!.decidedAt).not.toBeNull()
		// Both sides are told: the responder's référent gets the invitation and the news; the announcer a record.
		expect((await emailsTo(responder.user.email)).map((e) => e.template).sort()).toEqual(['application-partner-invitation', 'partner-answer-decided'])
		expect((await emailsTo(announcer.user.email)).map((e) => e.template).sort()).toEqual(['partner-answer-decided', 'partner-answer-received'])
		// The simple member who answered is not emailed (addresses are the référents').
		expect(await emailsTo(responderMember.email)).toEqual([])
		// The engine moved the answer: one audit event with its transition.
		const events = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, answer!.id), eq(auditEvents.action, 'partner_answer.accepted')))
		expect(events).toHaveLength(1)
		expect(events[0]!.data).toMatchObject({ from: 'pending', to: 'accepted', invitationId: accepted.invitationId })
	})

	test('le brouillon existant de l’annonceuse reçoit l’invitation (aucun nouveau dossier)', async () => {
		const { call, announcer, responder, announcementId } = await scene()
		const existing = await createDraft({ user: announcer.user, callId: call.id, title: 'Notre dossier', leadOrganizationId: announcer.organization.id })
		if (!existing.ok) throw new Error(existing.message)
		const answered = await answerAnnouncement({ user: responder.user, callId: call.id, announcementId, organizationId: responder.organization.id, message: 'Nous sommes intéressés.' })
		const accepted = await acceptAnswer({ user: announcer.user, callId: call.id, answerId: (answered as { answerId: string }).answerId })
		expect(accepted).toMatchObject({ ok: true, applicationId: existing.applicationId })
		expect(await db.select().from(applications).where(eq(applications.callId, call.id))).toHaveLength(1)
	})

	test('décliner, avec un motif, le dit à la répondante ; retirer une réponse en attente', async () => {
		const { call, announcer, responder, announcementId } = await scene()
		const other = await createAssociationMember('referent')
		const first = await answerAnnouncement({ user: responder.user, callId: call.id, announcementId, organizationId: responder.organization.id, message: 'Nous sommes intéressés.' })
		const second = await answerAnnouncement({ user: other.user, callId: call.id, announcementId, organizationId: other.organization.id, message: 'Nous aussi, volontiers.' })
		expect(await declineAnswer({ user: announcer.user, callId: call.id, answerId: (first as { answerId: string }).answerId, reason: 'Nous avons trouvé plus près.' })).toEqual({ ok: true })
		const declinedMail = (await emailsTo(responder.user.email)).find((e) => e.template === 'partner-answer-decided')
		expect(declinedMail?.text).toContain('Nous avons trouvé plus près.')
		expect(await withdrawAnswer({ user: other.user, callId: call.id, answerId: (second as { answerId: string }).answerId })).toEqual({ ok: true })
		const statuses = await db.select({ organizationId: partnerAnswers.organizationId, status: partnerAnswers.status, statusReason: partnerAnswers.statusReason }).from(partnerAnswers)
		expect(statuses.sort((a, b) => a.status.localeCompare(b.status))).toEqual([
			{ organizationId: responder.organization.id, status: 'declined', statusReason: 'Nous avons trouvé plus près.' },
			{ organizationId: other.organization.id, status: 'withdrawn', statusReason: null },
		])
		// Decided answers are decided: no second decision, no invitation.
		expect(await acceptAnswer({ user: announcer.user, callId: call.id, answerId: (first as { answerId: string }).answerId })).toMatchObject({ ok: false })
		expect(await db.select().from(invitations)).toEqual([])
	})

	test('fermer l’annonce décline les réponses en attente et refuse les suivantes', async () => {
		const { call, announcer, responder, announcementId } = await scene()
		await answerAnnouncement({ user: responder.user, callId: call.id, announcementId, organizationId: responder.organization.id, message: 'Nous sommes intéressés.' })
		expect(await closeAnnouncement({ user: announcer.user, callId: call.id, announcementId })).toEqual({ ok: true })
		const [answer] = await db.select().from(partnerAnswers)
		expect(answer!.status).toBe('declined')
		const late = await createAssociationMember('referent')
		expect(await answerAnnouncement({ user: late.user, callId: call.id, announcementId, organizationId: late.organization.id, message: 'Trop tard ?' })).toMatchObject({ ok: false, message: expect.stringContaining('fermée') })
	})
})

describe('refus', () => {
	test('une association ne répond pas à sa propre annonce', async () => {
		const { call, announcer, announcementId } = await scene()
		const outcome = await answerAnnouncement({ user: announcer.user, callId: call.id, announcementId, organizationId: announcer.organization.id, message: 'Nous nous répondons.' })
		expect(outcome).toMatchObject({ ok: false, field: 'organizationId', message: expect.stringContaining('elle ne peut pas y répondre') })
		expect(await db.select().from(partnerAnswers)).toEqual([])
	})

	test('une association ne répond qu’une fois à une annonce', async () => {
		const { call, responder, responderMember, announcementId } = await scene()
		expect((await answerAnnouncement({ user: responder.user, callId: call.id, announcementId, organizationId: responder.organization.id, message: 'Première réponse.' })).ok).toBe(true)
		const twice = await answerAnnouncement({ user: responderMember, callId: call.id, announcementId, organizationId: responder.organization.id, message: 'Deuxième réponse.' })
		expect(twice).toMatchObject({ ok: false, message: 'Votre association a déjà répondu à cette annonce.' })
		expect(await db.select().from(partnerAnswers)).toHaveLength(1)
	})

	test('on n’annonce pas sur un appel clos ni sur un appel dont la date limite est passée', async () => {
		const association = await createAssociationMember('referent')
		const closed = await createCall({ status: 'closed' })
		const past = await createCall({ deadlineAt: new Date(Date.now() - 3600_000) })
		for (const call of [closed, past]) {
			const outcome = await createAnnouncement({ user: association.user, callId: call.id, organizationId: association.organization.id, ...announcementInput })
			expect(outcome).toMatchObject({ ok: false, message: expect.stringContaining('date limite est passée') })
		}
		const draft = await createCall({ status: 'draft' })
		await expect(createAnnouncement({ user: association.user, callId: draft.id, organizationId: association.organization.id, ...announcementInput })).rejects.toMatchObject({ status: 404 })
		expect(await db.select().from(partnerAnnouncements)).toEqual([])
	})

	test('on n’annonce pas au nom d’une association dont on n’est pas membre, ni avec un thème d’un autre appel', async () => {
		const call = await createCall()
		const other = await createCall()
		const person = await createAssociationMember('referent')
		const stranger = await createAssociationMember('referent')
		expect(await createAnnouncement({ user: person.user, callId: call.id, organizationId: stranger.organization.id, ...announcementInput })).toMatchObject({ ok: false, field: 'organizationId' })
		const [foreignTheme] = await db.select().from(themes).where(eq(themes.callId, other.id))
		expect(await createAnnouncement({ user: person.user, callId: call.id, organizationId: person.organization.id, ...announcementInput, themeIds: [foreignTheme!.id] })).toMatchObject({ ok: false, field: 'themeIds' })
	})

	test('seule l’annonceuse accepte ou décline une réponse ; les autres reçoivent un 404', async () => {
		const { call, responder, announcementId } = await scene()
		const answered = await answerAnnouncement({ user: responder.user, callId: call.id, announcementId, organizationId: responder.organization.id, message: 'Nous sommes intéressés.' })
		const answerId = (answered as { answerId: string }).answerId
		const intruder = await createAssociationMember('referent')
		// Not even the responder accepts its own answer.
		for (const user of [intruder.user, responder.user]) {
			await expect(acceptAnswer({ user, callId: call.id, answerId })).rejects.toMatchObject({ status: 404 })
			await expect(declineAnswer({ user, callId: call.id, answerId, reason: '' })).rejects.toMatchObject({ status: 404 })
		}
		await expect(withdrawAnswer({ user: intruder.user, callId: call.id, answerId })).rejects.toMatchObject({ status: 404 })
		const [answer] = await db.select().from(partnerAnswers)
		expect(answer!.status).toBe('pending')
		expect(await db.select().from(applications)).toEqual([])
	})

	test('une acceptation refusée (la date limite est passée entre-temps) n’écrit rien, pas même le brouillon', async () => {
		const { call, announcer, responder, announcementId } = await scene()
		const answered = await answerAnnouncement({ user: responder.user, callId: call.id, announcementId, organizationId: responder.organization.id, message: 'Nous sommes intéressés.' })
		// The deadline passes before the announcer accepts: no draft may be created any more.
		await db.update(calls).set({ deadlineAt: new Date(Date.now() - 1000) }).where(eq(calls.id, call.id))
		const outcome = await acceptAnswer({ user: announcer.user, callId: call.id, answerId: (answered as { answerId: string }).answerId })
		expect(outcome).toMatchObject({ ok: false, message: expect.stringContaining('date limite') })
		expect(await db.select().from(applications)).toEqual([])
		expect((await db.select().from(partnerAnswers))[0]!.status).toBe('pending')
	})
})

describe('les pages', () => {
	let server: TestServer
	beforeAll(async () => {
		server = await startTestServer()
	})
	afterAll(async () => {
		await server.close()
	})

	test('un visiteur anonyme lit les annonces : nom, département, lien vers le profil publié, jamais une adresse', async () => {
		const { call, announcer, responder, announcementId } = await scene()
		await db.update(organizations).set({ contactEmail: 'contact-secret@exemple.test' }).where(eq(organizations.id, announcer.organization.id))
		await answerAnnouncement({ user: responder.user, callId: call.id, announcementId, organizationId: responder.organization.id, message: 'Message réservé à l’annonceuse.' })
		let page = await (await get(server, `/appels/${call.id}/partenaires`)).text()
		expect(page).toContain(announcementInput.title)
		expect(page).toContain(announcer.organization.name)
		expect(page).toContain('département 69')
		expect(page).not.toContain(`/partenaires/${announcer.organization.id}`)
		for (const secret of ['contact-secret@exemple.test', announcer.user.email]) expect(page).not.toContain(secret)
		// Once the association publishes its directory profile, the list links to it.
		await db.insert(associationProfiles).values({ organizationId: announcer.organization.id, publishedAt: new Date() })
		page = await (await get(server, `/appels/${call.id}/partenaires`)).text()
		expect(page).toContain(`/partenaires/${announcer.organization.id}`)
		// The announcement's page: its text, not its answers, to anyone but the announcer.
		const anonymous = await (await get(server, `/appels/${call.id}/partenaires/${announcementId}`)).text()
		expect(anonymous).toContain(announcementInput.lookingFor)
		expect(anonymous).not.toContain('Message réservé à l’annonceuse.')
		const announcerView = await (await get(server, `/appels/${call.id}/partenaires/${announcementId}`, await login(server, announcer.user.email))).text()
		expect(announcerView).toContain('Message réservé à l’annonceuse.')
		expect(announcerView).toContain(responder.organization.name)
		expect(announcerView).not.toContain(responder.user.email)
		// The public call page links to its partners' page.
		expect(await (await get(server, `/appels/${call.id}`)).text()).toContain(`/appels/${call.id}/partenaires`)
	})

	test('longueurs et valeurs hostiles : refusées avec un message en français, rien n’est écrit', async () => {
		const { call, announcer, responder, announcementId } = await scene()
		const cookie = await login(server, announcer.user.email)
		const base = { intent: 'announce', organizationId: announcer.organization.id, title: 'Titre correct', project: announcementInput.project, lookingFor: announcementInput.lookingFor }
		const tooLong = await post(server, `/appels/${call.id}/partenaires`, { ...base, title: 'x'.repeat(LIMITS.title.max + 1) }, { cookie })
		expect(tooLong.status).toBe(400)
		expect(await tooLong.text()).toContain(`ne doit pas dépasser ${LIMITS.title.max} caractères`)
		const huge = await post(server, `/appels/${call.id}/partenaires`, { ...base, project: 'é'.repeat(20_000) }, { cookie })
		expect(huge.status).toBe(400)
		const themesFlood = new URLSearchParams(base)
		for (let i = 0; i < 500; i++) themesFlood.append(`themeIds[${i}]`, 'x')
		const flood = await fetch(`${server.baseUrl}/appels/${call.id}/partenaires`, { method: 'POST', body: themesFlood, headers: { Cookie: cookie, Origin: server.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' }, redirect: 'manual' })
		expect(flood.status).toBe(400)
		// A forged theme the form never offers: the schema writes no message for its length, so the reply carries
		// Zod's default one, in French (app/utils/zod-french.ts), not Zod's English with the value echoed.
		const forgedTheme = new URLSearchParams(base)
		forgedTheme.append('themeIds[0]', 't'.repeat(65))
		const forged = await fetch(`${server.baseUrl}/appels/${call.id}/partenaires`, { method: 'POST', body: forgedTheme, headers: { Cookie: cookie, Origin: server.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' }, redirect: 'manual' })
		expect(forged.status).toBe(400)
		const forgedPage = await forged.text()
		expect(forgedPage).toContain('Écrivez au plus 64 caractères.')
		expect(forgedPage).not.toMatch(/String must|Expected|Invalid/)
		const stranger = await post(server, `/appels/${call.id}/partenaires`, { ...base, organizationId: 'pas-une-association' }, { cookie })
		expect(stranger.status).toBe(409)
		const strangerPage = await stranger.text()
		expect(strangerPage).toContain('Choisissez une de vos associations.')
		// A member of one association has no select to carry the refusal: it is shown beside « Au nom de l’association » all the same.
		expect(strangerPage).toMatch(/<p id="[^"]*-error" class="field-error">Choisissez une de vos associations\.<\/p>/)
		expect(await db.select().from(partnerAnnouncements)).toHaveLength(1)
		// The answer's message, too long; then a hostile one, shown escaped.
		const responderCookie = await login(server, responder.user.email)
		const longAnswer = await post(server, `/appels/${call.id}/partenaires/${announcementId}`, { intent: 'answer', organizationId: responder.organization.id, message: 'm'.repeat(LIMITS.message.max + 1) }, { cookie: responderCookie })
		expect(longAnswer.status).toBe(400)
		expect(await longAnswer.text()).toContain('Votre message ne doit pas dépasser')
		expect(await db.select().from(partnerAnswers)).toEqual([])
		const hostile = await post(server, `/appels/${call.id}/partenaires/${announcementId}`, { intent: 'answer', organizationId: responder.organization.id, message: '<script>alert(1)</script> bonjour' }, { cookie: responderCookie })
		expect(hostile.status).toBe(302)
		const shown = await (await get(server, `/appels/${call.id}/partenaires/${announcementId}`, cookie)).text()
		expect(shown).not.toContain('<script>alert(1)</script>')
		expect(shown).toContain('&lt;script&gt;')
		// Unknown ids are 404s, not 500s.
		expect((await get(server, `/appels/${call.id}/partenaires/00000000-0000-0000-0000-000000000000`)).status).toBe(404)
		expect((await post(server, `/appels/${call.id}/partenaires/${announcementId}`, { intent: 'accept', answerId: 'inconnue' }, { cookie })).status).toBe(404)
	})
})
