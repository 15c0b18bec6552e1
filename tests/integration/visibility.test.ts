/**
 * The policy's WHERE clauses (app/auth/policy/visibility.server.ts) on real rows: each
 * role lists exactly the applications, calls and organisations it may see, and the
 * loaders that use them find a row only when the clause lets them.
 */
import { eq } from 'drizzle-orm'
import { describe, expect, test } from 'vitest'
import { jurorAssignmentOf, policyUserOf } from '#app/auth/policy/load.server.ts'
import {
	consortiumApplicationsWhere,
	funderApplicationsWhere,
	jurorApplicationsWhere,
	visibleApplicationsWhere,
	visibleCallsWhere,
	visibleOrganizationsWhere,
} from '#app/auth/policy/visibility.server.ts'
import { findAccess } from '#app/domain/applications/access.server.ts'
import { listApplicationsForUser } from '#app/domain/applications/read-model.server.ts'
import { db } from '#db/client.server.ts'
import { applications, calls, juryAssignments, juryConflicts, jurors, organizations } from '#db/schema/index.ts'
import {
	addMember,
	createApplication,
	createAssociationMember,
	createCall,
	createJuror,
	createOrganization,
	createPlatformAdmin,
	createStaff,
	createUser,
} from '#tests/factories.ts'

type PolicyUser = Awaited<ReturnType<typeof policyUserOf>>

const applicationIds = async (where: ReturnType<typeof visibleApplicationsWhere>) =>
	(await db.select({ id: applications.id }).from(applications).where(where)).map((r) => r.id).sort()
const sorted = (...ids: string[]) => [...ids].sort()

/**
 * Call X (funder F, published) with: a draft led by A, B invited and D declined; a
 * submitted dossier led by A. Call Y (another funder) with a submitted dossier led by C.
 */
async function world() {
	const funder = await createStaff('funder')
	const otherFunder = await createStaff('funder')
	const a = await createAssociationMember('referent')
	const b = await createAssociationMember('referent')
	const c = await createAssociationMember('referent')
	const d = await createAssociationMember('referent')
	const callX = await createCall({ funderId: funder.organization.id })
	const callY = await createCall({ funderId: otherFunder.organization.id })
	const draft = await createApplication({
		call: callX,
		lead: a,
		coCarriers: 0,
		partners: [
			{ association: b, state: 'invited' },
			{ association: d, state: 'declined' },
		],
	})
	const submitted = await createApplication({ call: callX, lead: a, status: 'submitted' })
	const elsewhere = await createApplication({ call: callY, lead: c, status: 'submitted' })
	return { funder, otherFunder, a, b, c, d, callX, callY, draft, submitted, elsewhere }
}

const as = (user: { id: string }) => policyUserOf(db, user)

describe('visibilité des dossiers, rôle par rôle', () => {
	test('chaque rôle voit exactement ses dossiers', async () => {
		const w = await world()
		const supporter = await createStaff('supporter')
		const admin = await createPlatformAdmin()
		const juror = await createJuror(w.callX.id)
		const nobody = await createUser()
		const expected: [string, { id: string }, string[]][] = [
			// A leads both dossiers of call X, its draft included.
			['le référent du chef de file', w.a.user, [w.draft.id, w.submitted.id]],
			// B is invited to the draft: it reads it.
			['un partenaire invité', w.b.user, [w.draft.id]],
			// D declined: the dossier is no longer theirs to read.
			['un partenaire qui a décliné', w.d.user, []],
			['le chef de file d’un autre appel', w.c.user, [w.elsewhere.id]],
			// The funder of call X sees its submitted dossiers, never a draft, nothing of call Y.
			['le financeur de l’appel', w.funder.user, [w.submitted.id]],
			['un autre financeur', w.otherFunder.user, [w.elsewhere.id]],
			['l’accompagnement', supporter.user, []],
			['l’admin de la plateforme', admin, []],
			['un juré sans affectation', juror, []],
			['une personne sans rôle', nobody, []],
		]
		for (const [label, user, ids] of expected) {
			expect(await applicationIds(visibleApplicationsWhere(await as(user))), label).toEqual(sorted(...ids))
		}
	})

	test('les branches séparées : consortium, financeur, juré', async () => {
		const w = await world()
		const a = await as(w.a.user)
		const staff = await as(w.funder.user)
		expect(await applicationIds(consortiumApplicationsWhere(a))).toEqual(sorted(w.draft.id, w.submitted.id))
		expect(await applicationIds(funderApplicationsWhere(a))).toEqual([])
		expect(await applicationIds(funderApplicationsWhere(staff))).toEqual([w.submitted.id])
		expect(await applicationIds(consortiumApplicationsWhere(staff))).toEqual([])
	})

	test('un juré de l’appel ne voit rien avant son affectation, puis le seul dossier recevable qui lui est affecté sans conflit', async () => {
		const w = await world()
		// The jury judges recevable dossiers (tests/integration/jury-scoring.test.ts pins the statuses).
		await db.update(applications).set({ status: 'admissible' }).where(eq(applications.id, w.submitted.id))
		const juror = await createJuror(w.callX.id)
		const [seat] = await db.select().from(jurors).where(eq(jurors.userId, juror.id))
		const viewer = await as(juror)
		expect(viewer.jurorCallIds).toEqual([w.callX.id])
		expect(await applicationIds(jurorApplicationsWhere(viewer))).toEqual([])

		const [assignment] = await db.insert(juryAssignments).values({ jurorId: seat!.id, applicationId: w.submitted.id }).returning()
		expect(await applicationIds(jurorApplicationsWhere(viewer))).toEqual([w.submitted.id])
		expect(await applicationIds(visibleApplicationsWhere(viewer))).toEqual([w.submitted.id])
		// Another juror of the same call sees nothing of it: the assignment is this juror's.
		expect(await applicationIds(visibleApplicationsWhere(await as(await createJuror(w.callX.id))))).toEqual([])

		// A conflict recorded in jury_conflicts hides it while open or confirmed; a dismissal lifts it.
		const [conflict] = await db
			.insert(juryConflicts)
			.values({ jurorId: seat!.id, applicationId: assignment!.applicationId, source: 'declared', cause: 'declared_member', detail: 'Je siège au bureau du chef de file.' })
			.returning()
		expect(await applicationIds(jurorApplicationsWhere(viewer))).toEqual([])
		expect(await applicationIds(visibleApplicationsWhere(viewer))).toEqual([])
		expect(await jurorAssignmentOf(db, viewer, w.submitted.id)).toEqual({ inConflict: true })
		await db.update(juryConflicts).set({ status: 'confirmed' }).where(eq(juryConflicts.id, conflict!.id))
		expect(await applicationIds(jurorApplicationsWhere(viewer))).toEqual([])
		await db.update(juryConflicts).set({ status: 'dismissed' }).where(eq(juryConflicts.id, conflict!.id))
		expect(await applicationIds(jurorApplicationsWhere(viewer))).toEqual([w.submitted.id])
		expect(await jurorAssignmentOf(db, viewer, w.submitted.id)).toEqual({ inConflict: false })
		// Another juror's conflict on the same dossier does not hide it from this one.
		const other = await createJuror(w.callX.id)
		const [otherSeat] = await db.select().from(jurors).where(eq(jurors.userId, other.id))
		await db.insert(juryConflicts).values({ jurorId: otherSeat!.id, applicationId: w.submitted.id, source: 'detected', cause: 'member_of_consortium' })
		expect(await applicationIds(jurorApplicationsWhere(viewer))).toEqual([w.submitted.id])
	})

	test('un juré invité, qui a décliné ou qui a été retiré ne voit rien, même affecté', async () => {
		const w = await world()
		await db.update(applications).set({ status: 'admissible' }).where(eq(applications.id, w.submitted.id))
		for (const status of ['invited', 'declined', 'removed'] as const) {
			const juror = await createJuror(w.callX.id, { status })
			const [seat] = await db.select().from(jurors).where(eq(jurors.userId, juror.id))
			await db.insert(juryAssignments).values({ jurorId: seat!.id, applicationId: w.submitted.id })
			const viewer = await as(juror)
			expect(viewer.jurorCallIds, status).toEqual([])
			expect(await applicationIds(visibleApplicationsWhere(viewer)), status).toEqual([])
			expect(await jurorAssignmentOf(db, viewer, w.submitted.id), status).toBeNull()
		}
	})
})

