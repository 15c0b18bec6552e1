/**
 * Conflicts of interest of a call's jury: detected from the organisations with their cause
 * (membership of a consortium association, a co-carried application in the last 3 years,
 * the staff of the accompanying structure the consortium named), declared by a juror,
 * confirmed or dismissed with a reason by the chair or the staff, never by the juror
 * concerned; re-detection keeps the decisions taken, and runs by itself when a consortium
 * or a juror's memberships change.
 */
import { and, eq, inArray } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { answerNo } from '#app/domain/applications/engagement.server.ts'
import { declareConflict, decideConflict, detectConflicts } from '#app/domain/jury/conflicts.server.ts'
import { acceptInvitation, inviteMember } from '#app/domain/organizations/associations.server.ts'
import { nameStaff, removeStaff } from '#app/domain/organizations/staff.server.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, auditEvents, calls, jurors, juryConflicts, memberships } from '#db/schema/index.ts'
import { addMember, createApplication, createAssociationMember, createCall, createJuror, createOrganization, createPlatformAdmin, createStaff } from '#tests/factories.ts'
import { statementsDuring } from '#tests/support/statements.ts'

type Org = Awaited<ReturnType<typeof createOrganization>>

async function juryCall() {
	const staff = await createStaff('funder')
	const call = await createCall({ funderId: staff.organization.id, status: 'jury', deadlineAt: new Date(Date.now() - 3600_000) })
	return { staff, call }
}

async function association(name: string) {
	return createOrganization({ kind: 'association', name })
}

/** A dossier as the consortium left it: the lead and its partners in the states given. */
async function dossier(
	callId: string,
	lead: Org,
	partners: { org: Org; status: 'invited' | 'confirmed' | 'declined' | 'withdrawn' }[] = [],
	options: { status?: (typeof applications.$inferInsert)['status']; title?: string; createdAt?: Date; submitted?: boolean } = {},
) {
	const [row] = await db
		.insert(applications)
		.values({
			callId,
			leadOrganizationId: lead.id,
			title: options.title ?? 'Contes et crêpes',
			status: options.status ?? 'admissible',
			submittedAt: options.submitted === false ? null : new Date(),
			...(options.createdAt ? { createdAt: options.createdAt } : {}),
		})
		.returning()
	await db.insert(applicationMembers).values([
		{ applicationId: row!.id, organizationId: lead.id, role: 'lead', status: 'confirmed' },
		...partners.map((p) => ({ applicationId: row!.id, organizationId: p.org.id, role: 'co_carrier' as const, status: p.status })),
	])
	return row!
}

async function jurorRow(callId: string, userId: string) {
	const [row] = await db.select().from(jurors).where(and(eq(jurors.callId, callId), eq(jurors.userId, userId)))
	return row!
}

async function conflictsOf(jurorId: string) {
	return db.select().from(juryConflicts).where(eq(juryConflicts.jurorId, jurorId))
}

const yearsAgo = (years: number) => new Date(Date.now() - years * 365.25 * 24 * 3600_000)

async function thrown(promise: Promise<unknown>) {
	return promise.then(
		() => null,
		(e: unknown) => e,
	)
}

