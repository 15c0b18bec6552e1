/**
 * npm run bench: starts a throwaway PostgreSQL and the built portal on it (as in
 * production: one server process, pooled connections), then runs each scenario and prints
 * one line per scenario that a script can read. Speed targets live here, never in tests.
 *
 *   npm run bench              all scenarios
 *   npm run bench -- pages     one scenario
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { closeConnection } from '#db/client.server.ts'
import { startThrowawayPostgres } from '../support/pg-cluster.ts'
import { freePort } from '../support/ports.ts'
import { prepareConsortia, rush, verify } from './deadline-rush.ts'
import { runLoad, type LoadResult } from './load.ts'

type Context = { baseUrl: string }
type Scenario = { name: string; run: (context: Context) => Promise<string> }

const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 10_000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50)

const line = (name: string, fields: Record<string, string | number>) =>
	`${name}: ${Object.entries(fields)
		.map(([k, v]) => `${k}=${v}`)
		.join(' ')}`

function getTask(url: string) {
	return async () => {
		const response = await fetch(url)
		await response.arrayBuffer()
		return response.ok
	}
}

function report(label: string, result: LoadResult) {
	console.log(
		`  ${label.padEnd(28)} ${String(result.rps).padStart(8)} req/s   p50 ${result.p50} ms   p95 ${result.p95} ms   p99 ${result.p99} ms   erreurs ${result.errors}/${result.requests}`,
	)
}

const scenarios: Scenario[] = [
	{
		// A trivial Remix page (a form, no database query) against the home page, which lists
		// the open calls with their themes: the baseline later scenarios compare with.
		name: 'pages',
		async run({ baseUrl }) {
			const trivial = await runLoad({ concurrency: CONCURRENCY, durationMs: DURATION_MS, task: getTask(`${baseUrl}/mot-de-passe-oublie`) })
			report('page triviale', trivial)
			const home = await runLoad({ concurrency: CONCURRENCY, durationMs: DURATION_MS, task: getTask(`${baseUrl}/`) })
			report('accueil (appels ouverts)', home)
			return line('pages', {
				trivial_rps: trivial.rps,
				trivial_p99_ms: trivial.p99,
				home_rps: home.rps,
				home_p99_ms: home.p99,
				errors: trivial.errors + home.errors,
				ratio_home_to_trivial: Math.round((home.rps / trivial.rps) * 100) / 100,
			})
		},
	},
	{
		// 1,000 consortia save their last section and submit, 200 at a time (issue 3).
		name: 'deadline-rush',
		async run({ baseUrl }) {
			const total = Number(process.env.RUSH_CONSORTIA ?? 1000)
			const concurrency = Number(process.env.RUSH_CONCURRENCY ?? 200)
			const t0 = performance.now()
			const consortia = await prepareConsortia(total)
			console.log(`  ${total} consortiums préparés en ${Math.round((performance.now() - t0) / 1000)} s`)
			const trivial = await runLoad({ concurrency, durationMs: DURATION_MS, task: getTask(`${baseUrl}/mot-de-passe-oublie`) })
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
if (selected.length === 0) {
	console.error(`Scénario inconnu. Disponibles : ${scenarios.map((s) => s.name).join(', ')}`)
	process.exit(2)
}

const build = spawn('npx', ['remix', 'build'], { stdio: 'inherit' })
await new Promise((resolve, reject) => build.on('exit', (code) => (code === 0 ? resolve(null) : reject(new Error('remix build failed')))))

const cluster = await startThrowawayPostgres()
// The scenarios prepare their data through the domain, on the same database as the server.
process.env.DATABASE_URL = cluster.url
const port = await freePort()
const scratch = mkdtempSync(path.join(os.tmpdir(), 'ensemble-bench-'))
const server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
	env: { ...process.env, NODE_ENV: 'production', SEED_DEMO: 'always', SESSION_SECRET: 'bench-secret-bench-secret', DATABASE_URL: cluster.url, PORT: String(port), MAIL_DIR: path.join(scratch, 'mail'), UPLOAD_DIR: path.join(scratch, 'uploads') },
	stdio: ['ignore', 'ignore', 'inherit'],
})
const baseUrl = `http://127.0.0.1:${port}`
const lines: string[] = []
try {
	const deadline = Date.now() + 60_000
	for (;;) {
		try {
			if ((await fetch(`${baseUrl}/healthz`)).ok) break
		} catch {
			// not yet listening
		}
		if (Date.now() > deadline) throw new Error('le serveur n’a pas démarré')
		await new Promise((resolve) => setTimeout(resolve, 250))
	}
	console.log(`Banc d’essai : ${CONCURRENCY} clients simultanés, ${DURATION_MS / 1000} s par mesure, PostgreSQL ${cluster.url}`)
	for (const scenario of selected) {
		console.log(`\n${scenario.name}`)
		lines.push(await scenario.run({ baseUrl }))
	}
} finally {
	await closeConnection()
	server.kill('SIGTERM')
	await new Promise((resolve) => server.once('exit', resolve))
	cluster.stop()
	rmSync(scratch, { recursive: true, force: true })
}
console.log('')
for (const l of lines) console.log(l)
