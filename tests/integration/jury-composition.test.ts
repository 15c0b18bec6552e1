/**
 * The jury's composition: staff invite a juror by email (an existing account is seated as
 * invited with its settings; a new address through the shared invitation flow), set kind,
 * themes, territories, maximum load and the one chair, remove a juror; the invited person
 * accepts (seated, conflicts re-detected) or declines; a juror leaves the jury.
 */
import { and, eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { answerJuryInvitation, declineJury, inviteJuror, removeJuror, updateJuror } from '#app/domain/jury/composition.server.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, auditEvents, invitations, jurors, juryConflicts, outboxMessages, themes } from '#db/schema/index.ts'
import { addMember, createCall, createOrganization, createStaff, createUser } from '#tests/factories.ts'

async function juryCall(status: 'closed' | 'jury' | 'deliberation' = 'jury') {
	const staff = await createStaff('funder')
	const call = await createCall({ funderId: staff.organization.id, status, deadlineAt: new Date(Date.now() - 3600_000) })
	const themeRows = await db.select().from(themes).where(eq(themes.callId, call.id)).orderBy(themes.position)
	return { staff, call, themes: themeRows }
}

const settings = (overrides: Record<string, unknown> = {}) => ({ kind: 'association_practitioner', themeIds: [], territories: [], maxLoad: null, isChair: false, ...overrides })

async function seatOf(callId: string, userId: string) {
	const [row] = await db.select().from(jurors).where(and(eq(jurors.callId, callId), eq(jurors.userId, userId)))
	return row
}

async function thrown(promise: Promise<unknown>) {
	return promise.then(
		() => null,
		(e: unknown) => e,
	)
}

describe('inviter un juré', () => {
	test('un compte existant est inscrit comme invité avec son profil, reçoit un e-mail, puis accepte et siège', async () => {
		const { staff, call, themes: [theme] } = await juryCall()
		const person = await createUser()
		const invited = await inviteJuror({ user: staff.user, callId: call.id, email: person.email.toUpperCase(), settings: settings({ themeIds: [theme!.id], territories: ['38', '2a'], maxLoad: 8, isChair: true }) })
		expect(invited).toMatchObject({ ok: true })
		expect(await seatOf(call.id, person.id)).toMatchObject({ status: 'invited', kind: 'association_practitioner', themeIds: [theme!.id], territories: ['38', '2A'], maxLoad: 8, isChair: true })
		const [email] = await db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, person.email))
		expect(email).toMatchObject({ template: 'jury-invitation' })
		expect(email!.subject).toContain(call.title)
		expect((await db.select().from(auditEvents).where(eq(auditEvents.action, 'jury.juror_invited')))[0]).toMatchObject({ actorUserId: staff.user.id, subjectId: call.id })

		const token = (invited as { token: string }).token
		expect(await answerJuryInvitation({ user: person, token, answer: 'accept' })).toEqual({ ok: true, callId: call.id })
		expect(await seatOf(call.id, person.id)).toMatchObject({ status: 'active', isChair: true, maxLoad: 8 })
		// The link works once.
		expect(await answerJuryInvitation({ user: person, token, answer: 'accept' })).toMatchObject({ ok: false, message: expect.stringContaining('déjà été utilisée') })
	})

	test('une adresse sans compte : l’invitation attend ; la personne crée son compte avec cette adresse et siège en acceptant', async () => {
		const { staff, call } = await juryCall()
		const invited = await inviteJuror({ user: staff.user, callId: call.id, email: 'nouvelle.jure@exemple.test', settings: settings() })
		expect(invited).toMatchObject({ ok: true, jurorId: null })
		const [row] = await db.select().from(invitations).where(eq(invitations.callId, call.id))
		expect(row).toMatchObject({ kind: 'juror', email: 'nouvelle.jure@exemple.test' })
		const someoneElse = await createUser()
		const token = (invited as { token: string }).token
		expect(await answerJuryInvitation({ user: someoneElse, token, answer: 'accept' })).toMatchObject({ ok: false, message: expect.stringContaining('a été envoyée à nouvelle.jure@exemple.test') })
		const person = await createUser({ email: 'nouvelle.jure@exemple.test' })
		expect(await answerJuryInvitation({ user: person, token, answer: 'accept' })).toEqual({ ok: true, callId: call.id })
		// The settings given at the invitation (not the defaults): see the next test.
		expect(await seatOf(call.id, person.id)).toMatchObject({ status: 'active', kind: 'association_practitioner' })
	})

	test('une adresse sans compte : le profil donné à l’invitation (profil, thèmes, départements, charge, présidence) s’applique en acceptant', async () => {
		const { staff, call, themes: [theme] } = await juryCall()
		const invited = await inviteJuror({
			user: staff.user,
			callId: call.id,
			email: 'presidente@exemple.test',
			settings: settings({ kind: 'supporter_structure', themeIds: [theme!.id], territories: ['69', '2b'], maxLoad: 6, isChair: true }),
		})
		expect(invited).toMatchObject({ ok: true, jurorId: null })
		const [row] = await db.select().from(invitations).where(eq(invitations.callId, call.id))
		expect(row!.jurySettings).toEqual({ kind: 'supporter_structure', themeIds: [theme!.id], territories: ['69', '2B'], maxLoad: 6, isChair: true })
		const person = await createUser({ email: 'presidente@exemple.test' })
		expect(await answerJuryInvitation({ user: person, token: (invited as { token: string }).token, answer: 'accept' })).toEqual({ ok: true, callId: call.id })
		expect(await seatOf(call.id, person.id)).toMatchObject({ status: 'active', kind: 'supporter_structure', themeIds: [theme!.id], territories: ['69', '2B'], maxLoad: 6, isChair: true })
	})

	test('une seule présidence : une présidence nommée après l’invitation sans compte l’emporte ; une présidence acceptée ensuite retire la précédente', async () => {
		const { staff, call } = await juryCall()
		const pending = await inviteJuror({ user: staff.user, callId: call.id, email: 'en.attente@exemple.test', settings: settings({ isChair: true }) })
		// Named chair after that invitation: the pending invitation no longer carries the chair.
		const named = await createUser()
		const second = await inviteJuror({ user: staff.user, callId: call.id, email: named.email, settings: settings({ isChair: true }) })
		await answerJuryInvitation({ user: named, token: (second as { token: string }).token, answer: 'accept' })
		const late = await createUser({ email: 'en.attente@exemple.test' })
		expect(await answerJuryInvitation({ user: late, token: (pending as { token: string }).token, answer: 'accept' })).toEqual({ ok: true, callId: call.id })
		expect(await seatOf(call.id, late.id)).toMatchObject({ status: 'active', isChair: false })
		expect(await seatOf(call.id, named.id)).toMatchObject({ isChair: true })

		// A chair given to an invitation without account, accepted after a seated chair: the last named wins, one chair only.
		const third = await inviteJuror({ user: staff.user, callId: call.id, email: 'troisieme@exemple.test', settings: settings({ isChair: true }) })
		const person = await createUser({ email: 'troisieme@exemple.test' })
		await answerJuryInvitation({ user: person, token: (third as { token: string }).token, answer: 'accept' })
		const chairs = await db.select().from(jurors).where(and(eq(jurors.callId, call.id), eq(jurors.isChair, true)))
		expect(chairs.map((c) => c.userId)).toEqual([person.id])
	})

	test('accepter re-détecte les conflits de l’appel', async () => {
		const { staff, call } = await juryCall()
		const lead = await createOrganization({ kind: 'association', name: 'Les Tisserands' })
		const [application] = await db.insert(applications).values({ callId: call.id, leadOrganizationId: lead.id, title: 'Contes', status: 'admissible', submittedAt: new Date() }).returning()
		await db.insert(applicationMembers).values({ applicationId: application!.id, organizationId: lead.id, role: 'lead', status: 'confirmed' })
		const person = await createUser()
		await addMember(lead.id, person.id, 'member')
		const invited = await inviteJuror({ user: staff.user, callId: call.id, email: person.email, settings: settings() })
		await answerJuryInvitation({ user: person, token: (invited as { token: string }).token, answer: 'accept' })
		const seat = await seatOf(call.id, person.id)
		const [conflict] = await db.select().from(juryConflicts).where(eq(juryConflicts.jurorId, seat!.id))
		expect(conflict).toMatchObject({ applicationId: application!.id, cause: 'member_of_consortium', status: 'open' })
	})

	test('refus lisibles : adresse invalide, thème d’un autre appel, charge nulle, déjà invité, délibération commencée ; rien n’est écrit', async () => {
		const { staff, call } = await juryCall()
		const other = await juryCall()
		const person = await createUser()
		expect(await inviteJuror({ user: staff.user, callId: call.id, email: 'pas-une-adresse', settings: settings() })).toMatchObject({ ok: false, field: 'email' })
		expect(await inviteJuror({ user: staff.user, callId: call.id, email: person.email, settings: settings({ themeIds: [other.themes[0]!.id] }) })).toEqual({
			ok: false,
			field: 'themeIds',
			message: 'Choisissez des thèmes de cet appel.',
		})
		expect(await inviteJuror({ user: staff.user, callId: call.id, email: person.email, settings: settings({ maxLoad: 0 }) })).toMatchObject({ ok: false, field: 'maxLoad' })
		expect(await inviteJuror({ user: staff.user, callId: call.id, email: person.email, settings: settings({ territories: ['Isère'] }) })).toMatchObject({ ok: false, field: 'territories' })
		expect(await inviteJuror({ user: staff.user, callId: call.id, email: person.email, settings: settings({ kind: 'inconnu' }) })).toMatchObject({ ok: false, field: 'kind' })
		expect(await db.select().from(jurors).where(eq(jurors.callId, call.id))).toEqual([])
		expect(await db.select().from(invitations).where(eq(invitations.callId, call.id))).toEqual([])

		expect(await inviteJuror({ user: staff.user, callId: call.id, email: person.email, settings: settings() })).toMatchObject({ ok: true })
		expect(await inviteJuror({ user: staff.user, callId: call.id, email: person.email, settings: settings() })).toEqual({ ok: false, field: 'email', message: 'Cette personne est déjà invitée à ce jury.' })

		const late = await juryCall('deliberation')
		expect(await inviteJuror({ user: late.staff.user, callId: late.call.id, email: person.email, settings: settings() })).toEqual({ ok: false, message: 'La délibération a commencé : le jury ne peut plus être modifié.' })
		// Another funder's staff: 404.
		expect(((await thrown(inviteJuror({ user: other.staff.user, callId: call.id, email: 'x@exemple.test', settings: settings() }))) as Response).status).toBe(404)
	})

	test('décliner l’invitation : le juré passe à « a décliné »', async () => {
		const { staff, call } = await juryCall()
		const person = await createUser()
		const invited = await inviteJuror({ user: staff.user, callId: call.id, email: person.email, settings: settings() })
		expect(await answerJuryInvitation({ user: person, token: (invited as { token: string }).token, answer: 'decline' })).toEqual({ ok: true, callId: call.id })
		expect(await seatOf(call.id, person.id)).toMatchObject({ status: 'declined' })
		expect((await db.select().from(auditEvents).where(eq(auditEvents.action, 'jury.invitation_declined')))[0]).toMatchObject({ subjectId: call.id })
	})
})