describe('détection : membre d’une association du consortium', () => {
	test('un juré membre (tout rôle) du chef de file ou d’un partenaire invité ou confirmé est en conflit, avec sa cause', async () => {
		const { call } = await juryCall()
		const lead = await association('Les Tisserands')
		const partner = await association('Bouge ton quartier')
		const invited = await association('Radio Villeneuve')
		const declined = await association('Les Absents')
		const target = await dossier(call.id, lead, [
			{ org: partner, status: 'confirmed' },
			{ org: invited, status: 'invited' },
			{ org: declined, status: 'declined' },
		])
		const ofPartner = await createJuror(call.id)
		await addMember(partner.id, ofPartner.id, 'member')
		const ofInvited = await createJuror(call.id)
		await addMember(invited.id, ofInvited.id, 'referent')
		const ofDeclined = await createJuror(call.id)
		await addMember(declined.id, ofDeclined.id, 'referent')
		const stranger = await createJuror(call.id)

		const outcome = await db.transaction((tx) => detectConflicts(tx, call.id))
		expect(outcome).toEqual({ found: 2, removed: 0 })
		const [found] = await conflictsOf((await jurorRow(call.id, ofPartner.id)).id)
		expect(found).toMatchObject({ applicationId: target.id, source: 'detected', cause: 'member_of_consortium', status: 'open', detail: 'Bouge ton quartier' })
		expect(await conflictsOf((await jurorRow(call.id, ofInvited.id)).id)).toHaveLength(1)
		expect(await conflictsOf((await jurorRow(call.id, ofDeclined.id)).id)).toEqual([])
		expect(await conflictsOf((await jurorRow(call.id, stranger.id)).id)).toEqual([])
		const [event] = await db.select().from(auditEvents).where(and(eq(auditEvents.subjectId, call.id), eq(auditEvents.action, 'jury.conflicts_detected')))
		expect(event!.data).toEqual({ found: 2, removed: 0 })
	})

	test('seuls les dossiers recevables de cet appel et les jurés invités ou siégeant comptent', async () => {
		const { call } = await juryCall()
		const lead = await association('Les Tisserands')
		await dossier(call.id, lead, [], { status: 'inadmissible' })
		await dossier(call.id, lead, [], { status: 'withdrawn' })
		const other = await juryCall()
		await dossier(other.call.id, lead)
		const juror = await createJuror(call.id)
		await addMember(lead.id, juror.id, 'member')
		const removed = await createJuror(call.id, { status: 'removed' })
		await addMember(lead.id, removed.id, 'member')
		expect(await db.transaction((tx) => detectConflicts(tx, call.id))).toEqual({ found: 0, removed: 0 })
		expect(await db.select().from(juryConflicts)).toEqual([])
	})
})

describe('détection : partenariat récent', () => {
	test('l’association du juré a porté un dossier déposé avec une association du consortium il y a moins de 3 ans', async () => {
		const { call } = await juryCall()
		const lead = await association('Les Tisserands')
		const partner = await association('Bouge ton quartier')
		const target = await dossier(call.id, lead, [{ org: partner, status: 'confirmed' }])
		const jurorsAssociation = await association('Les Voisins solidaires')
		const juror = await createJuror(call.id)
		await addMember(jurorsAssociation.id, juror.id, 'member')
		// Two years ago, on another funder's call: the juror's association led, the partner confirmed.
		const past = await juryCall()
		await dossier(past.call.id, jurorsAssociation, [{ org: partner, status: 'confirmed' }], { status: 'rejected', title: 'Jardins partagés', createdAt: yearsAgo(2) })

		expect(await db.transaction((tx) => detectConflicts(tx, call.id))).toEqual({ found: 1, removed: 0 })
		const [found] = await conflictsOf((await jurorRow(call.id, juror.id)).id)
		expect(found).toMatchObject({
			applicationId: target.id,
			source: 'detected',
			cause: 'recent_partnership',
			detail: 'Les Voisins solidaires avec Bouge ton quartier (« Jardins partagés »)',
		})
	})

	test('ni un projet de plus de 3 ans, ni un brouillon jamais déposé, ni un partenaire qui a décliné', async () => {
		const { call } = await juryCall()
		const lead = await association('Les Tisserands')
		const partner = await association('Bouge ton quartier')
		await dossier(call.id, lead, [{ org: partner, status: 'confirmed' }])
		const jurorsAssociation = await association('Les Voisins solidaires')
		const juror = await createJuror(call.id)
		await addMember(jurorsAssociation.id, juror.id, 'referent')
		const past = await juryCall()
		await dossier(past.call.id, jurorsAssociation, [{ org: partner, status: 'confirmed' }], { status: 'rejected', createdAt: yearsAgo(4) })
		await dossier(past.call.id, jurorsAssociation, [{ org: lead, status: 'confirmed' }], { status: 'draft', submitted: false })
		await dossier(past.call.id, jurorsAssociation, [{ org: lead, status: 'declined' }], { status: 'rejected' })
		expect(await db.transaction((tx) => detectConflicts(tx, call.id))).toEqual({ found: 0, removed: 0 })
	})
})

