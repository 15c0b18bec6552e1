/**
 * npm run bench: prepares a database (PostgreSQL throwaway cluster, or PGlite in a temp dir
 * with BENCH_DB=pglite), starts the built portal on it as in production (one server
 * process), then runs each scenario and prints one line per scenario that a script can read.
 * Speed targets live here and in the README, never in tests.
 *
 *   npm run bench                    bilan, deliberation, jury, pages, crowd, deadline-rush (deadline-rush: PostgreSQL only)
 *   npm run bench -- bilan           the bilan of a 10,000-dossier call, its page, PDF and XLSX (own database and server)
 *   npm run bench -- pages crowd     chosen scenarios
 *   npm run bench -- directory       the partner directory's search over 25,000 published profiles (own database and server)
 *   npm run bench -- journal         the admin's audit journal over 200,000 events, and its CSV export (own database and server)
 *   npm run bench -- jury            the jury's automatic assignment, then the juror's scoring page
 *   npm run bench -- deliberation    the ranking core, the deliberation page of a 500-dossier call, 500 letters (each on its own database and server)
 *   npm run bench -- scale-out       two app servers on one PostgreSQL and one S3 store: 1,000 submissions over both, one killed halfway (own database, store and servers)
 *
 * Environment: BENCH_DB=postgres|pglite (default postgres), BENCH_DURATION_MS (per
 * measurement; crowd defaults to 60 s), BENCH_SLICE_MS (the turns in which pages and jury compare
 * a page with the trivial one, default 2 s), BENCH_DRIVER=fetch (compare with the in-process
 * fetch driver instead of wrk, tests/bench/wrk.ts; the crowd always uses fetch), BENCH_CONCURRENCY (default 50), BENCH_CPU_PROF=1
 * (server under node --cpu-prof, top self time printed at the end), BENCH_COUNT_QUERIES=1
 * (SQL statements per page, counted by tests/bench/query-counter.ts), BENCH_SLOW_MS (print slower requests),
 * BENCH_PAGES (the pages scenario's keys to measure, comma-separated; all by default), BENCH_HOLD=file
 * (keep the server running, its address and key pages written to the file, until Ctrl-C).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createSession } from '#app/auth/session.server.ts'
import { closeConnection } from '#db/client.server.ts'
import { runMigrations } from '#db/migrate.ts'
import { seedDemoIfNeeded } from '#db/seed.ts'
import { SERVER_ENTRY, SERVER_ENV, serverNodeFlags } from '../../server/node-args.ts'
import { startThrowawayPostgres, type Cluster } from '../support/pg-cluster.ts'
import { freePort } from '../support/ports.ts'
import { runBilanBench } from './bilan.ts'
import { runDirectoryBench } from './directory.ts'
import { runJournalBench } from './journal.ts'
import { summarizeProfile } from './cpu-profile.ts'
import { buildPagesDataset, type PagesDataset } from './dataset.ts'
import { prepareConsortia, rush, verify } from './deadline-rush.ts'
import { runRankingBench } from './deliberation.ts'
import { runScaleOutBench } from './scale-out.ts'
import { runLettersBench } from './deliberation-letters.ts'
import { runDeliberationPageBench } from './deliberation-page.ts'
import { findScoringPage, runJuryBench } from './jury.ts'
import { runAlternating, runLoad, type LoadResult, SLICE_MS, WARMUP_MS } from './load.ts'
import { benchDriver, runAlternatingWithWrk } from './wrk.ts'

type Database = 'postgres' | 'pglite'
type Context = {
	db: Database
	baseUrl: string
	bareUrl: string
	serverPid: number
	dataset: PagesDataset
	/** Session cookie ("name=value") by user id, created before the server starts. */
	cookies: Map<string, string>
	queryLog: string | null
	/** The demo juror's scoring page (read before the server starts), when the jury scenario runs. */
	scoringPage: { path: string; cookie: string } | null
}
type Scenario =
	| { name: string; pure?: false; needsDataset: boolean; run: (context: Context) => Promise<string> }
	/** Runs in this process on generated data: no build, database or server. */
	| { name: string; pure: true; run: () => Promise<string> }

