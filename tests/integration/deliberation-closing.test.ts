/**
 * The end of the deliberation (issue 9): the chair's validation, the close (refused with
 * what is missing, then the call decided and its minutes stored), the minutes' content,
 * amendments after the close, a renunciation and the waiting list, two staff promoting at once.
 * Decisions are written directly in the setup (the deliberation page's `decide` is not
 * these tests' subject).
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { can } from '#app/auth/policy/index.ts'
import { findCallForDeliberation, policyUserOf } from '#app/auth/policy/load.server.ts'
import { amendDecision, promoteFromWaitlist, renounceForStaff } from '#app/domain/deliberation/amendments.server.ts'
import { closeDeliberation, validateDecisions } from '#app/domain/deliberation/closing.server.ts'
import { retainedTotalCents } from '#app/domain/deliberation/envelope.server.ts'
import { getStorage, setStorage } from '#app/services/storage.server.ts'
import { formatCents } from '#app/utils/format.ts'
import { db } from '#db/client.server.ts'
import { applications, auditEvents, calls, decisionAmendments, jurors, juryConflicts, outboxMessages } from '#db/schema/index.ts'
import { addMember, createDeliberation, createUser } from '#tests/factories.ts'
import { pdfText } from '#tests/support/pdf-text.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

type Decision = { status: 'selected' | 'waitlisted' | 'rejected'; amount?: number; position?: number; motivation?: string }

/** What the deliberation page's decisions leave on a dossier (written directly: see the file's comment). */
async function decideDirectly(applicationId: string, decision: Decision) {
	await db
		.update(applications)
		.set({
			status: decision.status,
			amountGrantedCents: decision.status === 'selected' ? (decision.amount ?? 1_000_000) : null,
			waitlistPosition: decision.status === 'waitlisted' ? (decision.position ?? 1) : null,
			decisionMotivation: decision.motivation ?? (decision.status === 'rejected' ? 'Le lien entre les associations reste à construire.' : 'Projet solide.'),
			decidedAt: new Date(),
			decisionVersion: 1,
		})
		.where(eq(applications.id, applicationId))
}

const statusOf = async (id: string) => (await db.select().from(applications).where(eq(applications.id, id)))[0]!

async function rejects403(promise: Promise<unknown>) {
	const error = await promise.then(
		() => null,
		(e: unknown) => e,
	)
	expect(error).toBeInstanceOf(Response)
	expect((error as Response).status).toBe(403)
}

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