/** A jury call with one dossier and a juror member of its lead, conflicts detected. */
async function withDetectedConflict() {
	const { staff, call } = await juryCall()
	const lead = await association('Les Tisserands')
	const target = await dossier(call.id, lead)
	const juror = await createJuror(call.id)
	await addMember(lead.id, juror.id, 'member')
	await db.transaction((tx) => detectConflicts(tx, call.id))
	const seat = await jurorRow(call.id, juror.id)
	const [conflict] = await conflictsOf(seat.id)
	return { staff, call, lead, target, juror, seat, conflict: conflict! }
}

describe('détection : structure d’accompagnement du dossier', () => {
	test('un juré de l’équipe de la structure nommée par le consortium est en conflit, à côté des deux autres causes', async () => {
		const { call } = await juryCall()
		const lead = await association('Les Tisserands')
		const partner = await association('Bouge ton quartier')
		const supporter = await createOrganization({ kind: 'supporter', name: 'Maison des Associations de Grenoble' })
		const target = await dossier(call.id, lead, [{ org: partner, status: 'confirmed' }])
		await db.update(applications).set({ supporterOrganizationId: supporter.id }).where(eq(applications.id, target.id))
		// Another dossier of the call, accompanied by nobody: no conflict with it.
		const other = await dossier(call.id, await association('Radio Villeneuve'))

		const ofSupporter = await createJuror(call.id)
		await addMember(supporter.id, ofSupporter.id, 'staff')
		const ofLead = await createJuror(call.id)
		await addMember(lead.id, ofLead.id, 'member')
		const jurorsAssociation = await association('Les Voisins solidaires')
		const ofPartnerOfPartner = await createJuror(call.id)
		await addMember(jurorsAssociation.id, ofPartnerOfPartner.id, 'member')
		const past = await juryCall()
		await dossier(past.call.id, jurorsAssociation, [{ org: partner, status: 'confirmed' }], { status: 'rejected', title: 'Jardins partagés', createdAt: yearsAgo(1) })
		// Staff of another supporter structure: nothing.
		const elsewhere = await createJuror(call.id)
		await addMember((await createOrganization({ kind: 'supporter' })).id, elsewhere.id, 'staff')

		expect(await db.transaction((tx) => detectConflicts(tx, call.id))).toEqual({ found: 3, removed: 0 })
		const [accompanied] = await conflictsOf((await jurorRow(call.id, ofSupporter.id)).id)
		expect(accompanied).toMatchObject({
			applicationId: target.id,
			source: 'detected',
			cause: 'accompanied_by_juror_structure',
			status: 'open',
			detail: 'Maison des Associations de Grenoble, structure d’accompagnement nommée par le consortium',
		})
		expect((await conflictsOf((await jurorRow(call.id, ofLead.id)).id)).map((c) => c.cause)).toEqual(['member_of_consortium'])
		expect((await conflictsOf((await jurorRow(call.id, ofPartnerOfPartner.id)).id)).map((c) => c.cause)).toEqual(['recent_partnership'])
		expect(await conflictsOf((await jurorRow(call.id, elsewhere.id)).id)).toEqual([])
		expect((await db.select().from(juryConflicts).where(eq(juryConflicts.applicationId, other.id)))).toEqual([])
	})
})

