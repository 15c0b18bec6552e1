import { describe, expect, test } from 'vitest'
import { calibrate, type ScoredEvaluation } from './calibration.ts'
import { seededNormal, seededRandom } from './random.ts'
import { drawLots, fundingLine, rankCall, rankDossiers, type RankedDossier } from './ranking.ts'

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const dossier = (i: number) => `a${String(i).padStart(3, '0')}`

/** Each dossier scored by three jurors with the given scores. */
function scored(rows: Record<string, number[]>): { ids: string[]; evaluations: ScoredEvaluation[] } {
	const ids = Object.keys(rows)
	const evaluations = ids.flatMap((applicationId) => rows[applicationId]!.map((score, j) => ({ applicationId, jurorId: `j${j}`, score })))
	return { ids, evaluations }
}
const rankRaw = (rows: Record<string, number[]>, seed?: number) => {
	const { ids, evaluations } = scored(rows)
	return rankDossiers(calibrate(ids, evaluations), { by: 'raw', seed })
}
const row = (ranking: readonly RankedDossier[], id: string) => ranking.find((r) => r.applicationId === id)!
const width = (r: RankedDossier) => r.interval!.high - r.interval!.low
const amounts = (entries: Record<string, number>) => new Map(Object.entries(entries))

describe('rankDossiers', () => {
	test('ranks by the chosen score, best first; ties share a rank and the next rank skips (1, 2, 2, 4)', () => {
		const ranking = rankRaw({ c: [70, 70, 70], a: [90, 90, 90], d: [60, 60, 60], b: [70, 70, 70] })
		expect(ranking.map((r) => [r.applicationId, r.rank])).toEqual([
			['a', 1],
			['b', 2],
			['c', 2],
			['d', 4],
		])
		// Without any spread anywhere, nothing moves: the intervals are the ranks (the tied ones share theirs).
		expect(ranking.map((r) => r.interval)).toEqual([
			{ low: 1, high: 1 },
			{ low: 2, high: 2 },
			{ low: 2, high: 2 },
			{ low: 4, high: 4 },
		])
	})

	test('means computed in a different order still tie', () => {
		const ranking = rankRaw({ x: [10.1, 20.2, 30.3], y: [30.3, 20.2, 10.1] })
		expect(ranking.map((r) => r.rank)).toEqual([1, 1])
	})

	test('ranks by raw or calibrated as asked', () => {
		// The lenient juror reads only "boosted": raw puts it first, calibration puts it back.
		const evaluations: ScoredEvaluation[] = [
			...range(8).flatMap((i) => [
				{ applicationId: dossier(i), jurorId: 'fair1', score: 50 + i },
				{ applicationId: dossier(i), jurorId: 'fair2', score: 51 + i },
				{ applicationId: dossier(i), jurorId: 'lenient', score: 75 + i },
			]),
			{ applicationId: 'boosted', jurorId: 'fair1', score: 56 },
			{ applicationId: 'boosted', jurorId: 'fair2', score: 57 },
			{ applicationId: 'boosted', jurorId: 'lenient', score: 99 },
			...range(8).flatMap((i) => [
				{ applicationId: `plain${i}`, jurorId: 'fair1', score: 60 + i },
				{ applicationId: `plain${i}`, jurorId: 'fair2', score: 61 + i },
				{ applicationId: `plain${i}`, jurorId: 'fair3', score: 62 + i },
			]),
		]
		const ids = [...range(8).map(dossier), 'boosted', ...range(8).map((i) => `plain${i}`)]
		const calibration = calibrate(ids, evaluations)
		const raw = rankDossiers(calibration, { by: 'raw' })
		const calibrated = rankDossiers(calibration, { by: 'calibrated' })
		expect(row(raw, 'boosted').rank).toBe(1)
		expect(row(raw, 'boosted').score).toBeCloseTo(calibration.dossiers.find((d) => d.applicationId === 'boosted')!.raw!, 5)
		expect(row(calibrated, 'boosted').rank).toBeGreaterThan(1)
		expect(row(calibrated, 'boosted').score).toBeCloseTo(calibration.dossiers.find((d) => d.applicationId === 'boosted')!.calibrated!, 5)
	})

	test('every interval contains the point rank; a dossier on which jurors disagree gets a wider one', () => {
		const rows: Record<string, number[]> = {}
		const normal = seededNormal(seededRandom(3))
		for (let i = 0; i < 40; i++) rows[dossier(i)] = range(3).map(() => Math.min(100, Math.max(0, 30 + i + 4 * normal())))
		rows.consensus = [50, 50, 50]
		rows.split = [20, 50, 80]
		const ranking = rankRaw(rows)
		for (const r of ranking) {
			expect(r.interval!.low).toBeLessThanOrEqual(r.rank!)
			expect(r.interval!.high).toBeGreaterThanOrEqual(r.rank!)
		}
		expect(row(ranking, 'consensus').score).toBe(row(ranking, 'split').score)
		expect(width(row(ranking, 'split'))).toBeGreaterThan(2 * width(row(ranking, 'consensus')))
	})

	test('intervals widen as the jurors of a dossier disagree more', () => {
		const base: Record<string, number[]> = Object.fromEntries(range(30).map((i) => [dossier(i), [40 + i, 41 + i, 42 + i]]))
		const widthWith = (spread: number) => width(row(rankRaw({ ...base, probe: [55 - spread, 55, 55 + spread] }), 'probe'))
		expect(widthWith(10)).toBeGreaterThan(widthWith(0))
		expect(widthWith(30)).toBeGreaterThan(widthWith(10))
	})

	test('the same seed gives the same intervals', () => {
		const normal = seededNormal(seededRandom(11))
		const rows = Object.fromEntries(range(25).map((i) => [dossier(i), range(3).map(() => 50 + 10 * normal())]))
		expect(rankRaw(rows, 5)).toEqual(rankRaw(rows, 5))
	})

	test('empty input, and a dossier without any evaluation ranked after the others without a rank', () => {
		expect(rankDossiers(calibrate([], []), { by: 'calibrated' })).toEqual([])
		const calibration = calibrate(['a', 'none', 'b'], [{ applicationId: 'a', jurorId: 'j', score: 40 }, { applicationId: 'b', jurorId: 'j', score: 60 }])
		const ranking = rankDossiers(calibration, { by: 'calibrated' })
		expect(ranking.map((r) => r.applicationId)).toEqual(['b', 'a', 'none'])
		expect(row(ranking, 'none')).toEqual({ applicationId: 'none', score: null, rank: null, interval: null })
		// A single evaluation per dossier: the fallback noise still gives an interval.
		expect(row(ranking, 'a').interval).toEqual({ low: 1, high: 2 })
	})
})