describe('les chargeurs passent par la clause', () => {
	test('findAccess et la liste « mes candidatures » : le consortium seulement, une fois par dossier', async () => {
		const w = await world()
		expect(await findAccess(db, w.draft.id, w.b.user)).toMatchObject({ isLead: false, isReferent: true })
		expect(await findAccess(db, w.draft.id, w.d.user)).toBeNull()
		expect(await findAccess(db, w.submitted.id, w.funder.user)).toBeNull()
		expect(await findAccess(db, w.draft.id, await createPlatformAdmin())).toBeNull()
		const listed = await listApplicationsForUser(await as(w.a.user))
		expect(listed.map((r) => r.id).sort()).toEqual(sorted(w.draft.id, w.submitted.id))
	})

	test('une personne membre du chef de file et référente d’un partenaire a ses deux lignes, celle du chef de file d’abord', async () => {
		const leader = await createAssociationMember('referent')
		const person = await createUser()
		const partner = await createOrganization({ kind: 'association' })
		await addMember(partner.id, person.id, 'referent')
		await addMember(leader.organization.id, person.id, 'member')
		const app = await createApplication({ lead: leader, coCarriers: 0, partners: [{ association: { user: person, organization: partner }, state: 'invited' }] })
		const access = await findAccess(db, app.id, person)
		expect(access?.members.map((m) => [m.member.role, m.isReferent])).toEqual([
			['lead', false],
			['co_carrier', true],
		])
		expect(access).toMatchObject({ isLead: true, isReferent: false })
		expect(await listApplicationsForUser(await as(person))).toHaveLength(1)
	})
})

describe('visibilité des appels et des organisations', () => {
	test('un appel en brouillon : son financeur seulement ; publié : tout le monde', async () => {
		const funder = await createStaff('funder')
		const other = await createStaff('funder')
		const draftCall = await createCall({ funderId: funder.organization.id, status: 'draft' })
		const published = await createCall({ funderId: funder.organization.id })
		const ids = async (user: PolicyUser | null) =>
			(await db.select({ id: calls.id }).from(calls).where(visibleCallsWhere(user))).map((r) => r.id).sort()
		expect(await ids(await as(funder.user))).toEqual(sorted(draftCall.id, published.id))
		expect(await ids(await as(other.user))).toEqual([published.id])
		expect(await ids(null)).toEqual([published.id])
	})

	test('ses organisations pour chacun, toutes pour l’admin', async () => {
		const a = await createAssociationMember('member')
		const funder = await createStaff('funder')
		const ids = async (user: { id: string }) =>
			(await db.select({ id: organizations.id }).from(organizations).where(visibleOrganizationsWhere(await as(user)))).map((r) => r.id).sort()
		expect(await ids(a.user)).toEqual([a.organization.id])
		expect(await ids(funder.user)).toEqual([funder.organization.id])
		expect(await ids(await createUser())).toEqual([])
		expect(await ids(await createPlatformAdmin())).toEqual(sorted(a.organization.id, funder.organization.id))
	})
})
