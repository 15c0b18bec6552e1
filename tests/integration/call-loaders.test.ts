/**
 * The call loaders of the policy (load.server.ts) read a page's call through a statement
 * prepared once, with the person as parameters; inside a transaction (or with a lock) they
 * build it for the person. Both must let in and keep out the same people.
 */
import { expect, test } from 'vitest'
import { findCallForDeliberation, findCallForStaff, policyUserOf } from '#app/auth/policy/load.server.ts'
import { db } from '#db/client.server.ts'
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