describe('profil, présidence, retrait', () => {
	async function seated(callId: string, staffUser: { id: string }, overrides: Record<string, unknown> = {}) {
		const person = await createUser()
		const invited = await inviteJuror({ user: staffUser, callId, email: person.email, settings: settings(overrides) })
		await answerJuryInvitation({ user: person, token: (invited as { token: string }).token, answer: 'accept' })
		return { person, seat: (await seatOf(callId, person.id))! }
	}

	test('une seule présidence : nommer un·e président·e retire la présidence au précédent', async () => {
		const { staff, call } = await juryCall()
		const first = await seated(call.id, staff.user, { isChair: true })
		const second = await seated(call.id, staff.user)
		expect(await updateJuror({ user: staff.user, jurorId: second.seat.id, settings: settings({ kind: 'external_expert', maxLoad: 5, isChair: true }) })).toEqual({ ok: true })
		expect(await seatOf(call.id, second.person.id)).toMatchObject({ isChair: true, kind: 'external_expert', maxLoad: 5 })
		expect(await seatOf(call.id, first.person.id)).toMatchObject({ isChair: false })
		expect(await db.select().from(auditEvents).where(eq(auditEvents.action, 'jury.juror_updated'))).toHaveLength(1)
	})

	test('retirer un juré : il ne siège plus, ne voit plus l’appel, et son invitation en attente est annulée', async () => {
		const { staff, call } = await juryCall()
		const { person, seat } = await seated(call.id, staff.user, { isChair: true })
		expect(await removeJuror({ user: staff.user, jurorId: seat.id, reason: 'Indisponible.' })).toEqual({ ok: true })
		expect(await seatOf(call.id, person.id)).toMatchObject({ status: 'removed', isChair: false })
		expect(await removeJuror({ user: staff.user, jurorId: seat.id })).toMatchObject({ ok: false })
		expect(await updateJuror({ user: staff.user, jurorId: seat.id, settings: settings() })).toMatchObject({ ok: false })
		const pending = await createUser()
		await inviteJuror({ user: staff.user, callId: call.id, email: pending.email, settings: settings() })
		const pendingSeat = (await seatOf(call.id, pending.id))!
		expect(await removeJuror({ user: staff.user, jurorId: pendingSeat.id })).toEqual({ ok: true })
		const [invitation] = await db.select().from(invitations).where(eq(invitations.email, pending.email))
		expect(invitation!.cancelledAt).not.toBeNull()
		const outsider = await createStaff('funder')
		expect(((await thrown(removeJuror({ user: outsider.user, jurorId: seat.id }))) as Response).status).toBe(404)
	})

	test('un juré se retire du jury ; un inconnu reçoit un 404', async () => {
		const { staff, call } = await juryCall()
		const { person } = await seated(call.id, staff.user)
		expect(await declineJury({ user: person, callId: call.id })).toEqual({ ok: true })
		expect(await seatOf(call.id, person.id)).toMatchObject({ status: 'declined' })
		expect(((await thrown(declineJury({ user: person, callId: call.id }))) as Response).status).toBe(404)
		expect(((await thrown(declineJury({ user: await createUser(), callId: call.id }))) as Response).status).toBe(404)
	})
})