describe('validation de la présidence et clôture', () => {
	test('refusée tant qu’un dossier n’a pas de décision, sans la validation de la présidence, ou au-delà de l’enveloppe', async () => {
		const scene = await createDeliberation({ envelopeCents: 2_500_000, maxAmountPerProjectCents: 1_500_000, amountsRequestedCents: [1_500_000, 1_500_000, 1_000_000] })
		const [a, b, c] = scene.dossiers

		const first = await closeDeliberation({ user: scene.staff.user, callId: scene.call.id })
		expect(first).toMatchObject({ ok: false })
		expect(first.ok ? '' : first.message).toContain('3 dossiers n’ont pas de décision')
		expect(first.ok ? '' : first.message).toContain('la présidence du jury n’a pas validé')
		expect(await validateDecisions({ user: scene.chair!, callId: scene.call.id })).toMatchObject({ ok: false, message: expect.stringContaining('3 dossiers n’ont pas de décision') })

		await decideDirectly(a!.id, { status: 'selected', amount: 1_500_000 })
		await decideDirectly(b!.id, { status: 'selected', amount: 1_500_000 })
		const oneLeft = await closeDeliberation({ user: scene.staff.user, callId: scene.call.id })
		expect(oneLeft.ok ? '' : oneLeft.message).toContain('1 dossier n’a pas de décision')

		// Only the seated chair validates, only staff close.
		await rejects403(validateDecisions({ user: scene.staff.user, callId: scene.call.id }))
		await rejects403(closeDeliberation({ user: scene.chair!, callId: scene.call.id }))

		await decideDirectly(c!.id, { status: 'waitlisted', position: 1 })
		expect(await validateDecisions({ user: scene.chair!, callId: scene.call.id })).toEqual({ ok: true })
		const [validated] = await db.select().from(calls).where(eq(calls.id, scene.call.id))
		expect(validated).toMatchObject({ minutesValidatedById: scene.chair!.id, status: 'deliberation' })
		expect(validated!.minutesValidatedAt).toBeInstanceOf(Date)

		// 1,500,000 + 1,500,000 retained on an envelope of 2,500,000 (written past decide's own check).
		const over = await closeDeliberation({ user: scene.staff.user, callId: scene.call.id })
		expect(over.ok ? '' : over.message).toContain('dépassent l’enveloppe')
		expect(over.ok ? '' : over.message).not.toContain('présidence')

		// A decision changed after the validation clears it (what decide does): the close asks for it again.
		await db.update(calls).set({ minutesValidatedById: null, minutesValidatedAt: null }).where(eq(calls.id, scene.call.id))
		await decideDirectly(b!.id, { status: 'selected', amount: 1_000_000 })
		const unvalidated = await closeDeliberation({ user: scene.staff.user, callId: scene.call.id })
		expect(unvalidated).toMatchObject({ ok: false, missing: ['La présidence du jury n’a pas validé les décisions.'] })
		expect((await db.select().from(calls).where(eq(calls.id, scene.call.id)))[0]!.status).toBe('deliberation')
	})

	test('réussit : l’appel est décidé, le procès-verbal stocké contient le jury, les conflits et leurs causes, la méthode, le tirage au sort, les décisions et la validation', async () => {
		const scene = await createDeliberation({ envelopeCents: 2_500_000, amountsRequestedCents: [1_000_000, 1_000_000, 1_000_000] })
		const [a, b, c] = scene.dossiers
		await db.update(calls).set({ lotteryEnabled: true, lotterySeed: 424242, lotteryDrawnAt: new Date() }).where(eq(calls.id, scene.call.id))
		await db.insert(juryConflicts).values({
			jurorId: scene.seats[1]!.id,
			applicationId: c!.id,
			source: 'declared',
			cause: 'declared_personal',
			detail: 'Ma sœur préside l’association',
			status: 'confirmed',
			decisionReason: 'Lien familial direct',
		})
		await decideDirectly(a!.id, { status: 'selected', amount: 1_000_000, motivation: 'Coopération exemplaire entre trois quartiers.' })
		await decideDirectly(b!.id, { status: 'selected', amount: 900_000 })
		await decideDirectly(c!.id, { status: 'rejected', motivation: 'Budget trop imprécis.' })

		// The draft, before the close: « Projet », for staff and the chair, over HTTP.
		const staffCookie = await login(server, scene.staff.user.email)
		const chairCookie = await login(server, scene.chair!.email)
		const draft = await get(server, `/gestion/appels/${scene.call.id}/proces-verbal.pdf`, chairCookie)
		expect(draft.status).toBe(200)
		expect(draft.headers.get('content-type')).toBe('application/pdf')
		const draftText = pdfText(Buffer.from(await draft.arrayBuffer()))
		expect(draftText).toContain('Projet de procès-verbal')
		expect(draftText).toContain('La présidence du jury n’a pas encore validé les décisions')

		const validated = await post(server, `/gestion/appels/${scene.call.id}/deliberation/cloture`, { intent: 'validate' }, { cookie: chairCookie })
		expect(validated.status).toBe(302)
		const closed = await post(server, `/gestion/appels/${scene.call.id}/deliberation/cloture`, { intent: 'close' }, { cookie: staffCookie })
		expect(closed.status).toBe(302)

		const [call] = await db.select().from(calls).where(eq(calls.id, scene.call.id))
		expect(call).toMatchObject({ status: 'decided' })
		expect(call!.decidedAt).toBeInstanceOf(Date)
		expect(call!.minutesStorageKey).toMatch(new RegExp(`^minutes/${scene.call.id}/[0-9a-f]{64}$`))
		const stored = await getStorage().get(call!.minutesStorageKey!)
		expect(stored!.subarray(0, 5).toString()).toBe('%PDF-')
		const text = pdfText(stored!)
		expect(text).toContain('Procès-verbal de délibération')
		expect(text).not.toContain('Projet de procès-verbal')
		expect(text).toContain(scene.chair!.displayName)
		expect(text).toContain('Présidence')
		// The conflict, its origin, cause, what was said and the decision with its reason.
		expect(text).toContain('Déclaré — Déclaré : lien personnel (Ma sœur préside l’association)')
		expect(text).toContain('Confirmé : Lien familial direct')
		expect(text).toContain('Classement : sur la note calibrée')
		expect(text).toContain('Tirage au sort : graine 424242')
		expect(text).toContain('Seuil de désaccord : écart supérieur à 25 points')
		expect(text).toContain('Coopération exemplaire entre trois quartiers.')
		expect(text).toContain('Budget trop imprécis.')
		// pdfText writes every space as a plain one.
		expect(text).toContain(`Montant attribué : ${formatCents(1_900_000).replace(/\s/g, ' ')}`)
		expect(text).toContain(`Reste : ${formatCents(600_000).replace(/\s/g, ' ')}`)
		expect(text).toContain(`Décisions validées par ${scene.chair!.displayName}, présidence du jury`)
		const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, scene.call.id), eq(auditEvents.action, 'call.decided')))
		expect(audit).toHaveLength(1)

		// Once decided, the route serves the stored file, to staff and chair alike.
		for (const cookie of [staffCookie, chairCookie]) {
			const served = await get(server, `/gestion/appels/${scene.call.id}/proces-verbal.pdf`, cookie)
			expect(served.status).toBe(200)
			expect(Buffer.from(await served.arrayBuffer()).equals(stored!)).toBe(true)
		}
		// Closing again, or validating, is refused: the deliberation is over.
		const again = await post(server, `/gestion/appels/${scene.call.id}/deliberation/cloture`, { intent: 'close' }, { cookie: staffCookie })
		expect(again.status).toBe(409)
		expect(await again.text()).toContain('déjà close')
	})

	test('la présidence en conflit avec un dossier lit, même après la clôture, un procès-verbal qui ne le nomme nulle part', async () => {
		const scene = await createDeliberation({ envelopeCents: 2_500_000, amountsRequestedCents: [1_000_000, 1_000_000, 1_000_000] })
		const [a, b, c] = scene.dossiers
		await db.insert(juryConflicts).values({ jurorId: scene.seats[0]!.id, applicationId: c!.id, source: 'declared', cause: 'declared_member', detail: 'Je suis trésorière', status: 'confirmed', decisionReason: 'Membre du bureau' })
		await decideDirectly(a!.id, { status: 'selected', amount: 1_000_000 })
		await decideDirectly(b!.id, { status: 'selected', amount: 900_000 })
		await decideDirectly(c!.id, { status: 'rejected', motivation: 'Motivation propre au dossier écarté.' })
		expect(await validateDecisions({ user: scene.chair!, callId: scene.call.id })).toEqual({ ok: true })
		expect(await closeDeliberation({ user: scene.staff.user, callId: scene.call.id })).toMatchObject({ ok: true })
		const [call] = await db.select().from(calls).where(eq(calls.id, scene.call.id))
		const stored = (await getStorage().get(call!.minutesStorageKey!))!
		expect(pdfText(stored)).toContain(c!.application.title)

		const chairCookie = await login(server, scene.chair!.email)
		const served = Buffer.from(await (await get(server, `/gestion/appels/${scene.call.id}/proces-verbal.pdf`, chairCookie)).arrayBuffer())
		expect(served.equals(stored)).toBe(false)
		const text = pdfText(served)
		expect(text).toContain('un dossier ne vous est pas présenté (conflit d’intérêts)')
		expect(text).toContain(a!.application.title)
		for (const hidden of [c!.application.title, 'Je suis trésorière', 'Motivation propre au dossier écarté.']) expect(text).not.toContain(hidden)
	})

	test('un·e gestionnaire qui siège au jury en conflit avec un dossier clôt : le procès-verbal stocké est complet, sa lecture à elle ne nomme pas le dossier, et les avenants ne sont pas pour elle', async () => {
		const scene = await createDeliberation({ envelopeCents: 2_500_000, amountsRequestedCents: [1_000_000, 1_000_000, 1_000_000] })
		const [a, b, c] = scene.dossiers
		// The staff member also sits on the jury (a member of the funder), in conflict with C.
		const [seat] = await db.insert(jurors).values({ callId: scene.call.id, userId: scene.staff.user.id, status: 'active', kind: 'funder_member' }).returning()
		await db.insert(juryConflicts).values({ jurorId: seat!.id, applicationId: c!.id, source: 'declared', cause: 'declared_personal', detail: 'Ma sœur y travaille', status: 'confirmed', decisionReason: 'Lien familial' })
		await decideDirectly(a!.id, { status: 'selected', amount: 1_000_000 })
		await decideDirectly(b!.id, { status: 'waitlisted', position: 1 })
		await decideDirectly(c!.id, { status: 'rejected', motivation: 'Motivation propre au dossier écarté.' })
		expect(await validateDecisions({ user: scene.chair!, callId: scene.call.id })).toEqual({ ok: true })
		expect(await closeDeliberation({ user: scene.staff.user, callId: scene.call.id })).toMatchObject({ ok: true })

		const [call] = await db.select().from(calls).where(eq(calls.id, scene.call.id))
		const stored = pdfText((await getStorage().get(call!.minutesStorageKey!))!)
		expect(stored).toContain(c!.application.title)
		expect(stored).toContain('Motivation propre au dossier écarté.')
		expect(stored).not.toContain('ne vous est pas présenté')

		const cookie = await login(server, scene.staff.user.email)
		const read = pdfText(Buffer.from(await (await get(server, `/gestion/appels/${scene.call.id}/proces-verbal.pdf`, cookie)).arrayBuffer()))
		expect(read).toContain('un dossier ne vous est pas présenté (conflit d’intérêts)')
		expect(read).not.toContain(c!.application.title)

		const page = await (await get(server, `/gestion/appels/${scene.call.id}/decisions`, cookie)).text()
		expect(page).toContain('1 dossier ne vous est pas présenté')
		expect(page).not.toContain(c!.application.title)
		expect(page).not.toContain('Reste à attribuer')
		expect(await amendDecision({ user: scene.staff.user, callId: scene.call.id, applicationId: a!.id, decision: 'rejected', reason: 'Essai' })).toMatchObject({ ok: false, message: expect.stringContaining('conflit d’intérêts') })
		expect(await promoteFromWaitlist({ user: scene.staff.user, callId: scene.call.id, applicationId: b!.id })).toMatchObject({ ok: false, message: expect.stringContaining('conflit d’intérêts') })
		await expect(renounceForStaff({ user: scene.staff.user, callId: scene.call.id, applicationId: c!.id, reason: 'Essai' })).rejects.toMatchObject({ status: 404 })
	})

	test('sans présidence au jury, la validation n’est pas requise, et le procès-verbal le dit', async () => {
		const scene = await createDeliberation({ chair: false })
		for (const dossier of scene.dossiers) await decideDirectly(dossier.id, { status: 'rejected' })
		const outcome = await closeDeliberation({ user: scene.staff.user, callId: scene.call.id })
		expect(outcome).toMatchObject({ ok: true })
		const [call] = await db.select().from(calls).where(eq(calls.id, scene.call.id))
		expect(pdfText((await getStorage().get(call!.minutesStorageKey!))!)).toContain('la validation de la présidence n’était pas requise')
	})
})