describe('fundingLine', () => {
	// Clear, consensual scores: every interval is the rank itself.
	const clear = rankRaw({ a: [90, 90, 90], b: [80, 80, 80], c: [70, 70, 70], d: [60, 60, 60], e: [50, 50, 50] })

	test('funds down the ranking while the envelope allows, and stops at the first dossier that does not fit', () => {
		const line = fundingLine(clear, amounts({ a: 10_000, b: 10_000, c: 10_000, d: 4_000, e: 1_000 }), 25_000)
		expect(line.rows.map((r) => [r.applicationId, r.cumulative, r.funded])).toEqual([
			['a', 10_000, true],
			['b', 20_000, true],
			['c', 30_000, false],
			['d', 34_000, false],
			['e', 35_000, false],
		])
		expect(line).toMatchObject({ envelope: 25_000, used: 20_000, remaining: 5_000, line: 2 })
		expect(line.rows.every((r) => !r.onTheLine)).toBe(true)
	})

	test('an envelope that covers everything: all funded, no line to cross', () => {
		const line = fundingLine(clear, amounts({ a: 1, b: 1, c: 1, d: 1, e: 1 }), 5)
		expect(line.rows.every((r) => r.funded && !r.onTheLine)).toBe(true)
		expect(line).toMatchObject({ used: 5, remaining: 0, line: 5 })
	})

	test('dossiers whose interval crosses the line are « à départager », the others not', () => {
		const rows: Record<string, number[]> = {
			top: [95, 96, 94],
			high: [88, 89, 87],
			nearAbove: [70, 45, 95],
			nearBelow: [69, 44, 94],
			low: [30, 31, 29],
			bottom: [20, 21, 19],
		}
		const ranking = rankRaw(rows)
		const line = fundingLine(ranking, amounts(Object.fromEntries(Object.keys(rows).map((id) => [id, 10_000]))), 30_000)
		expect(line.line).toBe(3)
		const flags = Object.fromEntries(line.rows.map((r) => [r.applicationId, [r.funded, r.onTheLine]]))
		expect(flags).toEqual({
			top: [true, false],
			high: [true, false],
			nearAbove: [true, true],
			nearBelow: [false, true],
			low: [false, false],
			bottom: [false, false],
		})
	})

	test('two dossiers tied at the line are both « à départager »', () => {
		const ranking = rankRaw({ a: [90, 90, 90], b: [70, 70, 70], c: [70, 70, 70], d: [50, 50, 50] })
		const line = fundingLine([...ranking].reverse(), amounts({ a: 10, b: 10, c: 10, d: 10 }), 20)
		expect(line.rows.map((r) => [r.applicationId, r.funded, r.onTheLine])).toEqual([
			['a', true, false],
			['b', true, true],
			['c', false, true],
			['d', false, false],
		])
	})

	test('a dossier without any evaluation is never funded nor « à départager »; a missing amount is a bug', () => {
		const ranking = rankDossiers(calibrate(['a', 'none'], [{ applicationId: 'a', jurorId: 'j', score: 50 }]), { by: 'raw' })
		const line = fundingLine(ranking, amounts({ a: 10, none: 10 }), 1_000)
		expect(line.rows.find((r) => r.applicationId === 'none')).toMatchObject({ funded: false, onTheLine: false })
		expect(line.used).toBe(10)
		expect(() => fundingLine(ranking, amounts({ a: 10 }), 1_000)).toThrow()
		expect(fundingLine([], new Map(), 500)).toEqual({ rows: [], envelope: 500, used: 0, remaining: 500, line: 0 })
	})
})

