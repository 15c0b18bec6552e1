/**
 * The call loaders of the policy (load.server.ts) read a page's call through a statement
 * prepared once, with the person as parameters; inside a transaction (or with a lock) they
 * build it for the person. Both must let in and keep out the same people. The same for the
 * dossier a funder's staff or a juror reads (read-model.server.ts, visibility by parameters).
 */
import { and, eq } from 'drizzle-orm'
import { expect, test } from 'vitest'
import { findCallForDeliberation, findCallForStaff, policyUserOf } from '#app/auth/policy/load.server.ts'
import { funderApplicationsWhere, funderDossierVisibility, jurorApplicationsWhere, jurorDossierVisibility } from '#app/auth/policy/visibility.server.ts'
import { findDossier } from '#app/domain/applications/read-model.server.ts'
import { db } from '#db/client.server.ts'
import { applications, juryConflicts } from '#db/schema/index.ts'
import { addMember, createDeliberation, createStaff, createUser } from '#tests/factories.ts'

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