/** A decided call: A and B retained (1,500,000 + 1,000,000 = the envelope), C then D on the waiting list, E rejected. */
async function decidedCall() {
	const scene = await createDeliberation({
		scores: [
			[18, 16, 15],
			[15, 14, 13],
			[13, 12, 12],
			[12, 11, 10],
			[8, 7, 6],
		],
		envelopeCents: 2_500_000,
		maxAmountPerProjectCents: 1_500_000,
		amountsRequestedCents: [1_500_000, 1_000_000, 1_000_000, 1_000_000, 800_000],
	})
	const [a, b, c, d, e] = scene.dossiers
	await decideDirectly(a!.id, { status: 'selected', amount: 1_500_000 })
	await decideDirectly(b!.id, { status: 'selected', amount: 1_000_000 })
	await decideDirectly(c!.id, { status: 'waitlisted', position: 1 })
	await decideDirectly(d!.id, { status: 'waitlisted', position: 2 })
	await decideDirectly(e!.id, { status: 'rejected' })
	expect(await validateDecisions({ user: scene.chair!, callId: scene.call.id })).toEqual({ ok: true })
	expect(await closeDeliberation({ user: scene.staff.user, callId: scene.call.id })).toMatchObject({ ok: true })
	return { ...scene, a: a!, b: b!, c: c!, d: d!, e: e! }
}