describe('décisions sur un conflit', () => {
	test('le financeur écarte un conflit détecté avec un motif, gardé dans l’historique ; sans motif, refus sur le champ', async () => {
		const { staff, conflict } = await withDetectedConflict()
		expect(await decideConflict({ user: staff.user, conflictId: conflict.id, decision: 'dismiss', reason: '   ' })).toEqual({
			ok: false,
			field: 'reason',
			message: 'Indiquez le motif de la décision : il est gardé dans l’historique.',
		})
		expect((await db.select().from(juryConflicts).where(eq(juryConflicts.id, conflict.id)))[0]!.status).toBe('open')

		expect(await decideConflict({ user: staff.user, conflictId: conflict.id, decision: 'dismiss', reason: 'Adhérent·e sans responsabilité depuis 2019.' })).toEqual({ ok: true })
		const [row] = await db.select().from(juryConflicts).where(eq(juryConflicts.id, conflict.id))
		expect(row).toMatchObject({ status: 'dismissed', decidedById: staff.user.id, decisionReason: 'Adhérent·e sans responsabilité depuis 2019.' })
		const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'jury.conflict_dismissed'))
		expect(event).toMatchObject({
			actorUserId: staff.user.id,
			subjectType: 'application',
			subjectId: conflict.applicationId,
			data: { conflictId: conflict.id, from: 'open', to: 'dismissed', reason: 'Adhérent·e sans responsabilité depuis 2019.', by: 'staff', cause: 'member_of_consortium' },
		})
	})

	test('un conflit déclaré ne peut pas être écarté par le juré ; la présidence le confirme ; un autre financeur ne le voit pas', async () => {
		const { staff, call } = await juryCall()
		const target = await dossier(call.id, await association('Les Tisserands'))
		const juror = await createJuror(call.id)
		const chair = await createJuror(call.id, { isChair: true })
		const declared = await declareConflict({ user: juror, callId: call.id, applicationId: target.id, type: 'personnel', detail: 'Ma sœur préside le chef de file.' })
		expect(declared).toMatchObject({ ok: true })
		const conflictId = (declared as { conflictId: string }).conflictId
		const [row] = await db.select().from(juryConflicts).where(eq(juryConflicts.id, conflictId))
		expect(row).toMatchObject({ source: 'declared', cause: 'declared_personal', status: 'open', detail: 'Ma sœur préside le chef de file.' })
		expect((await db.select().from(auditEvents).where(eq(auditEvents.action, 'jury.conflict_declared')))[0]).toMatchObject({ actorUserId: juror.id, subjectId: target.id })

		expect(await decideConflict({ user: juror, conflictId, decision: 'dismiss', reason: 'Je me suis trompé.' })).toEqual({
			ok: false,
			message: 'Un conflit d’intérêts qui vous concerne est décidé par la présidence du jury ou par le financeur, pas par vous.',
		})
		expect((await db.select().from(juryConflicts).where(eq(juryConflicts.id, conflictId)))[0]!.status).toBe('open')

		const outsider = await createStaff('funder')
		expect(((await thrown(decideConflict({ user: outsider.user, conflictId, decision: 'dismiss', reason: 'Non.' }))) as Response).status).toBe(404)

		expect(await decideConflict({ user: chair, conflictId, decision: 'confirm', reason: 'Lien familial direct.' })).toEqual({ ok: true })
		const [event] = await db.select().from(auditEvents).where(eq(auditEvents.action, 'jury.conflict_confirmed'))
		expect(event).toMatchObject({ actorUserId: chair.id, data: { source: 'declared', to: 'confirmed', by: 'chair' } })
		// The staff may still change the decision, with its own reason.
		expect(await decideConflict({ user: staff.user, conflictId, decision: 'dismiss', reason: 'Vérifié : pas de lien.' })).toEqual({ ok: true })
	})

	test('la présidence ne décide pas de son propre conflit ; un juré ordinaire ne décide de rien', async () => {
		const { call, lead, target } = await withDetectedConflict()
		const chair = await createJuror(call.id, { isChair: true })
		await addMember(lead.id, chair.id, 'member')
		await db.transaction((tx) => detectConflicts(tx, call.id))
		const [own] = await conflictsOf((await jurorRow(call.id, chair.id)).id)
		expect(await decideConflict({ user: chair, conflictId: own!.id, decision: 'dismiss', reason: 'Rien à voir.' })).toMatchObject({ ok: false })
		const plain = await createJuror(call.id)
		const [other] = await db.select().from(juryConflicts).where(and(eq(juryConflicts.applicationId, target.id), eq(juryConflicts.status, 'open')))
		expect(((await thrown(decideConflict({ user: plain, conflictId: other!.id, decision: 'dismiss', reason: 'Non.' }))) as Response).status).toBe(404)
	})

	test('un juré ne déclare que sur un dossier recevable de son jury ; le texte est exigé', async () => {
		const { call } = await juryCall()
		const target = await dossier(call.id, await association('Les Tisserands'))
		const inadmissible = await dossier(call.id, await association('Les Autres'), [], { status: 'inadmissible' })
		const juror = await createJuror(call.id)
		expect(await declareConflict({ user: juror, callId: call.id, applicationId: target.id, type: 'autre', detail: '  ' })).toMatchObject({ ok: false, field: 'detail' })
		expect(((await thrown(declareConflict({ user: juror, callId: call.id, applicationId: inadmissible.id, type: 'autre', detail: 'Lien.' }))) as Response).status).toBe(404)
		const invitedOnly = await createJuror(call.id, { status: 'invited' })
		expect(((await thrown(declareConflict({ user: invitedOnly, callId: call.id, applicationId: target.id, type: 'autre', detail: 'Lien.' }))) as Response).status).toBe(404)
		expect(await db.select().from(juryConflicts)).toEqual([])
	})
})