describe('drawLots', () => {
	// Five close dossiers in the middle, all « à départager » around a line after the 4th.
	const rows: Record<string, number[]> = {
		sure1: [97, 98, 96],
		sure2: [93, 94, 92],
		...Object.fromEntries(range(5).map((i) => [`close${i}`, [60 + i / 2 - 20, 60 + i / 2, 60 + i / 2 + 20]])),
		out: [10, 11, 9],
	}
	const line = fundingLine(rankRaw(rows), amounts(Object.fromEntries(Object.keys(rows).map((id) => [id, 10_000]))), 40_000)

	test('the lottery is reproducible from its seed and only picks among « à départager »', () => {
		const candidates = line.rows.filter((r) => r.onTheLine).map((r) => r.applicationId)
		expect([...candidates].sort()).toEqual(['close0', 'close1', 'close2', 'close3', 'close4'])

		const lottery = drawLots(line, 123_456)
		expect(drawLots(line, 123_456)).toEqual(lottery)
		expect([...lottery.order].sort()).toEqual([...candidates].sort())
		// The two sure dossiers are funded outside the draw; the rest of the envelope goes by lot.
		expect(lottery.budget).toBe(20_000)
		expect(lottery.funded).toEqual(lottery.order.slice(0, 2))
		expect(lottery.funded.every((id) => candidates.includes(id))).toBe(true)

		const orders = new Set(range(10).map((seed) => drawLots(line, seed).order.join()))
		expect(orders.size).toBeGreaterThan(1)
	})

	test('the draw does not depend on the order of the rows', () => {
		const reversed = { ...line, rows: [...line.rows].reverse() }
		expect(drawLots(reversed, 99)).toEqual(drawLots(line, 99))
		expect(() => drawLots(line, -1)).toThrow()
		expect(() => drawLots(line, 1.5)).toThrow()
	})

	test('no dossier « à départager »: nothing to draw', () => {
		const clear = fundingLine(rankRaw({ a: [90, 90, 90], b: [50, 50, 50] }), amounts({ a: 10, b: 10 }), 10)
		expect(drawLots(clear, 1)).toEqual({ seed: 1, budget: 0, order: [], funded: [] })
	})
})

describe('rankCall', () => {
	test('on a seeded call with lenient and harsh jurors, the calibrated ranking is closer to the true quality than the raw one', () => {
		const uniform = seededRandom(42)
		const normal = seededNormal(uniform)
		const jurors = range(12).map((j) => ({ id: `j${j}`, offset: 8 * normal() }))
		const quality = range(60).map(() => 55 + 12 * normal())
		const evaluations = quality.flatMap((q, i) => {
			const panel = new Set<number>()
			while (panel.size < 3) panel.add(Math.floor(uniform() * jurors.length))
			return [...panel].map((j) => ({ applicationId: dossier(i), jurorId: jurors[j]!.id, score: Math.min(100, Math.max(0, q + jurors[j]!.offset + 5 * normal())) }))
		})
		const ids = range(60).map(dossier)
		const truth = new Map(ids.map((id, i) => [id, quality[i]!]))
		// Spearman-like distance: the sum of |rank − true rank|.
		const trueRank = new Map([...ids].sort((a, b) => truth.get(b)! - truth.get(a)!).map((id, i) => [id, i + 1]))
		const distance = (ranking: RankedDossier[]) => ranking.reduce((s, r) => s + Math.abs(r.rank! - trueRank.get(r.applicationId)!), 0)

		const raw = rankCall({ applicationIds: ids, evaluations, by: 'raw' })
		const calibrated = rankCall({ applicationIds: ids, evaluations, by: 'calibrated', funding: { amounts: new Map(ids.map((id) => [id, 1_000])), envelope: 20_000 } })
		expect(distance(calibrated.ranking)).toBeLessThan(0.8 * distance(raw.ranking))
		expect(calibrated.funding).toMatchObject({ line: 20, used: 20_000 })
		expect(raw.funding).toBeNull()
	})
})
