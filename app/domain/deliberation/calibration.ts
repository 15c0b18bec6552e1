/**
 * Calibrated scores for the deliberation (issue 9): each juror's leniency estimated and
 * removed, with shrinkage. Pure (no database): the caller loads the sent evaluations with
 * their weighted score on 100 (`weightedScore` of jury/evaluation.ts) and the recevable dossiers.
 *
 * The model is the NIPS reviewer model of DESIGN.md, y_ij = f_i + b_j + ε_ij: dossier
 * quality f_i (flat prior), juror offset b_j ~ N(0, τ²), noise ε_ij ~ N(0, σ²). The
 * estimate minimises
 *     Q(f, b) = Σ_(i,j) (y_ij − f_i − b_j)² + λ Σ_j b_j²,   λ = σ² / τ²
 * (the posterior mode). For a given b, f_i is the mean of y_ij − b_j over the dossier's
 * jurors; putting it back leaves the small normal equations of the offsets only,
 *     (G + λI) b = r,   G = Σ_i S_iᵀ (I − 11ᵀ/n_i) S_i,   r_j = Σ_i (y_ij − ȳ_i),
 * one row per juror (60 for the bench), solved exactly by Cholesky: no iteration to bound,
 * the same answer on every run. A juror's offset only comes from how they score the dossiers
 * they share with other jurors, against those jurors; with few such dossiers the λ on the
 * diagonal dominates and the offset stays near 0 (a juror with one dossier keeps a small
 * fraction of their difference). The offsets of a group of jurors linked by shared dossiers
 * sum to 0, so calibrated scores stay on the raw 0–100 scale.
 *
 * λ is estimated from the data by restricted maximum likelihood (below), within
 * [MIN_SHRINKAGE, MAX_SHRINKAGE]; with too little data to tell offsets from noise it is
 * DEFAULT_SHRINKAGE. The caller may also fix it. See docs/decisions/017-deliberation-calibration.md.
 */

export type ScoredEvaluation = {
	applicationId: string
	jurorId: string
	/** The evaluation's weighted score on 100. */
	score: number
}

export type CalibrationOptions = {
	/** Spread (max − min of the jurors' scores, on 100) above which a dossier is flagged. */
	disagreementThreshold?: number
	/** λ = σ²/τ², fixed by the caller; estimated from the data when absent. */
	shrinkage?: number
}

export type DossierScore = {
	applicationId: string
	/** Sent evaluations. */
	evaluations: number
	/** Mean of the jurors' weighted scores (null without any evaluation). */
	raw: number | null
	/** The same mean after removing each juror's offset, within 0–100. */
	calibrated: number | null
	/** max − min of the jurors' weighted scores (0 with one evaluation, null with none). */
	spread: number | null
	disagreement: boolean
	/** Per evaluation: the juror's score and the same with the juror's offset removed (for the rank intervals). */
	scores: { jurorId: string; raw: number; calibrated: number }[]
}

export type JurorOffset = {
	jurorId: string
	evaluations: number
	/** Points on 100 the juror gives above (> 0) or below (< 0) the others, after shrinkage. */
	offset: number
}

export type CalibrationModel = {
	/** λ = σ²/τ²: how many shared dossiers' worth of prior pull each offset toward 0. */
	shrinkage: number
	/** Where λ comes from: the data (REML), the default (too little data), or the caller. */
	source: 'estimated' | 'default' | 'fixed'
	/** Noise σ, points on 100: the residual spread once offsets are removed (null without two evaluations of a dossier). */
	noiseSd: number | null
	/** Offset τ = σ/√λ, points on 100. */
	offsetSd: number | null
}

export type Calibration = {
	/** In the order of the dossiers given. */
	dossiers: DossierScore[]
	/** Sorted by juror id. */
	jurors: JurorOffset[]
	model: CalibrationModel
	disagreementThreshold: number
}

/**
 * 25 points on 100 between the most and least convinced jurors: a quarter of the scale,
 * e.g. one juror at 80 and another at 55, or a full step on a 0–4 grid.
 */
export const DEFAULT_DISAGREEMENT_THRESHOLD = 25
/**
 * λ = 4 when the data cannot tell: noise σ ≈ 10 points, offsets τ ≈ 5 points. A juror
 * 10 points above the others on 4 dossiers shared with two others each (the foundation
 * case) gets an offset of 3.3; on a single such dossier, 1.3.
 */
export const DEFAULT_SHRINKAGE = 4
/** Never trust an offset more than one shared dossier's worth of prior (guards REML on small juries). */
export const MIN_SHRINKAGE = 1
/** Beyond this, the offsets are negligible (the data show no juror effect): calibrated ≈ raw. */
export const MAX_SHRINKAGE = 10_000
/** REML is used with at least 3 jurors sharing dossiers and twice as many residual degrees of freedom as such jurors. */
const MIN_JURORS_FOR_ESTIMATE = 3

