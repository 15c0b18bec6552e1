/** A small closed-loop load driver: N workers, each sending its next request when the last answered. */
export type LoadResult = {
	requests: number
	errors: number
	seconds: number
	rps: number
	p50: number
	p95: number
	p99: number
}

export function percentile(sorted: number[], p: number): number {
	if (sorted.length === 0) return 0
	const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)
	return sorted[Math.max(0, index)]!
}

export function summarize(latencies: number[], errors: number, seconds: number): LoadResult {
	const sorted = [...latencies].sort((a, b) => a - b)
	const round = (x: number) => Math.round(x * 10) / 10
	return {
		requests: latencies.length,
		errors,
		seconds: round(seconds),
		rps: round(latencies.length / seconds),
		p50: round(percentile(sorted, 50)),
		p95: round(percentile(sorted, 95)),
		p99: round(percentile(sorted, 99)),
	}
}

/**
 * How long a page is loaded before it is measured (BENCH_WARMUP_MS, default 3 s): V8 compiles
 * a page's code as it runs it, and a page measured from its first request was, in its first
 * seconds, half as fast as in the next (each page, the trivial one included, is warmed alike).
 */
export const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 3_000)

type Slice = { latencies: number[]; errors: number; seconds: number }

/** `task` from `concurrency` workers for `durationMs` (and at most `maxRequests`): each latency and the errors. */
async function loadFor(options: { concurrency: number; durationMs: number; maxRequests?: number; task: (worker: number) => Promise<boolean> }): Promise<Slice> {
	let errors = 0
	const latencies: number[] = []
	let sent = 0
	const started = performance.now()
	const deadline = started + options.durationMs
	const max = options.maxRequests ?? Number.POSITIVE_INFINITY
	await Promise.all(
		Array.from({ length: options.concurrency }, async (_, worker) => {
			while (performance.now() < deadline && sent < max) {
				sent++
				const t0 = performance.now()
				let ok = false
				try {
					ok = await options.task(worker)
				} catch {
					ok = false
				}
				latencies.push(performance.now() - t0)
				if (!ok) errors++
			}
		}),
	)
	return { latencies, errors, seconds: (performance.now() - started) / 1000 }
}

/**
 * Runs `task` repeatedly from `concurrency` workers for `durationMs` (bounded in count and time),
 * after `warmupMs` of the same load that is not measured (its errors still count).
 */
export async function runLoad(options: {
	concurrency: number
	durationMs: number
	warmupMs?: number
	maxRequests?: number
	task: (worker: number) => Promise<boolean>
}): Promise<LoadResult> {
	let errors = 0
	if (options.warmupMs) errors += (await loadFor({ ...options, durationMs: options.warmupMs })).errors
	const slice = await loadFor(options)
	return summarize(slice.latencies, errors + slice.errors, slice.seconds)
}

/**
 * How long each turn of a comparison lasts (BENCH_SLICE_MS, default 2 s). This machine's speed
 * drifts by a third within minutes (other tenants of the host): measured one after the other,
 * two pages ten seconds apart were not compared at the same speed.
 */
export const SLICE_MS = Number(process.env.BENCH_SLICE_MS ?? 2_000)

/**
 * The turns of a comparison between two sides (0: the reference, 1: the page), whatever loads
 * them: both warmed for `warmupMs`, then turns of `sliceMs` each, A B B A … (so that a steady
 * drift of the machine's speed weighs on both alike), until each has had `durationMs`.
 * `load(side, ms)` loads one side for `ms` and reports what it measured.
 */
export async function alternateTurns<Slice>(
	options: { durationMs: number; warmupMs?: number; sliceMs: number; shortestSliceMs: number },
	load: (side: 0 | 1, ms: number) => Promise<Slice>,
): Promise<{ warmups: [Slice | undefined, Slice | undefined]; turns: [Slice[], Slice[]] }> {
	const warmups: [Slice | undefined, Slice | undefined] = [undefined, undefined]
	if (options.warmupMs) for (const side of [0, 1] as const) warmups[side] = await load(side, options.warmupMs)
	const sliceMs = Math.max(options.shortestSliceMs, Math.min(options.sliceMs, options.durationMs))
	const count = Math.max(1, Math.round(options.durationMs / sliceMs))
	const turns: [Slice[], Slice[]] = [[], []]
	for (let turn = 0; turn < count; turn++) {
		for (const side of turn % 2 === 0 ? ([0, 1] as const) : ([1, 0] as const)) turns[side].push(await load(side, sliceMs))
	}
	return { warmups, turns }
}

/**
 * Two pages compared on the same server (alternateTurns): a ratio of their req/s is then
 * measured at the same machine speed. A turn counts every request it sent and lasts until the
 * last is answered, as runLoad does: the requests in flight at its end have had most of their
 * work done (fifty interleaved requests finish close together), so leaving them out would count
 * a slow page's turn short by about one of its latencies.
 */
export async function runAlternating(options: {
	concurrency: number
	durationMs: number
	warmupMs?: number
	sliceMs?: number
	reference: (worker: number) => Promise<boolean>
	task: (worker: number) => Promise<boolean>
}): Promise<{ reference: LoadResult; page: LoadResult }> {
	const sides = [options.reference, options.task] as const
	const { warmups, turns } = await alternateTurns(
		{ durationMs: options.durationMs, warmupMs: options.warmupMs, sliceMs: options.sliceMs ?? SLICE_MS, shortestSliceMs: 100 },
		(side, ms) => loadFor({ concurrency: options.concurrency, durationMs: ms, task: sides[side] }),
	)
	const total = (side: 0 | 1) =>
		summarize(
			turns[side].flatMap((slice) => slice.latencies),
			(warmups[side]?.errors ?? 0) + turns[side].reduce((sum, slice) => sum + slice.errors, 0),
			turns[side].reduce((sum, slice) => sum + slice.seconds, 0),
		)
	return { reference: total(0), page: total(1) }
}
