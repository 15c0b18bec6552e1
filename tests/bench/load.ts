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
	if (options.warmupMs) {
		const warm = await runLoad({ ...options, warmupMs: 0, durationMs: options.warmupMs })
		errors += warm.errors
	}
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
	return summarize(latencies, errors, (performance.now() - started) / 1000)
}