const clamp = (x: number, low: number, high: number) => Math.min(high, Math.max(low, x))
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

export function calibrate(applicationIds: readonly string[], evaluations: readonly ScoredEvaluation[], options: CalibrationOptions = {}): Calibration {
	const threshold = options.disagreementThreshold ?? DEFAULT_DISAGREEMENT_THRESHOLD
	const dossierIndex = new Map<string, number>()
	for (const id of applicationIds) if (!dossierIndex.has(id)) dossierIndex.set(id, dossierIndex.size)
	const dossierIds = [...dossierIndex.keys()]

	// Evaluations of dossiers outside the list (not recevable, or left out by the caller) play no part.
	const kept = evaluations.filter((e) => dossierIndex.has(e.applicationId))
	const seen = new Set<string>()
	for (const e of kept) {
		if (!Number.isFinite(e.score) || e.score < 0 || e.score > 100) throw new Error(`Note pondérée hors de 0–100 : ${e.score}`)
		const pair = `${e.applicationId}\u0000${e.jurorId}`
		if (seen.has(pair)) throw new Error(`Deux évaluations du même juré pour le dossier ${e.applicationId}`)
		seen.add(pair)
	}
	// Jurors sorted by id, evaluations grouped by dossier: the input's order never changes the result.
	const jurorIds = [...new Set(kept.map((e) => e.jurorId))].sort(byString)
	const J = jurorIds.length
	const jurorIndex = new Map(jurorIds.map((id, j) => [id, j]))
	const byDossier: { j: number; y: number }[][] = dossierIds.map(() => [])
	for (const e of kept) byDossier[dossierIndex.get(e.applicationId)!]!.push({ j: jurorIndex.get(e.jurorId)!, y: e.score })
	for (const list of byDossier) list.sort((a, b) => a.j - b.j)

	// G, r and the within-dossier sum of squares yᵀHy, with its degrees of freedom m = Σ (n_i − 1).
	const G = new Float64Array(J * J)
	const r = new Float64Array(J)
	const evaluationsOf = new Int32Array(J)
	const linked = new Uint8Array(J)
	let withinSquares = 0
	let freedom = 0
	for (const list of byDossier) {
		const n = list.length
		for (const { j } of list) evaluationsOf[j]!++
		if (n < 2) continue
		const mean = list.reduce((s, e) => s + e.y, 0) / n
		freedom += n - 1
		for (const a of list) {
			linked[a.j] = 1
			r[a.j]! += a.y - mean
			withinSquares += (a.y - mean) ** 2
			for (const b of list) G[a.j * J + b.j]! += (a.j === b.j ? 1 : 0) - 1 / n
		}
	}
	const linkedJurors = linked.reduce((s, x) => s + x, 0)

	let shrinkage: number
	let source: CalibrationModel['source']
	if (options.shrinkage !== undefined) {
		if (!(options.shrinkage > 0) || !Number.isFinite(options.shrinkage)) throw new Error(`λ doit être un nombre positif : ${options.shrinkage}`)
		shrinkage = options.shrinkage
		source = 'fixed'
	} else if (linkedJurors >= MIN_JURORS_FOR_ESTIMATE && freedom >= 2 * linkedJurors && withinSquares > 0) {
		shrinkage = estimateShrinkage(G, r, J, withinSquares, freedom)
		source = 'estimated'
	} else {
		shrinkage = DEFAULT_SHRINKAGE
		source = 'default'
	}

	const A = Float64Array.from(G)
	for (let j = 0; j < J; j++) A[j * J + j]! += shrinkage
	const factor = cholesky(A, J)
	const offsets = solveCholesky(factor, J, r)

	let residualSquares = 0
	const dossiers: DossierScore[] = byDossier.map((list, i) => {
		const n = list.length
		const applicationId = dossierIds[i]!
		if (n === 0) return { applicationId, evaluations: 0, raw: null, calibrated: null, spread: null, disagreement: false, scores: [] }
		const scores = list.map((e) => ({ jurorId: jurorIds[e.j]!, raw: e.y, calibrated: e.y - offsets[e.j]! }))
		const raw = scores.reduce((s, e) => s + e.raw, 0) / n
		const fitted = scores.reduce((s, e) => s + e.calibrated, 0) / n
		for (const e of scores) residualSquares += (e.calibrated - fitted) ** 2
		// Rounded to a millionth: 50.2 − 25.2 must be 25, not 25.000000000000004, against a threshold of 25.
		const spread = Math.round((Math.max(...scores.map((e) => e.raw)) - Math.min(...scores.map((e) => e.raw))) * 1e6) / 1e6
		return { applicationId, evaluations: n, raw, calibrated: clamp(fitted, 0, 100), spread, disagreement: spread > threshold, scores }
	})
	const noiseSd = freedom > 0 ? Math.sqrt(residualSquares / freedom) : null
	return {
		dossiers,
		jurors: jurorIds.map((jurorId, j) => ({ jurorId, evaluations: evaluationsOf[j]!, offset: offsets[j]! })),
		model: { shrinkage, source, noiseSd, offsetSd: noiseSd === null ? null : noiseSd / Math.sqrt(shrinkage) },
		disagreementThreshold: threshold,
	}
}