const DB: Database = process.env.BENCH_DB === 'pglite' ? 'pglite' : 'postgres'
if (process.env.BENCH_DB && process.env.BENCH_DB !== DB) throw new Error('BENCH_DB vaut postgres ou pglite')
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 10_000)
const CROWD_DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 60_000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50)
const CROWD_USERS = 100
const CPU_PROF = process.env.BENCH_CPU_PROF === '1'
const COUNT_QUERIES = process.env.BENCH_COUNT_QUERIES === '1'
const REQUEST_TIMEOUT_MS = 120_000
/** BENCH_SLOW_MS: print each request slower than this (which pages wait). */
const SLOW_MS = Number(process.env.BENCH_SLOW_MS ?? 0)

const line = (name: string, fields: Record<string, string | number>) =>
	`${name}: ${Object.entries(fields)
		.map(([k, v]) => `${k}=${v}`)
		.join(' ')}`
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : 0)

/**
 * A page against the one it is compared to (the trivial page, or the bare Remix page), measured
 * in turns on the same server (runAlternating): a ratio is taken at one machine speed.
 */
const compare = (referenceUrl: string, url: string, cookie?: string) =>
	benchDriver() === 'wrk'
		? runAlternatingWithWrk({ concurrency: CONCURRENCY, durationMs: DURATION_MS, warmupMs: WARMUP_MS, sliceMs: SLICE_MS, reference: { url: referenceUrl }, page: { url, cookie } })
		: runAlternating({ concurrency: CONCURRENCY, durationMs: DURATION_MS, warmupMs: WARMUP_MS, reference: () => get(referenceUrl), task: () => get(url, cookie) })

/** What the failed requests got since the last report: HTTP status or exception name, with a count. */
const failures = new Map<string, number>()

