/**
 * Automatic jury assignment: which jurors read which dossiers. Pure (no database): the
 * caller loads jurors, dossiers, conflicts and current assignments, and applies the plan.
 *
 * The model is HotCRP's min-cost flow written as a linear program and solved exactly by
 * HiGHS (see docs/decisions/014-jury-assignment-solver.md):
 * - x(j,a) ∈ [0,1] for every juror j and dossier a that are not in conflict;
 * - each dossier: Σ_j x(j,a) + short(a) = N, a missing juror costing more than anything else;
 * - each juror: Σ_a x(j,a) = Σ_k seg(j,k), the k-th dossier costing k (convex), so loads
 *   even out without a fixed quota, and the segments stop at the juror's maximum;
 * - a juror without any of the dossier's themes costs ½ (less than one step of load, so
 *   themes are preferred only while loads stay within one of each other);
 * - an existing pair earns a bonus larger than any load difference: a re-run keeps it
 *   unless keeping it would leave a seat empty or break the maximum;
 * - the optional group rule: Σ_{j of kind X} x(j,a) + miss(a) ≥ atLeast, a miss costing
 *   more than removing a kept pair.
 * Dossier rows and group rows form one laminar family, juror rows another, so the matrix
 * is totally unimodular and the simplex optimum (a vertex) is integral; the solution is
 * still checked, and solved again with binary variables if it ever were not.
 * The model goes to HiGHS as arrays (compressed columns), not as LP text: for 2,000
 * dossiers and 60 jurors, reading 5 MB of LP text and naming 130,000 result columns took
 * 3.6 s, the solve itself under 2 s.
 */
import highsLoader from 'highs'

export type JurorInput = { id: string; kind: string; themeIds: readonly string[]; maxLoad: number | null }
export type ApplicationInput = { id: string; themeIds: readonly string[] }
export type Pair = { jurorId: string; applicationId: string }
export type GroupRule = { kind: string; atLeast: number; /** Shown in the reasons, e.g. « praticien associatif ». */ label?: string }

export type AssignmentInput = {
	jurors: readonly JurorInput[]
	applications: readonly ApplicationInput[]
	/** Jurors wanted per dossier (default 3). */
	perApplication?: number
	/** Conflicted pairs: never assigned. */
	forbidden?: readonly Pair[]
	/** Current assignments, kept where possible. */
	existing?: readonly Pair[]
	/** "At least `atLeast` jurors of kind `kind` per dossier", when feasible. */
	groupRule?: GroupRule | null
}

export type PlannedAssignment = Pair & { status: 'new' | 'kept'; themeMatch: boolean }
export type RemovedAssignment = Pair & { reason: string }
export type JurorLoad = { jurorId: string; load: number; maxLoad: number | null; kept: number; added: number }
export type ShortApplication = { applicationId: string; assigned: number; wanted: number; reason: string }
export type GroupShortApplication = { applicationId: string; reason: string }

export type AssignmentPlan = {
	assignments: PlannedAssignment[]
	removed: RemovedAssignment[]
	loads: JurorLoad[]
	/** Dossiers with fewer than N jurors, and why. */
	short: ShortApplication[]
	/** Dossiers where the group rule could not be met, and why. */
	groupShort: GroupShortApplication[]
	solver: { method: 'lp' | 'mip'; ms: number }
}