/**
 * λ by restricted maximum likelihood: the within-dossier deviations Hy (f_i removed) are
 * N(0, σ²H + τ²HZZᵀH); with σ² profiled out, up to a constant,
 *     ℓ(λ) = −½ [ m log(q(λ)/m) + log det(G + λI) − J log λ ],   q(λ) = yᵀHy − rᵀ(G + λI)⁻¹r.
 * Maximised on a log grid over [MIN_SHRINKAGE, MAX_SHRINKAGE], then by golden section
 * around the best point: 63 Cholesky factorisations of a J×J matrix, deterministic.
 */
function estimateShrinkage(G: Float64Array, r: Float64Array, J: number, withinSquares: number, freedom: number): number {
	const A = new Float64Array(J * J)
	const logLikelihood = (logLambda: number) => {
		const lambda = Math.exp(logLambda)
		A.set(G)
		for (let j = 0; j < J; j++) A[j * J + j]! += lambda
		const factor = cholesky(A, J)
		const b = solveCholesky(factor, J, r)
		let explained = 0
		let logDet = 0
		for (let j = 0; j < J; j++) {
			explained += r[j]! * b[j]!
			logDet += 2 * Math.log(factor[j * J + j]!)
		}
		const q = Math.max(withinSquares - explained, withinSquares * 1e-12)
		return -0.5 * (freedom * Math.log(q / freedom) + logDet - J * logLambda)
	}
	const low = Math.log(MIN_SHRINKAGE)
	const high = Math.log(MAX_SHRINKAGE)
	const steps = 40
	let best = 0
	let bestValue = -Infinity
	for (let k = 0; k <= steps; k++) {
		const value = logLikelihood(low + ((high - low) * k) / steps)
		if (value > bestValue) [best, bestValue] = [k, value]
	}
	let a = low + ((high - low) * Math.max(0, best - 1)) / steps
	let b = low + ((high - low) * Math.min(steps, best + 1)) / steps
	const ratio = (Math.sqrt(5) - 1) / 2
	let c = b - ratio * (b - a)
	let d = a + ratio * (b - a)
	let atC = logLikelihood(c)
	let atD = logLikelihood(d)
	for (let k = 0; k < 20; k++) {
		if (atC >= atD) {
			;[b, d, atD] = [d, c, atC]
			c = b - ratio * (b - a)
			atC = logLikelihood(c)
		} else {
			;[a, c, atC] = [c, d, atD]
			d = a + ratio * (b - a)
			atD = logLikelihood(d)
		}
	}
	return clamp(Math.exp((a + b) / 2), MIN_SHRINKAGE, MAX_SHRINKAGE)
}

/** The lower triangle L with A = LLᵀ (A symmetric positive definite, row-major n×n). */
function cholesky(A: Float64Array, n: number): Float64Array {
	const L = new Float64Array(n * n)
	for (let i = 0; i < n; i++)
		for (let k = 0; k <= i; k++) {
			let sum = A[i * n + k]!
			for (let p = 0; p < k; p++) sum -= L[i * n + p]! * L[k * n + p]!
			if (i === k) {
				if (!(sum > 0)) throw new Error('Calibration : matrice non définie positive')
				L[i * n + i] = Math.sqrt(sum)
			} else L[i * n + k] = sum / L[k * n + k]!
		}
	return L
}

function solveCholesky(L: Float64Array, n: number, rhs: Float64Array): Float64Array {
	const z = new Float64Array(n)
	for (let i = 0; i < n; i++) {
		let sum = rhs[i]!
		for (let p = 0; p < i; p++) sum -= L[i * n + p]! * z[p]!
		z[i] = sum / L[i * n + i]!
	}
	const x = new Float64Array(n)
	for (let i = n - 1; i >= 0; i--) {
		let sum = z[i]!
		for (let p = i + 1; p < n; p++) sum -= L[p * n + i]! * x[p]!
		x[i] = sum / L[i * n + i]!
	}
	return x
}
