/**
 * The deliberation's read model (issue 9): the rows the staff, the chair and the minutes
 * read — scores from the sent evaluations, the ranking, the proposed amounts, the funding
 * line — and a chair in conflict with a dossier, for whom it does not exist at all.
 */
import { describe, expect, test } from 'vitest'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { loadDeliberation } from '#app/domain/deliberation/deliberation.server.ts'
import { rankCall } from '#app/domain/deliberation/ranking.ts'
import { db } from '#db/client.server.ts'
import { applications, juryConflicts } from '#db/schema/index.ts'
import { createDeliberation } from '#tests/factories.ts'
import { eq } from 'drizzle-orm'

describe('loadDeliberation', () => {
	test('classe les dossiers recevables sur leurs évaluations envoyées, propose le montant demandé plafonné, trace la ligne de financement', async () => {
		const scene = await createDeliberation({
			scores: [
				[16, 14, 12],
				[12, 10, 9],
				[8, 9, 6],
			],
			amountsRequestedCents: [1_000_000, 2_000_000, 800_000],
			maxAmountPerProjectCents: 1_500_000,
			envelopeCents: 2_500_000,
		})
		const view = await loadDeliberation(db, { user: await policyUserOf(db, scene.staff.user), call: scene.call })
		expect(view.dossiers.map((d) => d.applicationId)).toEqual(scene.dossiers.map((d) => d.id))
		const [first, second, third] = view.dossiers
		expect(first).toMatchObject({ rank: 1, evaluations: 3, raw: 70, spread: 20, disagreement: false, proposedAmountCents: 1_000_000, funded: true })
		// 2,000,000 requested, capped at the call's maximum of 1,500,000: with the first, 2,500,000 fits exactly.
		expect(second).toMatchObject({ rank: 2, proposedAmountCents: 1_500_000, funded: true })
		expect(third).toMatchObject({ rank: 3, funded: false })
		expect(view.funding).toMatchObject({ envelope: 2_500_000, used: 2_500_000, remaining: 0, line: 2 })
		expect(view.totals).toEqual({ proposedCents: 3_300_000, retainedCents: 0 })
		expect(view.hiddenForConflict).toBe(0)

		// A proposed amount set by staff wins over the amount requested.
		await db.update(applications).set({ proposedAmountCents: 500_000 }).where(eq(applications.id, scene.dossiers[1]!.id))
		const after = await loadDeliberation(db, { user: await policyUserOf(db, scene.staff.user), call: scene.call })
		expect(after.dossiers[1]!.proposedAmountCents).toBe(500_000)
		expect(after.dossiers[2]).toMatchObject({ funded: true })
	})

	test('la présidence en conflit avec un dossier ne le voit pas, et le calibrage des autres est calculé sans lui', async () => {
		const scene = await createDeliberation({
			scores: [
				[18, 10, null],
				[14, null, 8],
				[null, 12, 9],
				[15, 11, 10],
			],
		})
		const hidden = scene.dossiers[0]!
		await db.insert(juryConflicts).values({ jurorId: scene.seats[0]!.id, applicationId: hidden.id, source: 'declared', cause: 'declared_personal', status: 'confirmed' })

		const chairView = await loadDeliberation(db, { user: await policyUserOf(db, scene.chair!), call: scene.call })
		expect(chairView.dossiers.map((d) => d.applicationId)).not.toContain(hidden.id)
		expect(chairView.dossiers).toHaveLength(3)
		expect(chairView.hiddenForConflict).toBe(1)
		// The others' calibrated scores are those of the model fitted on the three visible dossiers only.
		const seat = new Map(scene.seats.map((s) => [s.id, s]))
		const visibleScores = [
			[scene.dossiers[1]!.id, scene.seats[0]!.id, 14],
			[scene.dossiers[1]!.id, scene.seats[2]!.id, 8],
			[scene.dossiers[2]!.id, scene.seats[1]!.id, 12],
			[scene.dossiers[2]!.id, scene.seats[2]!.id, 9],
			[scene.dossiers[3]!.id, scene.seats[0]!.id, 15],
			[scene.dossiers[3]!.id, scene.seats[1]!.id, 11],
			[scene.dossiers[3]!.id, scene.seats[2]!.id, 10],
		] as const
		expect(seat.size).toBe(3)
		const expected = rankCall({
			applicationIds: scene.dossiers.slice(1).map((d) => d.id),
			evaluations: visibleScores.map(([applicationId, jurorId, value]) => ({ applicationId, jurorId, score: value * 5 })),
			by: 'calibrated',
		})
		for (const dossier of chairView.dossiers) {
			expect(dossier.calibrated).toBeCloseTo(expected.calibration.dossiers.find((d) => d.applicationId === dossier.applicationId)!.calibrated!, 6)
		}

		// The staff see the four, and a juror offset estimated with the hidden dossier.
		const staffView = await loadDeliberation(db, { user: await policyUserOf(db, scene.staff.user), call: scene.call })
		expect(staffView.dossiers).toHaveLength(4)
		expect(staffView.hiddenForConflict).toBe(0)
		const chairOffset = (view: typeof staffView) => view.calibration.jurors.find((j) => j.jurorId === scene.seats[0]!.id)!.offset
		expect(chairOffset(staffView)).not.toBeCloseTo(chairOffset(chairView), 3)
	})
})
