/**
 * The call loaders of the policy (load.server.ts) read a page's call through a statement
 * prepared once, with the person as parameters; inside a transaction (or with a lock) they
 * build it for the person. Both must let in and keep out the same people. The same for the
 * dossier a funder's staff or a juror reads (read-model.server.ts, visibility by parameters),
 * the consortium's access to its dossier (access.server.ts) and the follow-up (follow-up/access.server.ts).
 */
import { and, eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { findCallForDeliberation, findCallForStaff, policyUserOf } from '#app/auth/policy/load.server.ts'
import { funderApplicationsWhere, funderDossierVisibility, jurorApplicationsWhere, jurorDossierVisibility } from '#app/auth/policy/visibility.server.ts'
import { findAccess } from '#app/domain/applications/access.server.ts'
import { findDossier } from '#app/domain/applications/read-model.server.ts'
import { findFollowUp } from '#app/domain/follow-up/access.server.ts'
import { db } from '#db/client.server.ts'
import { applications, calls, juryConflicts, memberships } from '#db/schema/index.ts'
import { addMember, createAssociationMember, createApplication, createDeliberation, createStaff, createUser } from '#tests/factories.ts'

test('le gestionnaire du financeur, la présidence, un juré, un autre financeur et un inconnu : même réponse avec et sans requête préparée', async () => {
	const scene = await createDeliberation({ envelopeCents: 2_000_000, amountsRequestedCents: [1_000_000, 1_000_000] })
	const otherFunder = await createStaff('funder')
	const twoFunders = await createUser()
	await addMember(scene.staff.organization.id, twoFunders.id, 'staff')
	await addMember(otherFunder.organization.id, twoFunders.id, 'staff')
	const people = {
		staff: scene.staff.user,
		chair: scene.chair!,
		juror: scene.jurorUsers[1]!,
		otherFunder: otherFunder.user,
		twoFunders,
		outsider: await createUser(),
	}
	const seen: Record<string, [boolean, boolean]> = {}
	for (const [name, person] of Object.entries(people)) {
		const user = await policyUserOf(db, person)
		const prepared = [await findCallForStaff(db, user, scene.call.id), await findCallForDeliberation(db, user, scene.call.id)] as const
		const built = await db.transaction(async (tx) => [await findCallForStaff(tx, user, scene.call.id), await findCallForDeliberation(tx, user, scene.call.id)] as const)
		expect(prepared[0]?.call.id ?? null, name).toBe(built[0]?.call.id ?? null)
		expect(prepared[1] && { isStaff: prepared[1].isStaff, chairSeatId: prepared[1].chairSeatId, resource: prepared[1].resource }, name).toEqual(
			built[1] && { isStaff: built[1].isStaff, chairSeatId: built[1].chairSeatId, resource: built[1].resource },
		)
		seen[name] = [prepared[0] !== null, prepared[1] !== null]
	}
	expect(seen).toEqual({
		staff: [true, true],
		chair: [false, true],
		juror: [false, false],
		otherFunder: [false, false],
		twoFunders: [true, true],
		outsider: [false, false],
	})
})

test('le dossier lu par le financeur ou par un juré : même réponse avec la visibilité par paramètres (préparée) et par personne', async () => {
	const scene = await createDeliberation({ envelopeCents: 2_000_000, amountsRequestedCents: [1_000_000, 1_000_000] })
	const [first, second] = scene.dossiers
	// The second juror declares a conflict with the first dossier: it hides it from them.
	await db.insert(juryConflicts).values({ jurorId: scene.seats[1]!.id, applicationId: first!.id, source: 'declared', cause: 'declared_personal', status: 'open' })
	const otherFunder = await createStaff('funder')
	const people = { staff: scene.staff.user, chair: scene.chair!, conflicted: scene.jurorUsers[1]!, otherFunder: otherFunder.user, outsider: await createUser() }
	const seen: Record<string, string> = {}
	for (const [name, person] of Object.entries(people)) {
		const user = await policyUserOf(db, person)
		let marks = ''
		for (const dossier of [first!, second!]) {
			for (const [side, prepared, clause] of [
				['funder', funderDossierVisibility(user, scene.call.id), and(eq(applications.callId, scene.call.id), funderApplicationsWhere(user))],
				['jury', jurorDossierVisibility(user, scene.call.id), and(eq(applications.callId, scene.call.id), jurorApplicationsWhere(user))],
			] as const) {
				const viewer = { side, callId: scene.call.id }
				const byParameters = await findDossier(db, dossier.id, prepared, viewer)
				const byPerson = await db.transaction((tx) => findDossier(tx, dossier.id, clause, viewer))
				expect(byParameters?.application.id ?? null, `${name} ${side}`).toBe(byPerson?.application.id ?? null)
				marks += byParameters ? side[0] : '-'
			}
		}
		seen[name] = marks
	}
	// f: read as the funder, j: read as a juror; first dossier then second.
	expect(seen).toEqual({ staff: 'f-f-', chair: '-j-j', conflicted: '---j', otherFunder: '----', outsider: '----' })
})

test('le consortium et le suivi : même réponse avec et sans requête préparée, pour chaque rôle', async () => {
	const invited = await createAssociationMember()
	const declined = await createAssociationMember()
	const { id, call, funder, lead, partners } = await createApplication({ coCarriers: 1, partners: [{ association: invited, state: 'invited' }, { association: declined, state: 'declined' }] })
	const confirmed = partners[0]!
	// One person référent of the lead and member of the confirmed partner: both rows are theirs.
	const both = await createUser()
	await addMember(lead.organization.id, both.id, 'referent')
	await addMember(confirmed.organization.id, both.id, 'member')
	const people = { lead: lead.user, confirmed: confirmed.user, invited: invited.user, declined: declined.user, both, staff: funder.user, outsider: await createUser() }
	const read = async () => {
		const seen: Record<string, string> = {}
		for (const [name, person] of Object.entries(people)) {
			const user = await policyUserOf(db, person)
			const prepared = [await findAccess(db, id, user), await findFollowUp(db, user, id)] as const
			const built = await db.transaction(async (tx) => [await findAccess(tx, id, user), await findFollowUp(tx, user, id)] as const)
			const accessOf = (access: (typeof prepared)[0]) => access && { isLead: access.isLead, members: access.members.map((m) => m.member.id).sort() }
			expect(accessOf(prepared[0]), name).toEqual(accessOf(built[0]))
			expect(prepared[1]?.resource ?? null, name).toEqual(built[1]?.resource ?? null)
			seen[name] = `${prepared[0] ? (prepared[0].isLead ? 'L' : 'p') : '-'}${prepared[1] ? 's' : '-'}`
		}
		return seen
	}
	// A draft: the consortium's access only (L: as the lead, p: as a partner), no follow-up (s).
	expect(await read()).toEqual({ lead: 'L-', confirmed: 'p-', invited: 'p-', declined: '--', both: 'L-', staff: '--', outsider: '--' })
	// Retained, the call decided: the follow-up opens to the confirmed co-porters and the funder's staff.
	await db.update(applications).set({ status: 'selected', submittedAt: new Date() }).where(eq(applications.id, id))
	await db.update(calls).set({ status: 'decided' }).where(eq(calls.id, call.id))
	expect(await read()).toEqual({ lead: 'Ls', confirmed: 'ps', invited: 'p-', declined: '--', both: 'Ls', staff: '-s', outsider: '--' })
	expect((await findAccess(db, id, await policyUserOf(db, both)))!.members).toHaveLength(2)
	// No association at all: the empty list matches nothing.
	await db.delete(memberships).where(eq(memberships.userId, both.id))
	expect(await findAccess(db, id, await policyUserOf(db, both))).toBeNull()
})