describe('détection en une requête', () => {
	test('le nombre de requêtes ne dépend ni du nombre de jurés ni du nombre de dossiers', async () => {
		const { call } = await juryCall()
		for (let n = 0; n < 4; n++) {
			const lead = await association(`Association ${n}`)
			await dossier(call.id, lead)
			const juror = await createJuror(call.id)
			await addMember(lead.id, juror.id, 'member')
		}
		const { result: detected, statements } = await statementsDuring(() => db.transaction((tx) => detectConflicts(tx, call.id)))
		expect(detected).toEqual({ found: 4, removed: 0 })
		// The detection itself, then its audit event (drizzle logs no begin/commit).
		expect(statements.filter((q) => !/^(begin|commit)/i.test(q.trim()))).toHaveLength(2)
	})
})

describe('nouvelle détection', () => {
	test('garde les décisions prises ; retire un conflit encore ouvert qui ne tient plus, garde celui qui a été décidé', async () => {
		const { staff, call, juror, seat, conflict } = await withDetectedConflict()
		const partner = await association('Bouge ton quartier')
		const second = await dossier(call.id, partner)
		await addMember(partner.id, juror.id, 'member')
		await db.transaction((tx) => detectConflicts(tx, call.id))
		expect(await conflictsOf(seat.id)).toHaveLength(2)
		expect(await decideConflict({ user: staff.user, conflictId: conflict.id, decision: 'dismiss', reason: 'Simple adhérent.' })).toEqual({ ok: true })

		// Found again: the decision stays.
		expect(await db.transaction((tx) => detectConflicts(tx, call.id))).toEqual({ found: 2, removed: 0 })
		const [kept] = await db.select().from(juryConflicts).where(eq(juryConflicts.id, conflict.id))
		expect(kept).toMatchObject({ status: 'dismissed', decisionReason: 'Simple adhérent.' })

		// The juror leaves both associations: the open conflict goes, the decided one stays.
		await db.delete(memberships).where(eq(memberships.userId, juror.id))
		expect(await db.transaction((tx) => detectConflicts(tx, call.id))).toEqual({ found: 0, removed: 1 })
		const left = await conflictsOf(seat.id)
		expect(left.map((c) => c.id)).toEqual([conflict.id])
		expect(left.some((c) => c.applicationId === second.id)).toBe(false)
	})
})