type Highs = Awaited<ReturnType<typeof highsLoader>>
let highsPromise: Promise<Highs> | undefined
/** The WebAssembly module is loaded once per process. */
function loadHighs() {
	highsPromise ??= highsLoader()
	return highsPromise
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
const key = (j: number, a: number) => j * 1_048_576 + a
const plural = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`

/**
 * The load every juror would have if the seats were poured evenly (water-filling): the
 * smallest L with Σ min(max_j, L) ≥ seats, or the largest maximum if the jury is short.
 * Jurors at their maximum are below it; the others are at L or L − 1 before conflicts.
 */
export function balancedLevel(caps: readonly number[], seats: number) {
	const sorted = caps.filter((c) => c > 0).sort((x, y) => x - y)
	let remaining = seats
	let level = 0
	for (let i = 0; i < sorted.length; i++) {
		const share = Math.ceil(remaining / (sorted.length - i))
		if (sorted[i]! >= share) return share
		remaining -= sorted[i]!
		level = sorted[i]!
	}
	return level
}

/** The pair variables x(j,a) (the first `pairs` columns) as binaries, for the fallback MIP. */
function integerColumns(numCols: number, pairs: number) {
	const integrality = new Int32Array(numCols)
	integrality.fill(1, 0, pairs)
	return integrality
}

export async function planAssignment(input: AssignmentInput): Promise<AssignmentPlan> {
	const started = performance.now()
	const N = Math.max(0, Math.floor(input.perApplication ?? 3))
	// Sorted by id: the same input in any order gives the same LP, hence the same plan.
	const jurors = [...input.jurors].sort(byId)
	const applications = [...input.applications].sort(byId)
	const J = jurors.length
	const A = applications.length
	const jurorIndex = new Map(jurors.map((j, i) => [j.id, i]))
	const applicationIndex = new Map(applications.map((a, i) => [a.id, i]))
	const cap = jurors.map((j) => Math.max(0, Math.min(j.maxLoad === null ? A : Math.floor(j.maxLoad), A)))

	const forbidden = new Set<number>()
	for (const p of input.forbidden ?? []) {
		const j = jurorIndex.get(p.jurorId)
		const a = applicationIndex.get(p.applicationId)
		if (j !== undefined && a !== undefined) forbidden.add(key(j, a))
	}

	// Existing pairs: those that can no longer stand are removed before solving.
	const removed: RemovedAssignment[] = []
	const existing = new Set<number>()
	const seenExisting = new Set<string>()
	for (const p of input.existing ?? []) {
		const id = `${p.jurorId}\u0000${p.applicationId}`
		if (seenExisting.has(id)) continue
		seenExisting.add(id)
		const j = jurorIndex.get(p.jurorId)
		const a = applicationIndex.get(p.applicationId)
		const pair = { jurorId: p.jurorId, applicationId: p.applicationId }
		if (j === undefined) removed.push({ ...pair, reason: 'le juré ne fait plus partie du jury' })
		else if (a === undefined) removed.push({ ...pair, reason: 'le dossier n’est plus à évaluer' })
		else if (forbidden.has(key(j, a))) removed.push({ ...pair, reason: 'conflit d’intérêts' })
		else existing.add(key(j, a))
	}

	const rule = input.groupRule && input.groupRule.atLeast > 0 ? input.groupRule : null
	const ruleNeed = rule ? Math.min(rule.atLeast, N) : 0
	const ofKind = jurors.map((j) => rule !== null && j.kind === rule.kind)
	const themeSets = jurors.map((j) => new Set(j.themeIds))
	const themeMatch = (j: number, a: number) => applications[a]!.themeIds.some((t) => themeSets[j]!.has(t))

	// Load segments: one per dossier up to twice the balanced level (strictly convex where
	// loads actually are), then one segment up to the maximum at the next cost.
	const unitSegments = 2 * balancedLevel(cap, A * N) + 2
	const M = Math.min(unitSegments, A) + 2 // above any marginal load cost
	const KEEP = 4 * M
	const GROUP = 16 * M
	const SHORT = 64 * M

	// Candidate pairs per dossier (juror indices) and per juror (dossier indices).
	const perApplication: number[][] = applications.map(() => [])
	const perJuror: number[][] = jurors.map(() => [])
	for (let j = 0; j < J; j++) {
		if (cap[j] === 0) continue
		for (let a = 0; a < A; a++) {
			if (forbidden.has(key(j, a))) continue
			perApplication[a]!.push(j)
			perJuror[j]!.push(a)
		}
	}
	const pairCount = perJuror.reduce((n, list) => n + list.length, 0)

	const chosen = new Set<number>()
	let method: 'lp' | 'mip' = 'lp'
	if (pairCount > 0 && N > 0) {
		// Rows: dossiers [0, A), group rule [A, 2A) when there is one, then jurors.
		const groupRow = rule && ruleNeed > 0 ? A : -1
		const jurorRow = groupRow >= 0 ? 2 * A : A
		const numRows = jurorRow + J
		const units = cap.map((c) => Math.min(c, unitSegments))
		const segmentCount = units.reduce((n, u, j) => n + (perJuror[j]!.length ? u + (cap[j]! > u ? 1 : 0) : 0), 0)
		const numCols = pairCount + segmentCount + A + (groupRow >= 0 ? A : 0)
		// Columns written straight into typed arrays (CSC): x(j,a), load segments, short(a), miss(a).
		const colCost = new Float64Array(numCols)
		const colUpper = new Float64Array(numCols)
		const starts = new Int32Array(numCols + 1)
		const indices = new Int32Array(pairCount * 3 + segmentCount + 2 * A)
		const values = new Float64Array(indices.length)
		let col = 0
		let nz = 0
		const entry = (row: number, value: number) => {
			indices[nz] = row
			values[nz++] = value
		}
		const pairColumn: number[][] = jurors.map(() => [])
		for (let j = 0; j < J; j++)
			for (const a of perJuror[j]!) {
				pairColumn[j]!.push(col)
				colCost[col] = (themeMatch(j, a) ? 0 : 0.5) - (existing.has(key(j, a)) ? KEEP : 0)
				colUpper[col] = 1
				starts[col++] = nz
				entry(a, 1)
				if (groupRow >= 0 && ofKind[j]) entry(groupRow + a, 1)
				entry(jurorRow + j, 1)
			}
		for (let j = 0; j < J; j++) {
			if (perJuror[j]!.length === 0) continue
			for (let k = 1; k <= units[j]!; k++) {
				colCost[col] = k
				colUpper[col] = 1
				starts[col++] = nz
				entry(jurorRow + j, -1)
			}
			if (cap[j]! > units[j]!) {
				colCost[col] = units[j]! + 1
				colUpper[col] = cap[j]! - units[j]!
				starts[col++] = nz
				entry(jurorRow + j, -1)
			}
		}
		for (let a = 0; a < A; a++) {
			colCost[col] = SHORT
			colUpper[col] = N
			starts[col++] = nz
			entry(a, 1)
		}
		if (groupRow >= 0)
			for (let a = 0; a < A; a++) {
				colCost[col] = GROUP
				colUpper[col] = ruleNeed
				starts[col++] = nz
				entry(groupRow + a, 1)
			}
		starts[col] = nz

		const highs = await loadHighs()
		const rowLower = new Float64Array(numRows)
		const rowUpper = new Float64Array(numRows)
		rowLower.fill(N, 0, A)
		rowUpper.fill(N, 0, A)
		if (groupRow >= 0) {
			rowLower.fill(ruleNeed, A, 2 * A)
			rowUpper.fill(highs.infinity, A, 2 * A)
		}
		const model = {
			numCols,
			numRows,
			colCost,
			colLower: new Float64Array(numCols),
			colUpper,
			rowLower,
			rowUpper,
			matrix: { format: 'csc' as const, numRows, numCols, starts, indices: indices.subarray(0, nz), values: values.subarray(0, nz) },
		}
		const solve = (integral: boolean) =>
			highs.withModel(integral ? { ...model, integrality: integerColumns(numCols, pairCount) } : model, (m) => {
				// Presolve is skipped: on this model it costs more than it saves (measured).
				m.options.set({ output_flag: false, presolve: 'off' })
				const { modelStatus } = m.run()
				if (modelStatus !== highs.constants.modelStatus.optimal) throw new Error(`Affectation : HiGHS termine avec le statut ${modelStatus}`)
				return m.getSolution().colValue.slice(0, pairCount)
			})
		let x = solve(false)
		if (x.some((v) => Math.abs(v - Math.round(v)) > 1e-6)) {
			// Not expected (the matrix is totally unimodular), but a fraction is never rounded.
			method = 'mip'
			x = solve(true)
		}
		for (let j = 0; j < J; j++) pairColumn[j]!.forEach((c, i) => x[c]! > 0.5 && chosen.add(key(j, perJuror[j]![i]!)))
	}

	return describe({ jurors, applications, N, rule, ruleNeed, cap, forbidden, existing, chosen, removed, themeMatch, method, started })
}

function describe(s: {
	jurors: JurorInput[]
	applications: ApplicationInput[]
	N: number
	rule: GroupRule | null
	ruleNeed: number
	cap: number[]
	forbidden: Set<number>
	existing: Set<number>
	chosen: Set<number>
	removed: RemovedAssignment[]
	themeMatch: (j: number, a: number) => boolean
	method: 'lp' | 'mip'
	started: number
}): AssignmentPlan {
	const { jurors, applications, N, rule, ruleNeed, cap, forbidden, existing, chosen, removed } = s
	const J = jurors.length
	const load = new Array<number>(J).fill(0)
	const kept = new Array<number>(J).fill(0)
	const keptPerApplication = new Array<number>(applications.length).fill(0)
	const keptPerJuror = new Array<number>(J).fill(0)
	for (const k of existing) {
		keptPerApplication[k % 1_048_576]!++
		keptPerJuror[Math.floor(k / 1_048_576)]!++
	}
	const assignments: PlannedAssignment[] = []
	const assignedTo: number[][] = applications.map(() => [])
	for (let a = 0; a < applications.length; a++)
		for (let j = 0; j < J; j++) {
			if (!chosen.has(key(j, a))) continue
			load[j]!++
			assignedTo[a]!.push(j)
			const isKept = existing.has(key(j, a))
			if (isKept) kept[j]!++
			assignments.push({ jurorId: jurors[j]!.id, applicationId: applications[a]!.id, status: isKept ? 'kept' : 'new', themeMatch: s.themeMatch(j, a) })
		}
	const ruleLabel = rule ? `« ${rule.label ?? rule.kind} »` : ''
	for (const k of existing) {
		if (chosen.has(k)) continue
		const j = Math.floor(k / 1_048_576)
		const a = k % 1_048_576
		const reason =
			keptPerJuror[j]! > cap[j]!
				? `au-delà du maximum du juré (${plural(cap[j]!, 'dossier')})`
				: keptPerApplication[a]! > N
					? `le dossier a déjà ${plural(N, 'juré')}`
					: rule
						? `remplacé pour avoir au moins un juré ${ruleLabel} par dossier`
						: 'remplacé pour compléter un autre dossier'
		removed.push({ jurorId: jurors[j]!.id, applicationId: applications[a]!.id, reason })
	}

	const short: ShortApplication[] = []
	const groupShort: GroupShortApplication[] = []
	for (let a = 0; a < applications.length; a++) {
		const assigned = assignedTo[a]!
		const others = jurors.map((_, j) => j).filter((j) => !assigned.includes(j))
		const conflicted = others.filter((j) => forbidden.has(key(j, a))).length
		const full = others.filter((j) => !forbidden.has(key(j, a)) && load[j]! >= cap[j]!).length
		if (assigned.length < N) {
			const head = `${plural(assigned.length, 'juré')} sur ${N}`
			const why =
				others.length === 0
					? `le jury ne compte que ${plural(J, 'juré')}`
					: conflicted === others.length
						? 'tous les autres jurés sont en conflit avec ce dossier'
						: full === others.length
							? 'tous les autres jurés sont à leur maximum'
							: `tous les autres sont en conflit (${conflicted}) ou à leur maximum (${full})`
			short.push({ applicationId: applications[a]!.id, assigned: assigned.length, wanted: N, reason: `${head} : ${why}` })
		}
		if (rule && ruleNeed > 0) {
			const got = assigned.filter((j) => jurors[j]!.kind === rule.kind).length
			if (got >= ruleNeed) continue
			const ofKind = others.filter((j) => jurors[j]!.kind === rule.kind)
			const kindConflicted = ofKind.filter((j) => forbidden.has(key(j, a))).length
			const head = ruleNeed === 1 ? `aucun juré ${ruleLabel}` : `${plural(got, 'juré')} ${ruleLabel} sur ${ruleNeed}`
			const why =
				ofKind.length === 0
					? got === 0
						? `le jury ne compte aucun juré ${ruleLabel}`
						: `le jury n’en compte pas d’autre`
					: kindConflicted === ofKind.length
						? 'ils sont tous en conflit avec ce dossier'
						: kindConflicted === 0
							? 'ils sont tous à leur maximum'
							: `ils sont en conflit (${kindConflicted}) ou à leur maximum (${ofKind.length - kindConflicted})`
			groupShort.push({ applicationId: applications[a]!.id, reason: `${head} : ${why}` })
		}
	}

	const loads = jurors.map((j, i) => ({ jurorId: j.id, load: load[i]!, maxLoad: j.maxLoad, kept: kept[i]!, added: load[i]! - kept[i]! }))
	return { assignments, removed, loads, short, groupShort, solver: { method: s.method, ms: Math.round(performance.now() - s.started) } }
}
