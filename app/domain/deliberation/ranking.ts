/**
 * The deliberation's ranking (issue 9): ranks by the raw or the calibrated score, an
 * uncertainty interval for each rank, the funding line against the envelope, and the
 * lottery among the dossiers « à départager ». Pure (no database); see calibration.ts for
 * the scores and docs/decisions/017-deliberation-calibration.md for the choices.
 */
import { calibrate, type Calibration, type CalibrationOptions, type ScoredEvaluation } from './calibration.ts'
import { seededNormal, seededRandom } from './random.ts'

export type RankBy = 'raw' | 'calibrated'

export type RankOptions = {
	by: RankBy
	/** Seed of the simulated draws: the same seed gives the same intervals (default INTERVAL_SEED). */
	seed?: number
	/** Simulated draws (default INTERVAL_DRAWS). */
	draws?: number
	/** Probability inside the interval (default 0.9). */
	level?: number
}

export type RankedDossier = {
	applicationId: string
	score: number | null
	/** 1 + the number of dossiers with a strictly higher score: ties share a rank (1, 2, 2, 4). Null without any evaluation. */
	rank: number | null
	/** The ranks the dossier could plausibly hold (contains `rank`); null without any evaluation. */
	interval: { low: number; high: number } | null
}

export const INTERVAL_SEED = 2021
/** 500 draws: the 5 % tails rest on 25 draws each; 1,000 doubled the time for 2,000 dossiers (160 → 330 ms) for a rank or two of precision. */
export const INTERVAL_DRAWS = 500
export const INTERVAL_LEVEL = 0.9
/**
 * A dossier's own spread counts for its n − 1 degrees of freedom, the jury's pooled noise
 * for PRIOR_FREEDOM more: two or three evaluations alone say little about their own noise,
 * and a dossier with one evaluation still gets the jury's.
 */
const PRIOR_FREEDOM = 2
/** Noise σ (points on 100) when no dossier has two evaluations to measure it. */
const FALLBACK_NOISE_SD = 10

/** Scores are compared at a millionth of a point: equal means computed in another order still tie. */
const rankKey = (score: number) => Math.round(score * 1e6) / 1e6

/**
 * Ranks with an interval. The interval comes from the model's uncertainty on each score:
 * each draw moves every dossier's score by a normal error of standard deviation s̃_i/√n_i,
 * where s̃_i² pools the spread of its own jurors' (raw or calibrated) scores with the jury's
 * noise; the dossier's ranks over the draws give the interval (its central `level`
 * quantiles, widened to contain the point rank). A dossier on which jurors disagree gets a
 * wider interval, and so does one with fewer evaluations. Sorted by rank, then by id.
 */
export function rankDossiers(calibration: Calibration, options: RankOptions): RankedDossier[] {
	const draws = Math.max(1, Math.floor(options.draws ?? INTERVAL_DRAWS))
	const level = options.level ?? INTERVAL_LEVEL
	const scored = calibration.dossiers.filter((d) => d.evaluations > 0)
	const N = scored.length
	const values = scored.map((d) => d.scores.map((s) => (options.by === 'raw' ? s.raw : s.calibrated)))
	const point = Float64Array.from(scored, (d) => rankKey((options.by === 'raw' ? d.raw : d.calibrated)!))

	// The jury's noise: the pooled within-dossier variance of the values ranked.
	let squares = 0
	let freedom = 0
	for (const list of values) {
		if (list.length < 2) continue
		const mean = list.reduce((s, v) => s + v, 0) / list.length
		for (const v of list) squares += (v - mean) ** 2
		freedom += list.length - 1
	}
	const pooled = freedom > 0 ? squares / freedom : FALLBACK_NOISE_SD ** 2
	const errors = Float64Array.from(values, (list) => {
		const n = list.length
		const mean = list.reduce((s, v) => s + v, 0) / n
		const own = list.reduce((s, v) => s + (v - mean) ** 2, 0)
		return Math.sqrt((own + PRIOR_FREEDOM * pooled) / (n - 1 + PRIOR_FREEDOM) / n)
	})

	const keys = new Float64Array(N)
	const pointRanks = new Int32Array(N)
	ranksOf(point, keys, pointRanks)
	// ranks[i * draws + d]: dossier i's rank in draw d.
	const ranks = new Int32Array(N * draws)
	const normal = seededNormal(seededRandom(options.seed ?? INTERVAL_SEED))
	const sample = new Float64Array(N)
	const drawRanks = new Int32Array(N)
	for (let d = 0; d < draws; d++) {
		for (let i = 0; i < N; i++) sample[i] = point[i]! + errors[i]! * normal()
		ranksOf(sample, keys, drawRanks)
		for (let i = 0; i < N; i++) ranks[i * draws + d] = drawRanks[i]!
	}
	const lowAt = Math.floor(((1 - level) / 2) * (draws - 1))
	const highAt = Math.ceil((1 - (1 - level) / 2) * (draws - 1))
	const ranked = new Map<string, RankedDossier>()
	scored.forEach((d, i) => {
		const own = ranks.subarray(i * draws, (i + 1) * draws).sort()
		const rank = pointRanks[i]!
		ranked.set(d.applicationId, { applicationId: d.applicationId, score: point[i]!, rank, interval: { low: Math.min(own[lowAt]!, rank), high: Math.max(own[highAt]!, rank) } })
	})
	const rows = calibration.dossiers.map((d) => ranked.get(d.applicationId) ?? { applicationId: d.applicationId, score: null, rank: null, interval: null })
	return rows.sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0))
}

