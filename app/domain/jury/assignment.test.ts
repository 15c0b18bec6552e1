import { describe, expect, test } from 'vitest'
import { balancedLevel, planAssignment, type ApplicationInput, type AssignmentPlan, type JurorInput, type Pair } from './assignment.ts'

const juror = (i: number, over: Partial<JurorInput> = {}): JurorInput => ({ id: `j${String(i).padStart(2, '0')}`, kind: 'expert', themeIds: [], maxLoad: null, ...over })
const dossier = (i: number, over: Partial<ApplicationInput> = {}): ApplicationInput => ({ id: `a${String(i).padStart(3, '0')}`, themeIds: [], ...over })
const range = (n: number) => Array.from({ length: n }, (_, i) => i)

const jurorsOf = (plan: AssignmentPlan, applicationId: string) => plan.assignments.filter((p) => p.applicationId === applicationId).map((p) => p.jurorId)
const loadOf = (plan: AssignmentPlan, jurorId: string) => plan.loads.find((l) => l.jurorId === jurorId)!.load
const spread = (plan: AssignmentPlan) => Math.max(...plan.loads.map((l) => l.load)) - Math.min(...plan.loads.map((l) => l.load))
const pairKey = (p: Pair) => `${p.jurorId}:${p.applicationId}`

describe('planAssignment', () => {
	test('every dossier gets N distinct jurors when the jury allows it', async () => {
		const applications = range(30).map((i) => dossier(i))
		const plan = await planAssignment({ jurors: range(10).map((i) => juror(i)), applications, perApplication: 3 })
		for (const a of applications) {
			const assigned = jurorsOf(plan, a.id)
			expect(assigned).toHaveLength(3)
			expect(new Set(assigned).size).toBe(3)
		}
		expect(plan.short).toEqual([])
		expect(plan.assignments.every((p) => p.status === 'new')).toBe(true)
		expect(plan.solver.method).toBe('lp')
	})

	test('perApplication defaults to 3', async () => {
		const plan = await planAssignment({ jurors: range(5).map((i) => juror(i)), applications: [dossier(0)] })
		expect(jurorsOf(plan, 'a000')).toHaveLength(3)
	})

	test('a conflicted pair is never assigned, and the dossiers are still complete', async () => {
		const jurors = range(6).map((i) => juror(i))
		const applications = range(24).map((i) => dossier(i))
		// Each dossier is forbidden to two jurors (rotating): four remain for three seats.
		const forbidden = applications.flatMap((a, i) => [{ jurorId: jurors[i % 6]!.id, applicationId: a.id }, { jurorId: jurors[(i + 1) % 6]!.id, applicationId: a.id }])
		const plan = await planAssignment({ jurors, applications, forbidden })
		const banned = new Set(forbidden.map(pairKey))
		expect(plan.assignments.filter((p) => banned.has(pairKey(p)))).toEqual([])
		expect(plan.short).toEqual([])
		expect(plan.assignments).toHaveLength(72)
	})

	test('each juror’s maximum is respected; the others take the rest', async () => {
		const jurors = [juror(0, { maxLoad: 2 }), juror(1, { maxLoad: 5 }), juror(2), juror(3), juror(4)]
		const plan = await planAssignment({ jurors, applications: range(20).map((i) => dossier(i)), perApplication: 3 })
		expect(loadOf(plan, 'j00')).toBe(2)
		expect(loadOf(plan, 'j01')).toBe(5)
		// 60 seats − 7 = 53 over three jurors without a maximum: 17 or 18 each.
		for (const id of ['j02', 'j03', 'j04']) expect([17, 18]).toContain(loadOf(plan, id))
		expect(plan.short).toEqual([])
	})

	test('without other constraints, the most and least loaded jurors differ by at most 1', async () => {
		const plan = await planAssignment({ jurors: range(7).map((i) => juror(i)), applications: range(20).map((i) => dossier(i)), perApplication: 3 })
		expect(spread(plan)).toBeLessThanOrEqual(1)
		expect(plan.loads.map((l) => l.load).sort()).toEqual([8, 8, 8, 9, 9, 9, 9])
	})

	test('loads stay within 1 when most jurors are at their maximum and a few take far more than the mean', async () => {
		const jurors = [...range(6).map((i) => juror(i, { maxLoad: 1 })), juror(6), juror(7)]
		const applications = range(40).map((i) => dossier(i, { themeIds: [i % 2 ? 'sport' : 'culture'] }))
		const plan = await planAssignment({ jurors: jurors.map((j, i) => ({ ...j, themeIds: [i === 6 ? 'sport' : 'culture'] })), applications, perApplication: 2 })
		// 80 seats − 6 = 74 for the two jurors without a maximum: 37 each.
		expect([loadOf(plan, 'j06'), loadOf(plan, 'j07')]).toEqual([37, 37])
	})

	test('the balanced level pours the seats over the maxima', () => {
		expect(balancedLevel([10, 10, 10], 30)).toBe(10)
		expect(balancedLevel([1, 1, 1, 1, 1, 1, 40, 40], 80)).toBe(37)
		expect(balancedLevel([2, 0, 3], 100)).toBe(3)
	})

	test('themes never unbalance loads: a theme known by two jurors only still spreads by at most 1', async () => {
		const jurors = range(6).map((i) => juror(i, { themeIds: i < 2 ? ['sport'] : ['culture'] }))
		const plan = await planAssignment({ jurors, applications: range(18).map((i) => dossier(i, { themeIds: ['sport'] })), perApplication: 2 })
		expect(spread(plan)).toBeLessThanOrEqual(1)
	})

	test('theme expertise is preferred when loads allow', async () => {
		const jurors = range(6).map((i) => juror(i, { themeIds: [i < 3 ? 'sport' : 'culture'] }))
		const applications = range(12).map((i) => dossier(i, { themeIds: [i < 6 ? 'sport' : 'culture'] }))
		const plan = await planAssignment({ jurors, applications, perApplication: 3 })
		expect(plan.assignments).toHaveLength(36)
		expect(plan.assignments.filter((p) => !p.themeMatch)).toEqual([])
		expect(jurorsOf(plan, 'a000').sort()).toEqual(['j00', 'j01', 'j02'])
	})

	test('a re-run after a juror leaves keeps every other pair and only fills the gaps', async () => {
		const jurors = range(8).map((i) => juror(i, { themeIds: [i % 2 ? 'sport' : 'culture'] }))
		const applications = range(20).map((i) => dossier(i, { themeIds: [i % 3 ? 'sport' : 'culture'] }))
		const first = await planAssignment({ jurors, applications })
		const leaving = 'j03'
		const leftBehind = first.assignments.filter((p) => p.jurorId === leaving)
		expect(leftBehind.length).toBeGreaterThan(0)

		const second = await planAssignment({ jurors: jurors.filter((j) => j.id !== leaving), applications, existing: first.assignments })
		const before = new Set(first.assignments.filter((p) => p.jurorId !== leaving).map(pairKey))
		const kept = second.assignments.filter((p) => p.status === 'kept')
		expect(new Set(kept.map(pairKey))).toEqual(before)
		const added = second.assignments.filter((p) => p.status === 'new')
		expect(added.map((p) => p.applicationId).sort()).toEqual(leftBehind.map((p) => p.applicationId).sort())
		expect(second.removed).toEqual(leftBehind.map((p) => ({ jurorId: p.jurorId, applicationId: p.applicationId, reason: 'le juré ne fait plus partie du jury' })))
		expect(second.short).toEqual([])
		for (const l of second.loads) expect(l.added + l.kept).toBe(l.load)
	})

	test('a re-run with nothing changed changes nothing', async () => {
		const input = { jurors: range(5).map((i) => juror(i)), applications: range(10).map((i) => dossier(i)) }
		const first = await planAssignment(input)
		const second = await planAssignment({ ...input, existing: first.assignments })
		expect(second.assignments.every((p) => p.status === 'kept')).toBe(true)
		expect(second.assignments).toHaveLength(first.assignments.length)
		expect(second.removed).toEqual([])
	})

	test('an existing pair now in conflict is removed with its reason and replaced', async () => {
		const input = { jurors: range(5).map((i) => juror(i)), applications: range(5).map((i) => dossier(i)) }
		const first = await planAssignment(input)
		const victim = first.assignments[0]!
		const second = await planAssignment({ ...input, existing: first.assignments, forbidden: [victim] })
		expect(second.removed).toEqual([{ jurorId: victim.jurorId, applicationId: victim.applicationId, reason: 'conflit d’intérêts' }])
		expect(jurorsOf(second, victim.applicationId)).toHaveLength(3)
		expect(jurorsOf(second, victim.applicationId)).not.toContain(victim.jurorId)
	})

	test('a juror with a maximum of 0 gets nothing; a pair of a dossier no longer judged is removed', async () => {
		const jurors = [juror(0, { maxLoad: 0 }), ...range(3).map((i) => juror(i + 1))]
		const plan = await planAssignment({ jurors, applications: [dossier(0)], existing: [{ jurorId: 'j01', applicationId: 'a999' }] })
		expect(loadOf(plan, 'j00')).toBe(0)
		expect(jurorsOf(plan, 'a000').sort()).toEqual(['j01', 'j02', 'j03'])
		expect(plan.removed).toEqual([{ jurorId: 'j01', applicationId: 'a999', reason: 'le dossier n’est plus à évaluer' }])
	})

	test('the group rule puts at least one juror of the kind on every dossier', async () => {
		// Two practitioners among nine jurors: balance alone would leave most dossiers without one.
		const jurors = range(9).map((i) => juror(i, { kind: i < 2 ? 'praticien' : 'expert' }))
		const applications = range(12).map((i) => dossier(i))
		const withoutRule = await planAssignment({ jurors, applications })
		const practitioners = (plan: AssignmentPlan, a: string) => jurorsOf(plan, a).filter((id) => id === 'j00' || id === 'j01').length
		expect(applications.filter((a) => practitioners(withoutRule, a.id) === 0).length).toBeGreaterThan(0)

		const plan = await planAssignment({ jurors, applications, groupRule: { kind: 'praticien', atLeast: 1 } })
		for (const a of applications) expect(practitioners(plan, a.id)).toBeGreaterThanOrEqual(1)
		expect(plan.groupShort).toEqual([])
		expect(plan.short).toEqual([])
	})

	test('when the group rule cannot be met, the dossier is named with the reason', async () => {
		const jurors = range(5).map((i) => juror(i, { kind: i === 0 ? 'praticien' : 'expert' }))
		const plan = await planAssignment({
			jurors,
			applications: range(3).map((i) => dossier(i)),
			forbidden: [{ jurorId: 'j00', applicationId: 'a001' }],
			groupRule: { kind: 'praticien', atLeast: 1, label: 'praticien associatif' },
		})
		expect(plan.groupShort).toEqual([{ applicationId: 'a001', reason: 'aucun juré « praticien associatif » : ils sont tous en conflit avec ce dossier' }])
		expect(jurorsOf(plan, 'a000')).toContain('j00')
		expect(jurorsOf(plan, 'a002')).toContain('j00')
	})

	describe('dossiers short of jurors, with the reason', () => {
		test('a jury too small', async () => {
			const plan = await planAssignment({ jurors: range(2).map((i) => juror(i)), applications: [dossier(0)] })
			expect(plan.short).toEqual([{ applicationId: 'a000', assigned: 2, wanted: 3, reason: '2 jurés sur 3 : le jury ne compte que 2 jurés' }])
		})

		test('the other jurors are in conflict', async () => {
			const forbidden = ['j02', 'j03'].map((jurorId) => ({ jurorId, applicationId: 'a000' }))
			const plan = await planAssignment({ jurors: range(4).map((i) => juror(i)), applications: [dossier(0), dossier(1)], forbidden })
			expect(plan.short).toEqual([{ applicationId: 'a000', assigned: 2, wanted: 3, reason: '2 jurés sur 3 : tous les autres jurés sont en conflit avec ce dossier' }])
			expect(jurorsOf(plan, 'a001')).toHaveLength(3)
		})

		test('the other jurors are at their maximum', async () => {
			const plan = await planAssignment({ jurors: range(4).map((i) => juror(i, { maxLoad: 1 })), applications: [dossier(0), dossier(1)] })
			// Four seats for six: one dossier gets 3 and the other 1, or both 2.
			const short = plan.short.map((s) => s.reason)
			expect(plan.assignments).toHaveLength(4)
			expect(short.length).toBeGreaterThan(0)
			for (const reason of short) expect(reason).toMatch(/^\d jurés? sur 3 : tous les autres jurés sont à leur maximum$/)
		})

		test('some in conflict, the others at their maximum', async () => {
			const jurors = [juror(0), juror(1), juror(2, { maxLoad: 1 }), juror(3, { maxLoad: 1 })]
			const forbidden = [{ jurorId: 'j01', applicationId: 'a000' }]
			const plan = await planAssignment({ jurors, applications: [dossier(0), dossier(1), dossier(2)], forbidden })
			const a0 = plan.short.find((s) => s.applicationId === 'a000')
			expect(a0?.reason).toMatch(/^\d jurés? sur 3 : tous les autres sont en conflit \(1\) ou à leur maximum \(\d\)$/)
			expect(plan.assignments.filter((p) => p.jurorId === 'j01' && p.applicationId === 'a000')).toEqual([])
		})

		test('a maximum lowered below the kept load removes pairs with that reason', async () => {
			const input = { jurors: range(4).map((i) => juror(i)), applications: range(4).map((i) => dossier(i)) }
			const first = await planAssignment(input)
			const jurors = input.jurors.map((j) => (j.id === 'j00' ? { ...j, maxLoad: 1 } : j))
			const second = await planAssignment({ ...input, jurors, existing: first.assignments })
			expect(loadOf(second, 'j00')).toBe(1)
			expect(second.removed.length).toBe(loadOf(first, 'j00') - 1)
			for (const r of second.removed) expect(r).toMatchObject({ jurorId: 'j00', reason: 'au-delà du maximum du juré (1 dossier)' })
		})
	})

	test('the same input, in any order, gives the same plan', async () => {
		const jurors = range(12).map((i) => juror(i, { themeIds: [`t${i % 4}`], maxLoad: i % 3 ? null : 8, kind: i % 4 ? 'expert' : 'praticien' }))
		const applications = range(40).map((i) => dossier(i, { themeIds: [`t${i % 5}`] }))
		const forbidden = range(15).map((i) => ({ jurorId: jurors[(i * 7) % 12]!.id, applicationId: applications[(i * 11) % 40]!.id }))
		const input = { jurors, applications, forbidden, groupRule: { kind: 'praticien', atLeast: 1 } }
		const strip = ({ solver: _solver, ...plan }: AssignmentPlan) => plan
		const first = strip(await planAssignment(input))
		expect(strip(await planAssignment(input))).toEqual(first)
		expect(strip(await planAssignment({ ...input, jurors: [...jurors].reverse(), applications: [...applications].reverse(), forbidden: [...forbidden].reverse() }))).toEqual(first)
	})
})