describe('clôture et stockage du procès-verbal', () => {
	test('si le fichier ne peut pas être stocké, rien n’est clos : l’appel reste en délibération, sans référence à un fichier absent', async () => {
		const scene = await createDeliberation({ chair: false })
		for (const dossier of scene.dossiers) await decideDirectly(dossier.id, { status: 'rejected' })
		setStorage({
			put: () => Promise.reject(new Error('disque plein')),
			get: () => Promise.resolve(null),
			getStream: () => Promise.resolve(null),
			delete: () => Promise.resolve(),
		})
		try {
			await expect(closeDeliberation({ user: scene.staff.user, callId: scene.call.id })).rejects.toThrow('disque plein')
		} finally {
			setStorage(undefined)
		}
		const [call] = await db.select().from(calls).where(eq(calls.id, scene.call.id))
		expect(call).toMatchObject({ status: 'deliberation', decidedAt: null, minutesStorageKey: null })
		expect(await closeDeliberation({ user: scene.staff.user, callId: scene.call.id })).toMatchObject({ ok: true })
	})
})

describe('après la clôture : avenants', () => {
	test('une décision ne change plus que par un avenant motivé, l’enveloppe vérifiée ; l’avenant est enregistré et la version du courrier avance', async () => {
		const scene = await decidedCall()
		const staff = scene.staff.user

		// The deliberation's own decisions are over: the policy now answers 'amend', not 'decide'.
		const staffView = await policyUserOf(db, staff)
		const loaded = await findCallForDeliberation(db, staffView, scene.call.id)
		expect(can(staffView, 'decide', loaded!.resource)).toEqual({ allowed: false, reason: 'status' })
		expect(can(staffView, 'amend', loaded!.resource)).toEqual({ allowed: true })
		// Validation and close are over; the chair cannot amend (staff only).
		expect(await validateDecisions({ user: scene.chair!, callId: scene.call.id })).toMatchObject({ ok: false })
		await rejects403(amendDecision({ user: scene.chair!, callId: scene.call.id, applicationId: scene.e.id, decision: 'selected', reason: 'x' }))

		expect(await amendDecision({ user: staff, callId: scene.call.id, applicationId: scene.e.id, decision: 'selected', amountCents: 500_000, reason: '  ' })).toMatchObject({
			ok: false,
			field: 'reason',
		})
		const over = await amendDecision({ user: staff, callId: scene.call.id, applicationId: scene.e.id, decision: 'selected', amountCents: 500_000, reason: 'Recours gracieux accepté.' })
		expect(over).toEqual({ ok: false, field: 'amount', message: `Ce montant dépasse l’enveloppe : il reste ${formatCents(0)} à attribuer.` })
		expect((await statusOf(scene.e.id)).status).toBe('rejected')

		// A retained amount lowered: a plain update, recorded.
		expect(await amendDecision({ user: staff, callId: scene.call.id, applicationId: scene.a.id, decision: 'selected', amountCents: 1_000_000, reason: 'Budget révisé par le porteur.' })).toEqual({ ok: true })
		expect(await statusOf(scene.a.id)).toMatchObject({ status: 'selected', amountGrantedCents: 1_000_000, decisionVersion: 2 })
		// Now 500,000 remain: the rejected dossier may be retained by amendment.
		expect(await amendDecision({ user: staff, callId: scene.call.id, applicationId: scene.e.id, decision: 'selected', amountCents: 500_000, reason: 'Recours gracieux accepté.' })).toEqual({ ok: true })
		expect(await statusOf(scene.e.id)).toMatchObject({ status: 'selected', amountGrantedCents: 500_000, decisionVersion: 2 })
		// The waiting list's first moves to non retenu: the second moves up.
		expect(await amendDecision({ user: staff, callId: scene.call.id, applicationId: scene.c.id, decision: 'rejected', reason: 'Projet abandonné par le consortium.' })).toEqual({ ok: true })
		expect(await statusOf(scene.c.id)).toMatchObject({ status: 'rejected', waitlistPosition: null, decisionMotivation: 'Projet abandonné par le consortium.' })
		expect((await statusOf(scene.d.id)).waitlistPosition).toBe(1)

		const amendments = await db.select().from(decisionAmendments).where(eq(decisionAmendments.applicationId, scene.e.id))
		expect(amendments).toEqual([expect.objectContaining({ fromStatus: 'rejected', toStatus: 'selected', fromAmountCents: null, toAmountCents: 500_000, reason: 'Recours gracieux accepté.', byId: staff.id })])
		expect(await retainedTotalCents(db, scene.call.id)).toBe(2_500_000)
		const audit = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, scene.e.id), eq(auditEvents.action, 'application.decision_amended')))
		expect(audit).toHaveLength(1)
	})
})