/** One GET that counts as served only when answered 200 (a redirect to the login page is an error). */
async function get(url: string, cookie?: string): Promise<boolean> {
	const started = performance.now()
	try {
		const response = await fetch(url, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {}, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) })
		await response.arrayBuffer()
		if (response.status !== 200) failures.set(`HTTP ${response.status}`, (failures.get(`HTTP ${response.status}`) ?? 0) + 1)
		if (SLOW_MS && performance.now() - started > SLOW_MS) console.log(`  lente : ${Math.round(performance.now() - started)} ms ${new URL(url).pathname}${new URL(url).search}`)
		return response.status === 200
	} catch (error) {
		const name = error instanceof Error ? `${error.name}${'cause' in error && error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : 'erreur'
		failures.set(name, (failures.get(name) ?? 0) + 1)
		return false
	}
}

function report(label: string, result: LoadResult) {
	const why = [...failures.entries()].map(([k, n]) => `${k} ×${n}`).join(', ')
	failures.clear()
	console.log(
		`  ${label.padEnd(28)} ${String(result.rps).padStart(8)} req/s   p50 ${result.p50} ms   p95 ${result.p95} ms   p99 ${result.p99} ms   erreurs ${result.errors}/${result.requests}${why ? ` (${why})` : ''}`,
	)
}

/** The pages a signed-in lead and the funder's staff open, with the key they get in the `pages` line. */
function keyPages(context: Context) {
	const { pages, exports } = allKeyPages(context)
	// BENCH_PAGES=dossier,funder_list: only those pages (to profile one page with BENCH_CPU_PROF=1).
	const only = process.env.BENCH_PAGES?.split(',')
	const chosen = <T extends { key: string }>(list: T[]) => (only ? list.filter((p) => only.includes(p.key)) : list)
	return { pages: chosen(pages), exports: chosen(exports) }
}

function allKeyPages({ dataset, cookies }: Context) {
	const lead = dataset.leads[0]!
	const leadCookie = cookies.get(lead.userId)!
	const staffCookie = cookies.get(dataset.staffUserIds[0]!)!
	const dossier = `/candidatures/${lead.applicationId}`
	const gestion = `/gestion/appels/${dataset.callId}`
	const pages = [
		{ key: 'home', path: '/', cookie: leadCookie },
		{ key: 'call', path: `/appels/${dataset.callId}`, cookie: leadCookie },
		{ key: 'applications', path: '/candidatures', cookie: leadCookie },
		{ key: 'dossier', path: dossier, cookie: leadCookie },
		...['projet', 'cooperation', 'budget', 'questions', 'pieces', 'partenaires'].map((section) => ({ key: section, path: `${dossier}/${section}`, cookie: leadCookie })),
		// The funder's list as staff read it: its first page of 50 (of 500), then filtered.
		{ key: 'funder_list', path: `${gestion}/candidatures`, cookie: staffCookie },
		{ key: 'funder_list_filtered', path: `${gestion}/candidatures?theme=${dataset.themeIds[0]}&departement=69`, cookie: staffCookie },
		{ key: 'funder_dossier', path: `${gestion}/candidatures/${lead.applicationId}`, cookie: staffCookie },
	]
	const exports = [
		{ key: 'export_csv', path: `${gestion}/export/candidatures.csv`, cookie: staffCookie },
		{ key: 'export_xlsx', path: `${gestion}/export/candidatures.xlsx`, cookie: staffCookie },
	]
	return { pages, exports }
}

/** The SQL statements of one request to `url`, from the query counter's log (one JSON line per request). */
async function queriesOf(context: Context, url: string, cookie: string) {
	const before = readFileSync(context.queryLog!, 'utf8').length
	await get(context.baseUrl + url, cookie)
	await new Promise((resolve) => setTimeout(resolve, 50))
	const lines = readFileSync(context.queryLog!, 'utf8').slice(before).trim().split('\n').filter(Boolean)
	const entries = lines.map((l) => JSON.parse(l) as { url: string; queries: string[] })
	return entries.find((e) => e.url === url)?.queries ?? []
}

const scenarios: Scenario[] = [
	{
		// Several app servers (issue 13): two built servers on one PostgreSQL and one S3 store, a
		// file and a session across, 1,000 submissions spread over both, one killed with SIGKILL halfway.
		name: 'scale-out',
		pure: true,
		run: async () => line('scale-out', process.env.BENCH_DB === 'pglite' ? { skipped: 'pglite' } : await runScaleOutBench()),
	},
	{
		// The platform admin's journal (issue 13): its page over 200,000 audit events against the trivial page, and a 100,000-row CSV export.
		name: 'journal',
		pure: true,
		run: async () => line('journal', await runJournalBench()),
	},
	{
		// The partner directory (issue 12): its search page over 25,000 published profiles, against the trivial page.
		name: 'directory',
		pure: true,
		run: async () => line('directory', await runDirectoryBench()),
	},
	{
		// The call's bilan (issue 11): computed on a 10,000-dossier call, its page on a
		// 500-dossier call against the trivial page, its PDF and XLSX downloaded.
		name: 'bilan',
		pure: true,
		run: async () => line('bilan', await runBilanBench()),
	},
	{
		// Issue 9 (in progress): the pure ranking core alone — calibrated scores, rank
		// intervals, ranks and the funding line for 2,000 dossiers × 3 jurors × 6 criteria.
		// The ranking core, the deliberation page of a 500-dossier call and the bulk letters (issue 9).
		name: 'deliberation',
		pure: true,
		run: async () => line('deliberation', { ...runRankingBench(), ...(await runDeliberationPageBench()), ...(await runLettersBench()) }),
	},
	{
		// The jury's full automatic assignment (issue 8): 2,000 dossiers, 60 jurors, 150
		// organisation-level conflicts, through the pure planner and HiGHS; then a juror's
		// scoring page (the demo's, with the shared dossier view and the grid) against the trivial page.
		name: 'jury',
		needsDataset: false,
		async run({ baseUrl, scoringPage }) {
			const assignment = await runJuryBench()
			const page = scoringPage!
			const response = await fetch(baseUrl + page.path, { redirect: 'manual', headers: { Cookie: page.cookie } })
			if (response.status !== 200) throw new Error(`${page.path} répond ${response.status}, pas 200`)
			console.log(`  page de notation : ${Math.round((await response.arrayBuffer()).byteLength / 1024)} Kio`)
			const { reference: trivial, page: scoring } = await compare(`${baseUrl}/mot-de-passe-oublie`, baseUrl + page.path, page.cookie)
			report('page triviale', trivial)
			report('page de notation du juré', scoring)
			return line('jury', { ...assignment, scoring_page_ratio: ratio(scoring.rps, trivial.rps), errors: trivial.errors + scoring.errors })
		},
	},
	{
		// Each key page of a 500-application call against the trivial page (a form, no
		// database query) and a bare Remix page: ratios are req/s over the trivial page's.
		name: 'pages',
		needsDataset: true,
		async run(context) {
			const { baseUrl, bareUrl } = context
			const { pages, exports } = keyPages(context)
			console.log('  taille des réponses :')
			for (const page of [...pages, ...exports]) {
				const response = await fetch(baseUrl + page.path, { redirect: 'manual', headers: { Cookie: page.cookie } })
				const body = await response.arrayBuffer()
				if (response.status !== 200) throw new Error(`${page.path} répond ${response.status}, pas 200`)
				console.log(`    ${page.key.padEnd(22)} ${Math.round(body.byteLength / 1024)} Kio`)
			}
			if (context.queryLog) {
				console.log('  requêtes SQL par page (une requête HTTP chacune) :')
				for (const page of [...pages, ...exports]) {
					const queries = await queriesOf(context, page.path, page.cookie)
					console.log(`    ${page.key.padEnd(22)} ${queries.length}`)
					if (process.env.BENCH_SHOW_QUERIES === '1') for (const q of queries) console.log(`      ${q.slice(0, Number(process.env.BENCH_SHOW_QUERIES_CHARS ?? 160))}`)
				}
			}
			// Each page is measured in turns with the page it is compared to (compare()).
			const trivialUrl = `${baseUrl}/mot-de-passe-oublie`
			const { reference: bare, page: trivial } = await compare(`${bareUrl}/`, trivialUrl)
			report('page Remix nue', bare)
			report('page triviale', trivial)
			const fields: Record<string, number> = { bare_rps: bare.rps, trivial_rps: trivial.rps, trivial_to_bare: ratio(trivial.rps, bare.rps) }
			let errors = bare.errors + trivial.errors
			let worst = Number.POSITIVE_INFINITY
			for (const page of [...pages, ...exports]) {
				const { reference, page: result } = await compare(trivialUrl, baseUrl + page.path, page.cookie)
				report(`${page.key} (triviale : ${reference.rps} req/s)`, result)
				errors += reference.errors + result.errors
				fields[`${page.key}_ratio`] = ratio(result.rps, reference.rps)
				if (!page.key.startsWith('export_')) worst = Math.min(worst, ratio(result.rps, reference.rps))
			}
			return line('pages', { ...fields, worst_ratio: worst, errors })
		},
	},
	{
		// 100 signed-in users browsing at once: 95 leads (home, the call, their applications,
		// their dossier and its sections) and 5 funder staff (the list, filtered or not, and dossiers).
		name: 'crowd',
		needsDataset: true,
		async run(context) {
			const { baseUrl, dataset, cookies } = context
			const gestion = `/gestion/appels/${dataset.callId}`
			const staffCount = dataset.staffUserIds.length
			const walks = Array.from({ length: CROWD_USERS }, (_, worker) => {
				if (worker < staffCount) {
					const cookie = cookies.get(dataset.staffUserIds[worker]!)!
					const dossiers = dataset.leads.map((l) => `${gestion}/candidatures/${l.applicationId}`)
					return { cookie, paths: [`${gestion}/candidatures`, `${gestion}/candidatures?theme=${dataset.themeIds[worker % 2]}`, ...dossiers.slice(worker * 10, worker * 10 + 10)] }
				}
				const lead = dataset.leads[worker - staffCount]!
				const dossier = `/candidatures/${lead.applicationId}`
				return {
					cookie: cookies.get(lead.userId)!,
					paths: ['/', `/appels/${dataset.callId}`, '/candidatures', dossier, ...['projet', 'cooperation', 'budget', 'questions', 'pieces', 'partenaires'].map((s) => `${dossier}/${s}`)],
				}
			})
			const step = new Array<number>(CROWD_USERS).fill(0)
			let rssMax = 0
			const sample = () => {
				const status = readFileSync(`/proc/${context.serverPid}/status`, 'utf8')
				const kb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0)
				rssMax = Math.max(rssMax, Math.round(kb / 1024))
			}
			sample()
			const sampler = setInterval(sample, 500)
			const result = await runLoad({
				concurrency: CROWD_USERS,
				durationMs: CROWD_DURATION_MS,
				task: (worker) => {
					const walk = walks[worker]!
					const next = walk.paths[step[worker]!++ % walk.paths.length]!
					return get(baseUrl + next, walk.cookie)
				},
			})
			clearInterval(sampler)
			sample()
			report(`${CROWD_USERS} utilisateurs connectés`, result)
			return line('crowd', { db: context.db, rps: result.rps, p50_ms: result.p50, p99_ms: result.p99, errors: result.errors, rss_mb: rssMax })
		},
	},
	{
		// 1,000 consortia save their last section and submit, 200 at a time (issue 3). The
		// bench prepares and verifies them in the database while the server runs, which
		// only PostgreSQL allows (PGlite is one process's database).
		name: 'deadline-rush',
		needsDataset: false,
		async run({ baseUrl, db }) {
			if (db === 'pglite') return line('deadline-rush', { skipped: 'pglite' })
			const total = Number(process.env.RUSH_CONSORTIA ?? 1000)
			const concurrency = Number(process.env.RUSH_CONCURRENCY ?? 200)
			const t0 = performance.now()
			const consortia = await prepareConsortia(total)
			console.log(`  ${total} consortiums préparés en ${Math.round((performance.now() - t0) / 1000)} s`)
			const trivial = await runLoad({ concurrency, durationMs: DURATION_MS, task: () => get(`${baseUrl}/mot-de-passe-oublie`) })
			report(`page triviale (${concurrency} clients)`, trivial)
			const { acknowledged, load } = await rush(baseUrl, consortia, concurrency)
			report('enregistrer + déposer', load)
			const { stored, lost, duplicated } = await verify(acknowledged)
			console.log(`  déposés (accusés) ${acknowledged.length}/${total}, en base ${stored}, perdus ${lost}, en double ${duplicated}`)
			return line('deadline-rush', {
				submitted: acknowledged.length,
				stored,
				lost,
				duplicated,
				rps: load.rps,
				p99_ms: load.p99,
				ratio_to_trivial: Math.round((load.rps / trivial.rps) * 1000) / 1000,
			})
		},
	},
]

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'))
const selected = wanted.length ? scenarios.filter((s) => wanted.includes(s.name)) : scenarios
if (selected.length === 0 || selected.length < wanted.length) {
	console.error(`Scénario inconnu. Disponibles : ${scenarios.map((s) => s.name).join(', ')}`)
	process.exit(2)
}
const needsDataset = selected.some((s) => !s.pure && s.needsDataset)

// Pure scenarios first; when only they were asked for, nothing else is prepared.
const pureLines: string[] = []
for (const scenario of selected) {
	if (!scenario.pure) continue
	console.log(`\n${scenario.name}`)
	pureLines.push(await scenario.run())
}
if (selected.every((s) => s.pure)) {
	console.log('')
	for (const l of pureLines) console.log(l)
	process.exit(0)
}

async function exec(command: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
	const child = spawn(command, args, { stdio: 'inherit', env })
	await new Promise((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve(null) : reject(new Error(`${command} ${args.join(' ')} a échoué`)))))
}

async function waitFor(url: string, child: ChildProcess) {
	const deadline = Date.now() + 120_000
	for (;;) {
		if (child.exitCode !== null) throw new Error(`le serveur s’est arrêté (code ${child.exitCode})`)
		try {
			if ((await fetch(url)).status < 500) return
		} catch {
			// not yet listening
		}
		if (Date.now() > deadline) throw new Error(`${url} n’a pas démarré`)
		await new Promise((resolve) => setTimeout(resolve, 250))
	}
}

async function stop(child: ChildProcess | undefined) {
	if (!child || child.exitCode !== null) return
	const exited = new Promise((resolve) => child.once('exit', resolve))
	child.kill('SIGTERM')
	await exited
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'ensemble-bench-'))
const serverEnv: Record<string, string> = {
	SESSION_SECRET: 'bench-secret-bench-secret',
	SECRETS_FILE: path.join(scratch, 'secrets.json'),
	MAIL_DIR: path.join(scratch, 'mail'),
	UPLOAD_DIR: path.join(scratch, 'uploads'),
}
// The bench process writes the same database and upload folder as the server.
Object.assign(process.env, serverEnv)

let cluster: Cluster | undefined
let server: ChildProcess | undefined
let bareServer: ChildProcess | undefined
// BENCH_CPU_PROF_DIR keeps the .cpuprofile files (to open in Chrome DevTools); by default they go with the temp dir.
const profileDir = process.env.BENCH_CPU_PROF_DIR ? path.resolve(process.env.BENCH_CPU_PROF_DIR) : path.join(scratch, 'profile')
const lines: string[] = [...pureLines]
try {
	await exec('npm', ['run', 'build'], { ...process.env, NODE_ENV: 'production' })
	const bareBuild = path.join(scratch, 'bare-remix')
	if (selected.some((s) => s.name === 'pages')) {
		// The built server imports react and @remix-run/* from beside it: lend it the repo's node_modules.
		mkdirSync(bareBuild, { recursive: true })
		symlinkSync(path.resolve('node_modules'), path.join(bareBuild, 'node_modules'))
		await exec('npx', ['remix', 'build', 'tests/bench/bare-remix'], { ...process.env, NODE_ENV: 'production', BARE_REMIX_BUILD_DIR: bareBuild })
	}

	if (DB === 'postgres') {
		cluster = await startThrowawayPostgres()
		serverEnv.DATABASE_URL = cluster.url
	} else {
		serverEnv.PGLITE_DIR = path.join(scratch, 'pglite')
		delete process.env.DATABASE_URL
	}
	Object.assign(process.env, serverEnv)

	// Before the server starts (PGlite is opened by one process at a time): schema, demo, dataset, sessions.
	const t0 = performance.now()
	await runMigrations()
	await seedDemoIfNeeded({ NODE_ENV: 'production', SEED_DEMO: 'always' })
	let dataset: PagesDataset | undefined
	const cookies = new Map<string, string>()
	if (needsDataset) {
		dataset = await buildPagesDataset()
		const users = [...dataset.staffUserIds, ...dataset.leads.slice(0, CROWD_USERS).map((l) => l.userId)]
		for (const userId of users) cookies.set(userId, (await createSession(userId)).split(';')[0]!)
		const { applications, associations, users: people } = dataset.counts
		console.log(`Jeu de données : ${applications} dossiers déposés, ${associations} associations, ${people} utilisateurs (${Math.round((performance.now() - t0) / 1000)} s)`)
	}
	let scoringPage: Context['scoringPage'] = null
	if (selected.some((s) => s.name === 'jury')) {
		const page = await findScoringPage()
		scoringPage = { path: page.path, cookie: (await createSession(page.userId)).split(';')[0]! }
	}
	if (DB === 'pglite') await closeConnection()

	const port = await freePort()
	const queryLog = COUNT_QUERIES ? path.join(scratch, 'queries.jsonl') : null
	const serverProcessEnv: NodeJS.ProcessEnv = { ...process.env, ...SERVER_ENV, ...serverEnv, NODE_ENV: 'production', SEED_DEMO: 'always', PORT: String(port), ...(queryLog ? { BENCH_QUERY_LOG: queryLog } : {}) }
	const nodeArgs = [
		...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
		...serverNodeFlags(serverProcessEnv),
		// The counter is TypeScript: tsx for it alone (the server itself is the bundled build/server/).
		...(queryLog ? ['--import', 'tsx', '--import', './tests/bench/query-counter.ts'] : []),
		SERVER_ENTRY,
	]
	server = spawn(process.execPath, nodeArgs, {
		env: serverProcessEnv,
		stdio: ['ignore', 'ignore', 'inherit'],
	})
	const baseUrl = `http://127.0.0.1:${port}`
	await waitFor(`${baseUrl}/healthz`, server)
	if (queryLog) await get(`${baseUrl}/healthz`) // creates the log file
	let bareUrl = ''
	if (existsSync(path.join(bareBuild, 'index.js'))) {
		const barePort = await freePort()
		bareServer = spawn(process.execPath, ['--import', 'tsx', 'tests/bench/bare-remix/server.ts'], {
			env: { ...process.env, NODE_ENV: 'production', PORT: String(barePort), BARE_REMIX_BUILD_DIR: bareBuild },
			stdio: ['ignore', 'ignore', 'inherit'],
		})
		bareUrl = `http://127.0.0.1:${barePort}`
		await waitFor(`${bareUrl}/`, bareServer)
	}

	if (process.env.BENCH_HOLD) {
		// BENCH_HOLD=file: write the server's address and the key pages (with their cookies) to that
		// file, and keep the server running until this process is interrupted (to profile by hand).
		const { pages, exports } = dataset ? allKeyPages({ db: DB, baseUrl, bareUrl, serverPid: server.pid!, dataset, cookies, queryLog, scoringPage }) : { pages: [], exports: [] }
		const scoring = scoringPage ? [{ key: 'scoring', ...scoringPage }] : []
		writeFileSync(process.env.BENCH_HOLD, JSON.stringify({ baseUrl, bareUrl, serverPid: server.pid, pages: [...pages, ...exports, ...scoring] }, null, 2))
		console.log(`Serveur gardé (${baseUrl}) : ${process.env.BENCH_HOLD}. Ctrl-C pour arrêter.`)
		await new Promise((resolve) => process.once('SIGINT', resolve))
	}
	console.log(
		`Banc d’essai : ${DB === 'pglite' ? 'PGlite' : 'PostgreSQL'}, ${CONCURRENCY} clients simultanés, ${DURATION_MS / 1000} s par mesure, comparaisons avec ${benchDriver() === 'wrk' ? 'wrk' : 'fetch'}${CPU_PROF ? ', serveur sous --cpu-prof' : ''}`,
	)
	for (const scenario of selected) {
		if (scenario.pure) continue
		console.log(`\n${scenario.name}`)
		lines.push(await scenario.run({ db: DB, baseUrl, bareUrl, serverPid: server.pid!, dataset: dataset!, cookies, queryLog, scoringPage }))
	}
} finally {
	await closeConnection()
	await stop(bareServer)
	await stop(server)
	cluster?.stop()
	if (CPU_PROF && existsSync(profileDir)) {
		for (const file of readdirSync(profileDir)) {
			const summary = summarizeProfile(path.join(profileDir, file))
			console.log(`\nProfil CPU du serveur (${file}) : ${summary.totalMs} ms échantillonnées`)
			console.log('  temps propre par origine :')
			for (const p of summary.packages.slice(0, 15)) console.log(`    ${String(p.share).padStart(5)} %  ${String(p.ms).padStart(7)} ms  ${p.name}`)
			console.log('  fonctions les plus coûteuses (temps propre) :')
			for (const f of summary.functions) console.log(`    ${String(f.share).padStart(5)} %  ${String(f.ms).padStart(7)} ms  ${f.name}`)
		}
	}
	rmSync(scratch, { recursive: true, force: true })
}
console.log('')
for (const l of lines) console.log(l)
