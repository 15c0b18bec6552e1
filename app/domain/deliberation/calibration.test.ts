import { describe, expect, test } from 'vitest'
import { calibrate, DEFAULT_DISAGREEMENT_THRESHOLD, DEFAULT_SHRINKAGE, MIN_SHRINKAGE, type ScoredEvaluation } from './calibration.ts'
import { seededNormal, seededRandom } from './random.ts'

const dossier = (i: number) => `a${String(i).padStart(3, '0')}`
const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const clamp = (x: number) => Math.min(100, Math.max(0, x))

/** Evaluations from a true quality per dossier, an offset per juror and seeded noise (σ `noise`). */
function simulate(panels: Record<string, string[]>, quality: Record<string, number>, offsets: Record<string, number>, { noise = 4, seed = 7 } = {}): ScoredEvaluation[] {
	const normal = seededNormal(seededRandom(seed))
	return Object.entries(panels).flatMap(([applicationId, jurors]) =>
		jurors.map((jurorId) => ({ applicationId, jurorId, score: clamp(quality[applicationId]! + (offsets[jurorId] ?? 0) + noise * normal()) })),
	)
}

const offsetOf = (calibration: ReturnType<typeof calibrate>, jurorId: string) => calibration.jurors.find((j) => j.jurorId === jurorId)!.offset
const scoreOf = (calibration: ReturnType<typeof calibrate>, applicationId: string) => calibration.dossiers.find((d) => d.applicationId === applicationId)!
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length