describe('re-détection quand un consortium ou les adhésions d’un juré changent', () => {
	test('un partenaire se retire d’un dossier au jury : le conflit ouvert qu’il causait tombe, sans relancer la détection à la main', async () => {
		const application = await createApplication({ status: 'admissible', coCarriers: 2 })
		await db.update(calls).set({ status: 'jury' }).where(eq(calls.id, application.call.id))
		const [partner] = application.partners
		const juror = await createJuror(application.call.id)
		await addMember(partner!.organization.id, juror.id, 'member')
		await db.transaction((tx) => detectConflicts(tx, application.call.id))
		const seat = await jurorRow(application.call.id, juror.id)
		expect(await conflictsOf(seat.id)).toHaveLength(1)

		expect(await answerNo({ id: application.id, user: partner!.user, intent: 'withdraw', message: 'Nous arrêtons.' })).toEqual({ ok: true })
		expect(await conflictsOf(seat.id)).toEqual([])
	})

	test('un juré rejoint une association du consortium (invitation acceptée) : le conflit apparaît', async () => {
		const { call } = await juryCall()
		const lead = await createAssociationMember('referent')
		const target = await dossier(call.id, lead.organization)
		const juror = await createJuror(call.id)
		await db.transaction((tx) => detectConflicts(tx, call.id))
		const seat = await jurorRow(call.id, juror.id)
		expect(await conflictsOf(seat.id)).toEqual([])

		const invitation = await inviteMember({ user: { id: lead.user.id, isPlatformAdmin: false }, organizationId: lead.organization.id, email: juror.email, role: 'member' })
		if (!invitation.ok) throw new Error(invitation.message)
		expect(await acceptInvitation({ user: { id: juror.id, email: juror.email, isPlatformAdmin: false }, token: invitation.token })).toMatchObject({ ok: true })
		expect(await conflictsOf(seat.id)).toMatchObject([{ applicationId: target.id, cause: 'member_of_consortium', status: 'open' }])
	})

	test('l’administrateur nomme un juré dans l’équipe de la structure d’accompagnement : conflit ; il l’en retire : le conflit ouvert tombe, un conflit décidé reste', async () => {
		const { staff, call } = await juryCall()
		const supporter = await createStaff('supporter')
		const admin = await createPlatformAdmin()
		const target = await dossier(call.id, await association('Les Tisserands'))
		const second = await dossier(call.id, await association('Bouge ton quartier'))
		await db.update(applications).set({ supporterOrganizationId: supporter.organization.id }).where(inArray(applications.id, [target.id, second.id]))
		const juror = await createJuror(call.id)
		const seat = await jurorRow(call.id, juror.id)

		expect(await nameStaff({ admin, organizationId: supporter.organization.id, email: juror.email })).toMatchObject({ ok: true, outcome: 'added' })
		const found = await conflictsOf(seat.id)
		expect(found.map((c) => [c.applicationId, c.cause]).sort()).toEqual(
			[
				[target.id, 'accompanied_by_juror_structure'],
				[second.id, 'accompanied_by_juror_structure'],
			].sort(),
		)
		const decided = found.find((c) => c.applicationId === target.id)!
		expect(await decideConflict({ user: staff.user, conflictId: decided.id, decision: 'confirm', reason: 'Salarié de la structure.' })).toEqual({ ok: true })

		const [membership] = await db.select().from(memberships).where(and(eq(memberships.organizationId, supporter.organization.id), eq(memberships.userId, juror.id)))
		expect(await removeStaff({ admin, membershipId: membership!.id })).toMatchObject({ ok: true })
		expect((await conflictsOf(seat.id)).map((c) => [c.id, c.status])).toEqual([[decided.id, 'confirmed']])
	})

	test('un appel qui n’est pas au jury n’est pas touché', async () => {
		const staff = await createStaff('funder')
		const call = await createCall({ funderId: staff.organization.id, status: 'decided' })
		const lead = await createAssociationMember('referent')
		await dossier(call.id, lead.organization)
		const juror = await createJuror(call.id)
		const invitation = await inviteMember({ user: { id: lead.user.id, isPlatformAdmin: false }, organizationId: lead.organization.id, email: juror.email, role: 'member' })
		if (!invitation.ok) throw new Error(invitation.message)
		expect(await acceptInvitation({ user: { id: juror.id, email: juror.email, isPlatformAdmin: false }, token: invitation.token })).toMatchObject({ ok: true })
		expect(await db.select().from(juryConflicts)).toEqual([])
	})
})