/**
 * Competition ranks (1 + the number of strictly higher values) into `ranks`. Each value,
 * counted in millionths of a point, and its index are packed in one integer-valued double
 * (−millionths × 2^k + index, exact below 2^53 for any score and up to a million dossiers),
 * so one native sort of `keys` orders the dossiers, best first, and a walk gives the ranks:
 * a comparator sort or a binary search per dossier took four times as long.
 */
function ranksOf(values: Float64Array, keys: Float64Array, ranks: Int32Array) {
	const N = values.length
	const slots = 2 ** Math.ceil(Math.log2(Math.max(2, N)))
	for (let i = 0; i < N; i++) keys[i] = -Math.round(values[i]! * 1e6) * slots + i
	keys.sort()
	let previous = NaN
	let rank = 0
	for (let position = 0; position < N; position++) {
		const key = keys[position]!
		const level = Math.floor(key / slots)
		if (level !== previous) {
			previous = level
			rank = position + 1
		}
		ranks[key - level * slots] = rank
	}
}

export type FundingRow = RankedDossier & {
	/** The amount proposed for the dossier. */
	amount: number
	/** Proposed amounts of this dossier and every one before it in the ranking. */
	cumulative: number
	/** Inside the envelope, walking the ranking down until the first dossier that does not fit. */
	funded: boolean
	/** « À départager »: its rank interval crosses the funding line (it could fall on either side). */
	onTheLine: boolean
}

export type FundingLine = {
	rows: FundingRow[]
	envelope: number
	/** Sum of the funded dossiers' amounts. */
	used: number
	remaining: number
	/** Dossiers above the line (the line sits between this position and the next). */
	line: number
}

/**
 * The funding line: walk the ranking (rank, then id), fund each dossier while the running
 * total stays within the envelope, and stop at the first that does not fit — the line is
 * there; what remains is shown, and the proposed amounts are the lever (partial awards),
 * not a jump over a better-ranked dossier. A dossier is « à départager » when it could
 * stand on either side of the line: its interval reaches a position above it and one below
 * it (a dossier tied with others may hold any of their positions). Dossiers without any
 * evaluation are never funded here.
 */
export function fundingLine(ranking: readonly RankedDossier[], amounts: ReadonlyMap<string, number>, envelope: number): FundingLine {
	let cumulative = 0
	let used = 0
	let line = 0
	let open = true
	const tied = new Map<number, number>()
	for (const row of ranking) if (row.rank !== null) tied.set(row.rank, (tied.get(row.rank) ?? 0) + 1)
	// In rankDossiers' order (rank, then id), whatever order the rows come in.
	const ordered = [...ranking].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || (a.applicationId < b.applicationId ? -1 : a.applicationId > b.applicationId ? 1 : 0))
	const rows = ordered.map((row) => {
		const amount = amounts.get(row.applicationId)
		if (amount === undefined || !Number.isFinite(amount) || amount < 0) throw new Error(`Montant proposé manquant ou invalide pour ${row.applicationId}`)
		cumulative += amount
		const funded = open && row.rank !== null && cumulative <= envelope
		if (funded) {
			used += amount
			line++
		} else open = false
		return { ...row, amount, cumulative, funded }
	})
	return {
		rows: rows.map((row) => {
			if (row.rank === null || row.interval === null) return { ...row, onTheLine: false }
			const lastPosition = Math.max(row.interval.high, row.rank + tied.get(row.rank)! - 1)
			return { ...row, onTheLine: row.interval.low <= line && lastPosition > line }
		}),
		envelope,
		used,
		remaining: envelope - used,
		line,
	}
}

export type Lottery = {
	seed: number
	/** What the envelope leaves for the dossiers « à départager », once the others above the line are funded. */
	budget: number
	/** The dossiers « à départager » in the order drawn. */
	order: string[]
	/** Those funded: the drawn order walked like the ranking, until the first that does not fit. */
	funded: string[]
}

/**
 * The lottery among the dossiers « à départager » (the Swiss National Science Foundation's
 * practice since 2021): they are sorted by id, shuffled (Fisher–Yates) from the recorded
 * seed, and funded in that order within what the envelope leaves them. The same seed and
 * the same dossiers give the same draw, so the minutes can be checked.
 */
export function drawLots(funding: FundingLine, seed: number): Lottery {
	const random = seededRandom(seed)
	const candidates = funding.rows.filter((r) => r.onTheLine)
	const certain = funding.rows.filter((r) => r.funded && !r.onTheLine).reduce((s, r) => s + r.amount, 0)
	const order = candidates.map((r) => r.applicationId).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
	for (let i = order.length - 1; i > 0; i--) {
		const k = Math.floor(random() * (i + 1))
		;[order[i], order[k]] = [order[k]!, order[i]!]
	}
	const amountOf = new Map(candidates.map((r) => [r.applicationId, r.amount]))
	const budget = funding.envelope - certain
	const funded: string[] = []
	let total = 0
	for (const id of order) {
		total += amountOf.get(id)!
		if (total > budget) break
		funded.push(id)
	}
	return { seed, budget, order, funded }
}

export type RankCallInput = CalibrationOptions &
	RankOptions & {
		applicationIds: readonly string[]
		evaluations: readonly ScoredEvaluation[]
		/** Proposed amounts and the envelope, for the funding line. */
		funding?: { amounts: ReadonlyMap<string, number>; envelope: number }
	}

/** The whole ranking core of a call: calibrated scores, ranks with intervals, and the funding line when amounts are given. */
export function rankCall(input: RankCallInput): { calibration: Calibration; ranking: RankedDossier[]; funding: FundingLine | null } {
	const calibration = calibrate(input.applicationIds, input.evaluations, input)
	const ranking = rankDossiers(calibration, input)
	const funding = input.funding ? fundingLine(ranking, input.funding.amounts, input.funding.envelope) : null
	return { calibration, ranking, funding }
}
