/**
 * The load driver of the comparisons (pages, jury): `wrk`, the tool issue 7 measures with, when
 * the machine has it (Debian's package); BENCH_DRIVER=fetch, or no wrk, keeps the driver in
 * this process (tests/bench/load.ts).
 *
 * Why wrk: the driver shares the machine's two cores with the server. The fetch driver costs
 * 0.3 ms of CPU for a trivial page's request and 0.7 ms for a dossier's (docs/perf, ninth
 * round); wrk 0.05 ms whatever the page. With fetch, a bigger page pays for its client as well
 * as for its server, and its ratio to the trivial page says so; with wrk the ratio is the
 * server's.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { alternateTurns, type LoadResult } from './load.ts'

const WRK = ['/usr/bin/wrk', '/usr/local/bin/wrk'].find((candidate) => existsSync(candidate))
const REPORT_SCRIPT = path.resolve('tests/bench/wrk-report.lua')

/** 'wrk' when BENCH_DRIVER does not ask for fetch and wrk is installed. */
export const benchDriver = (): 'wrk' | 'fetch' => (process.env.BENCH_DRIVER !== 'fetch' && WRK ? 'wrk' : 'fetch')

type Slice = { requests: number; seconds: number; errors: number; p50: number; p95: number; p99: number }

/** `concurrency` connections on one wrk thread for `durationMs` (whole seconds, at least one). */
function wrkSlice(options: { url: string; cookie?: string; concurrency: number; durationMs: number }): Promise<Slice> {
	const seconds = Math.max(1, Math.round(options.durationMs / 1000))
	const args = ['-t1', `-c${options.concurrency}`, `-d${seconds}s`, '--timeout', '30s', '-s', REPORT_SCRIPT]
	if (options.cookie) args.push('-H', `Cookie: ${options.cookie}`)
	args.push(options.url)
	return new Promise((resolve, reject) => {
		execFile(WRK!, args, { encoding: 'utf8' }, (error, stdout, stderr) => {
			if (error) return reject(new Error(`wrk: ${error.message}\n${stderr}`))
			const line = stdout.split('\n').find((l) => l.startsWith('WRK '))
			if (!line) return reject(new Error(`wrk sans rapport :\n${stdout}`))
			const r = JSON.parse(line.slice(4)) as { requests: number; seconds: number; socketErrors: number; non200: number; p50: number; p95: number; p99: number }
			resolve({ requests: r.requests, seconds: r.seconds, errors: r.socketErrors + r.non200, p50: r.p50, p95: r.p95, p99: r.p99 })
		})
	})
}

/** Slices of one side added up; its percentiles are the slices' own, weighted by their requests (an approximation). */
function total(slices: Slice[], warmupErrors: number): LoadResult {
	const requests = slices.reduce((sum, s) => sum + s.requests, 0)
	const seconds = slices.reduce((sum, s) => sum + s.seconds, 0)
	const weighted = (key: 'p50' | 'p95' | 'p99') => (requests > 0 ? Math.round((slices.reduce((sum, s) => sum + s[key] * s.requests, 0) / requests) * 10) / 10 : 0)
	return {
		requests,
		errors: warmupErrors + slices.reduce((sum, s) => sum + s.errors, 0),
		seconds: Math.round(seconds * 10) / 10,
		rps: seconds > 0 ? Math.round((requests / seconds) * 10) / 10 : 0,
		p50: weighted('p50'),
		p95: weighted('p95'),
		p99: weighted('p99'),
	}
}

/** As runAlternating (tests/bench/load.ts), with wrk: the same turns (alternateTurns), each one wrk run of whole seconds. */
export async function runAlternatingWithWrk(options: {
	concurrency: number
	durationMs: number
	warmupMs: number
	sliceMs: number
	reference: { url: string; cookie?: string }
	page: { url: string; cookie?: string }
}): Promise<{ reference: LoadResult; page: LoadResult }> {
	const sides = [options.reference, options.page] as const
	const { warmups, turns } = await alternateTurns(
		{ durationMs: options.durationMs, warmupMs: options.warmupMs, sliceMs: options.sliceMs, shortestSliceMs: 1000 },
		(side, ms) => wrkSlice({ ...sides[side], concurrency: options.concurrency, durationMs: ms }),
	)
	return { reference: total(turns[0], warmups[0]?.errors ?? 0), page: total(turns[1], warmups[1]?.errors ?? 0) }
}