describe('liste d’attente', () => {
	test('après un renoncement, le montant libéré va au premier de la liste ; une promotion qui ne tient pas est refusée ; la promotion fait avancer la version', async () => {
		const scene = await decidedCall()
		const staff = scene.staff.user

		// Nothing is free yet: the first of the list does not fit.
		const refused = await promoteFromWaitlist({ user: staff, callId: scene.call.id, applicationId: scene.c.id })
		expect(refused).toMatchObject({ ok: false, field: 'amount' })
		expect(refused.ok ? '' : refused.message).toContain(`ne peut pas être retenu : ce montant dépasse l’enveloppe : il reste ${formatCents(0)} à attribuer`)

		// B's lead gives up, from the dossier's page: a reason and a confirmation.
		const lead = (scene.dossiers[1] as unknown as { lead: { user: { email: string; id: string } } }).lead
		const leadCookie = await login(server, lead.user.email)
		const unconfirmed = await post(server, `/candidatures/${scene.b.id}`, { intent: 'renounce', reason: 'Le local a brûlé.' }, { cookie: leadCookie })
		expect(unconfirmed.status).toBe(400)
		expect(await unconfirmed.text()).toContain('Cochez la case pour confirmer')
		expect((await statusOf(scene.b.id)).status).toBe('selected')
		const renounced = await post(server, `/candidatures/${scene.b.id}`, { intent: 'renounce', reason: 'Le local a brûlé.', confirm: 'oui' }, { cookie: leadCookie })
		expect(renounced.status).toBe(302)
		expect(await statusOf(scene.b.id)).toMatchObject({ status: 'withdrawn', statusReason: 'Le local a brûlé.' })
		const mails = await db.select().from(outboxMessages).where(and(eq(outboxMessages.template, 'application-renounced'), eq(outboxMessages.toAddress, staff.email)))
		expect(mails).toHaveLength(1)
		expect(mails[0]!.text).toContain('Le local a brûlé.')

		// The decisions page shows the freed amount and offers « Retenir » on the first of the list.
		const staffCookie = await login(server, staff.email)
		const page = await get(server, `/gestion/appels/${scene.call.id}/decisions`, staffCookie)
		expect(page.status).toBe(200)
		const html = await page.text()
		expect(html).toContain('Reste à attribuer')
		expect(html).toContain(formatCents(1_000_000))
		expect(html).toContain(`value="${scene.c.id}"`)

		// The second of the list cannot jump the first.
		const jump = await promoteFromWaitlist({ user: staff, callId: scene.call.id, applicationId: scene.d.id })
		expect(jump.ok ? '' : jump.message).toContain('le précède sur la liste d’attente')

		const promoted = await post(server, `/gestion/appels/${scene.call.id}/decisions`, { intent: 'promote', applicationId: scene.c.id }, { cookie: staffCookie })
		expect(promoted.status).toBe(302)
		expect(await statusOf(scene.c.id)).toMatchObject({ status: 'selected', amountGrantedCents: 1_000_000, waitlistPosition: null, decisionVersion: 2 })
		expect(await statusOf(scene.d.id)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
		expect(await retainedTotalCents(db, scene.call.id)).toBe(2_500_000)
		const history = await db.select().from(decisionAmendments).where(eq(decisionAmendments.applicationId, scene.c.id))
		expect(history).toEqual([expect.objectContaining({ fromStatus: 'waitlisted', toStatus: 'selected', toAmountCents: 1_000_000 })])
		const after = await (await get(server, `/gestion/appels/${scene.call.id}/decisions`, staffCookie)).text()
		expect(after).toContain('Le local a brûlé.')

		// The minutes served carry the changes after the close; the minutes as closed stay in storage.
		const minutes = pdfText(Buffer.from(await (await get(server, `/gestion/appels/${scene.call.id}/proces-verbal.pdf`, staffCookie)).arrayBuffer()))
		expect(minutes).toContain('Modifications après la clôture')
		expect(minutes).toContain('Le local a brûlé.')
		expect(minutes).toContain('Retenu depuis la liste d’attente après un désistement.')
		const versions = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, scene.call.id), eq(auditEvents.action, 'call.minutes_stored')))
		expect(versions).toHaveLength(3)
		const asClosed = await getStorage().get(String(versions.find((v) => v.data.previous === null)!.data.storageKey))
		expect(pdfText(asClosed!)).not.toContain('Modifications après la clôture')
	})

	test('deux gestionnaires qui retiennent en même temps ne dépassent pas l’enveloppe', async () => {
		const scene = await decidedCall()
		const other = { user: await createUser() }
		await addMember(scene.staff.organization.id, other.user.id, 'staff')
		expect(await renounceForStaff({ user: scene.staff.user, callId: scene.call.id, applicationId: scene.b.id, reason: 'Le consortium a renoncé par courrier.' })).toEqual({ ok: true })

		// 1,000,000 free; C and D would each take it.
		const outcomes = await Promise.all([
			promoteFromWaitlist({ user: await policyUserOf(db, scene.staff.user), callId: scene.call.id, applicationId: scene.d.id, amountCents: 1_000_000 }),
			promoteFromWaitlist({ user: await policyUserOf(db, other.user), callId: scene.call.id, applicationId: scene.c.id, amountCents: 1_000_000 }),
			promoteFromWaitlist({ user: await policyUserOf(db, other.user), callId: scene.call.id, applicationId: scene.d.id, amountCents: 1_000_000 }),
		])
		expect(outcomes.filter((o) => o.ok)).toHaveLength(1)
		expect(await retainedTotalCents(db, scene.call.id)).toBe(2_500_000)
		expect((await statusOf(scene.c.id)).status).toBe('selected')
		expect((await statusOf(scene.d.id)).status).toBe('waitlisted')
	})
})