describe('calibrate', () => {
	test('a lenient and a harsh juror scoring the same dossiers are brought together', () => {
		const ids = range(10).map(dossier)
		const quality = Object.fromEntries(ids.map((id, i) => [id, 40 + 4 * i]))
		const panels = Object.fromEntries(ids.map((id) => [id, ['fair', 'lenient', 'harsh']]))
		const calibration = calibrate(ids, simulate(panels, quality, { lenient: 15, harsh: -15 }))

		expect(offsetOf(calibration, 'lenient')).toBeGreaterThan(10)
		expect(offsetOf(calibration, 'harsh')).toBeLessThan(-10)
		expect(Math.abs(offsetOf(calibration, 'fair'))).toBeLessThan(3)
		const gap = (kind: 'raw' | 'calibrated') =>
			mean(calibration.dossiers.map((d) => d.scores.find((s) => s.jurorId === 'lenient')![kind] - d.scores.find((s) => s.jurorId === 'harsh')![kind]))
		expect(gap('raw')).toBeGreaterThan(25)
		expect(Math.abs(gap('calibrated'))).toBeLessThan(8)
		expect(calibration.model.source).toBe('estimated')
	})

	test('equal dossiers, half read by a lenient juror and half by a harsh one, come out nearly equal once calibrated', () => {
		const ids = range(12).map(dossier)
		const quality = Object.fromEntries(ids.map((id) => [id, 60]))
		const panels = Object.fromEntries(ids.map((id, i) => [id, ['fair1', 'fair2', i < 6 ? 'lenient' : 'harsh']]))
		const calibration = calibrate(ids, simulate(panels, quality, { lenient: 15, harsh: -15 }, { noise: 3 }))
		const groupMean = (kind: 'raw' | 'calibrated', from: number, to: number) => mean(ids.slice(from, to).map((id) => scoreOf(calibration, id)[kind]!))
		// Raw: a third of the 30-point gap between the two jurors.
		expect(groupMean('raw', 0, 6) - groupMean('raw', 6, 12)).toBeGreaterThan(8)
		expect(Math.abs(groupMean('calibrated', 0, 6) - groupMean('calibrated', 6, 12))).toBeLessThan(3)
	})

	test('a juror with a single dossier is shrunk toward a zero offset; one who scores as high on many dossiers is not', () => {
		const jurors = ['j1', 'j2', 'j3', 'j4', 'j5']
		const ids = range(20).map(dossier)
		const quality = Object.fromEntries(ids.map((id, i) => [id, 30 + 2 * i]))
		const panels = Object.fromEntries(ids.map((id, i) => [id, [jurors[i % 5]!, jurors[(i + 1) % 5]!, jurors[(i + 2) % 5]!]]))
		for (let i = 0; i < 8; i++) panels[ids[i]!]!.push('steady')
		panels[ids[10]!]!.push('newcomer')
		const calibration = calibrate(ids, simulate(panels, quality, { steady: 20, newcomer: 20 }, { noise: 3 }))

		const newcomer = offsetOf(calibration, 'newcomer')
		const steady = offsetOf(calibration, 'steady')
		// The newcomer scored 20 points above the others: most of it is taken for noise.
		expect(newcomer).toBeGreaterThan(0)
		expect(newcomer).toBeLessThan(10)
		// The steady juror's 8 dossiers keep most of it.
		expect(steady).toBeGreaterThan(12)
		expect(newcomer).toBeLessThan(steady / 2)
		expect(calibration.jurors.find((j) => j.jurorId === 'newcomer')!.evaluations).toBe(1)
	})

	test('with no juror effect, calibrated ≈ raw', () => {
		const jurors = range(8).map((j) => `j${j}`)
		const ids = range(40).map(dossier)
		const quality = Object.fromEntries(ids.map((id, i) => [id, 20 + ((i * 37) % 60)]))
		const panels = Object.fromEntries(ids.map((id, i) => [id, [jurors[i % 8]!, jurors[(i + 3) % 8]!, jurors[(i + 5) % 8]!]]))
		const calibration = calibrate(ids, simulate(panels, quality, {}, { noise: 6 }))
		for (const d of calibration.dossiers) expect(Math.abs(d.calibrated! - d.raw!)).toBeLessThan(1.5)
		for (const j of calibration.jurors) expect(Math.abs(j.offset)).toBeLessThan(1.5)
	})

	test('a juror effect of a known size is found, and the offsets of linked jurors sum to 0', () => {
		const jurors = range(10).map((j) => `j${j}`)
		const truth = Object.fromEntries(jurors.map((j, i) => [j, (i - 4.5) * 3]))
		// 90 dossiers per juror: each offset is known within about σ/5 = 1 point.
		const ids = range(300).map(dossier)
		const quality = Object.fromEntries(ids.map((id, i) => [id, 35 + ((i * 13) % 40)]))
		const panels = Object.fromEntries(ids.map((id, i) => [id, [jurors[i % 10]!, jurors[(i + 1) % 10]!, jurors[(i + 4) % 10]!]]))
		const calibration = calibrate(ids, simulate(panels, quality, truth, { noise: 5 }))
		for (const j of jurors) expect(Math.abs(offsetOf(calibration, j) - truth[j]!)).toBeLessThan(2.5)
		expect(Math.abs(calibration.jurors.reduce((s, j) => s + j.offset, 0))).toBeLessThan(1e-9)
		expect(calibration.model.noiseSd).toBeGreaterThan(3)
		expect(calibration.model.noiseSd).toBeLessThan(7)
	})

	test('raw mean, count and spread per dossier; disagreement strictly above the threshold', () => {
		const evaluations: ScoredEvaluation[] = [
			{ applicationId: 'split', jurorId: 'j1', score: 40 },
			{ applicationId: 'split', jurorId: 'j2', score: 70 },
			{ applicationId: 'split', jurorId: 'j3', score: 55 },
			{ applicationId: 'edge', jurorId: 'j1', score: 50 },
			{ applicationId: 'edge', jurorId: 'j2', score: 75 },
			{ applicationId: 'close', jurorId: 'j2', score: 62 },
			{ applicationId: 'close', jurorId: 'j3', score: 58 },
			{ applicationId: 'decimals', jurorId: 'j1', score: 50.2 },
			{ applicationId: 'decimals', jurorId: 'j3', score: 25.2 },
		]
		const calibration = calibrate(['split', 'edge', 'close', 'decimals'], evaluations)
		expect(calibration.disagreementThreshold).toBe(DEFAULT_DISAGREEMENT_THRESHOLD)
		expect(scoreOf(calibration, 'split')).toMatchObject({ evaluations: 3, raw: 55, spread: 30, disagreement: true })
		expect(scoreOf(calibration, 'edge')).toMatchObject({ evaluations: 2, raw: 62.5, spread: 25, disagreement: false })
		expect(scoreOf(calibration, 'close')).toMatchObject({ evaluations: 2, raw: 60, spread: 4, disagreement: false })
		expect(scoreOf(calibration, 'decimals')).toMatchObject({ spread: 25, disagreement: false })
		const strict = calibrate(['split', 'edge', 'close'], evaluations, { disagreementThreshold: 3 })
		expect(strict.dossiers.map((d) => d.disagreement)).toEqual([true, true, true])
	})

	test('too few jurors to estimate: the default shrinkage; a fixed one is used as given', () => {
		const evaluations: ScoredEvaluation[] = [
			{ applicationId: 'a', jurorId: 'j1', score: 70 },
			{ applicationId: 'a', jurorId: 'j2', score: 50 },
		]
		const byDefault = calibrate(['a'], evaluations)
		expect(byDefault.model).toMatchObject({ shrinkage: DEFAULT_SHRINKAGE, source: 'default' })
		// (G + λI) b = r with G = [[½, −½], [−½, ½]], r = (10, −10): b = ±10 / (1 + λ).
		expect(offsetOf(byDefault, 'j1')).toBeCloseTo(10 / (1 + DEFAULT_SHRINKAGE), 9)
		const fixed = calibrate(['a'], evaluations, { shrinkage: MIN_SHRINKAGE })
		expect(fixed.model.source).toBe('fixed')
		expect(offsetOf(fixed, 'j1')).toBeCloseTo(5, 9)
		expect(() => calibrate(['a'], evaluations, { shrinkage: 0 })).toThrow()
	})

	test('empty input, a dossier without any evaluation, evaluations of other dossiers ignored', () => {
		const empty = calibrate([], [])
		expect(empty.dossiers).toEqual([])
		expect(empty.jurors).toEqual([])
		expect(empty.model).toMatchObject({ source: 'default', noiseSd: null, offsetSd: null })

		const calibration = calibrate(
			['scored', 'unscored'],
			[
				{ applicationId: 'scored', jurorId: 'j1', score: 64 },
				{ applicationId: 'elsewhere', jurorId: 'j2', score: 10 },
			],
		)
		expect(scoreOf(calibration, 'unscored')).toEqual({ applicationId: 'unscored', evaluations: 0, raw: null, calibrated: null, spread: null, disagreement: false, scores: [] })
		// One evaluation alone says nothing about its juror: calibrated = raw.
		expect(scoreOf(calibration, 'scored')).toMatchObject({ evaluations: 1, raw: 64, calibrated: 64, spread: 0 })
		expect(calibration.jurors.map((j) => j.jurorId)).toEqual(['j1'])
	})

	test('the order of the evaluations does not change the result; a bad score or a duplicate is a bug', () => {
		const ids = range(15).map(dossier)
		const quality = Object.fromEntries(ids.map((id, i) => [id, 30 + 3 * i]))
		const panels = Object.fromEntries(ids.map((id, i) => [id, [`j${i % 5}`, `j${(i + 1) % 5}`, `j${(i + 2) % 5}`]]))
		const evaluations = simulate(panels, quality, { j0: 8, j3: -6 })
		const shuffled = [...evaluations].reverse()
		expect(calibrate(ids, shuffled)).toEqual(calibrate(ids, evaluations))
		expect(() => calibrate(['a'], [{ applicationId: 'a', jurorId: 'j', score: 101 }])).toThrow()
		expect(() => calibrate(['a'], [{ applicationId: 'a', jurorId: 'j', score: Number.NaN }])).toThrow()
		expect(() =>
			calibrate(
				['a'],
				[
					{ applicationId: 'a', jurorId: 'j', score: 50 },
					{ applicationId: 'a', jurorId: 'j', score: 60 },
				],
			),
		).toThrow()
	})

	test('a calibrated score stays within 0–100', () => {
		const evaluations: ScoredEvaluation[] = [
			...range(6).map((i) => ({ applicationId: dossier(i), jurorId: 'harsh', score: 20 + 5 * i })),
			...range(6).map((i) => ({ applicationId: dossier(i), jurorId: 'fair', score: 60 + 5 * i })),
			...range(6).map((i) => ({ applicationId: dossier(i), jurorId: 'other', score: 62 + 5 * i })),
			{ applicationId: 'top', jurorId: 'harsh', score: 100 },
		]
		const calibration = calibrate([...range(6).map(dossier), 'top'], evaluations)
		expect(scoreOf(calibration, 'top').calibrated).toBe(100)
	})
})