describe('page des décisions : saisies hostiles', () => {
	test('valeurs hors liste, montants absurdes, champs géants : 400 en français, rien d’écrit, la saisie revient', async () => {
		const scene = await decidedCall()
		const cookie = await login(server, scene.staff.user.email)
		const path = `/gestion/appels/${scene.call.id}/decisions`
		const before = await db.select().from(decisionAmendments)
		const cases: [Record<string, string>, string][] = [
			[{ intent: 'amend', applicationId: scene.e.id, decision: 'accepté<script>', reason: 'Motif gardé' }, 'Choisissez la décision : retenu, liste d’attente ou non retenu.'],
			[{ intent: 'amend', applicationId: scene.e.id, decision: 'selected', amount: '-5 €', reason: 'Motif gardé' }, 'Le montant ne peut pas être négatif.'],
			[{ intent: 'amend', applicationId: scene.e.id, decision: 'selected', amount: '1e999', reason: 'x'.repeat(5000) }, 'Le motif ne doit pas dépasser 2 000 caractères.'],
			[{ intent: 'promote', applicationId: 'x'.repeat(10_000), amount: '10 000' }, 'Dossier manquant.'],
			[{ intent: 'renounce', applicationId: scene.a.id, reason: '   ' }, 'Indiquez la raison du renoncement.'],
		]
		for (const [fields, message] of cases) {
			const response = await post(server, path, fields, { cookie })
			expect(response.status, JSON.stringify(fields).slice(0, 80)).toBe(400)
			const page = await response.text()
			expect(page).toContain(message)
			expect(page).not.toContain('<script>')
			// What was typed comes back in its field.
			if (fields.reason?.trim()) expect(page).toContain(fields.reason)
		}
		expect(await db.select().from(decisionAmendments)).toEqual(before)
		expect((await statusOf(scene.e.id)).status).toBe('rejected')
	})
})

describe('la page de délibération, dont les lignes sont rendues une fois par contenu (décision 033)', () => {
	test('un montant proposé, une décision ou un titre changés se voient à la lecture suivante ; la présidence voit les mêmes lignes', async () => {
		const scene = await createDeliberation({ envelopeCents: 2_500_000, amountsRequestedCents: [1_000_000, 1_000_000, 1_000_000] })
		const staffCookie = await login(server, scene.staff.user.email)
		const chairCookie = await login(server, scene.chair!.email)
		const page = async (cookie: string) => {
			const response = await get(server, `/gestion/appels/${scene.call.id}/deliberation`, cookie)
			expect(response.status).toBe(200)
			return response.text()
		}
		const [first] = scene.dossiers
		const before = await page(staffCookie)
		expect(before).toContain(`value="10000"`)

		await db.update(applications).set({ proposedAmountCents: 812_300 }).where(eq(applications.id, first!.id))
		expect(await page(staffCookie)).toContain('value="8123"')
		await decideDirectly(first!.id, { status: 'rejected' })
		const decided = await page(staffCookie)
		expect(decided).toContain('Le lien entre les associations reste à construire.')
		await db.update(applications).set({ title: 'Un titre corrigé' }).where(eq(applications.id, first!.id))
		expect(await page(staffCookie)).toContain('Un titre corrigé')
		// The chair reads the same rows without the forms (she does not decide).
		const chairs = await page(chairCookie)
		expect(chairs).toContain('Un titre corrigé')
		expect(chairs).not.toContain('name="amount"')
	})
})

