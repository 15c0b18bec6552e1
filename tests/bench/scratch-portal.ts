/**
 * A portal of its own for a bench scenario that needs a big call (deliberation page, bilan):
 * a scratch database (PostgreSQL by default, PGlite with BENCH_DB=pglite, as run.ts), the
 * scenario's rows inserted directly (seconds, not the minutes the domain's clicks would
 * take), then — when asked — the build and a server, and everything stopped and removed
 * afterwards, the environment given back to run.ts. BENCH_CPU_PROF=1 profiles the server.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { closeConnection } from '#db/client.server.ts'
import { runMigrations } from '#db/migrate.ts'
import { startThrowawayPostgres, type Cluster } from '../support/pg-cluster.ts'
import { freePort } from '../support/ports.ts'
import { SERVER_ENV, serverNodeArgs } from '../../server/node-args.ts'
import { summarizeProfile } from './cpu-profile.ts'

/** One GET that counts as served only when answered 200 (the body read whole). */
export async function getOk(url: string, cookie?: string): Promise<boolean> {
	try {
		const response = await fetch(url, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {}, signal: AbortSignal.timeout(120_000) })
		await response.arrayBuffer()
		return response.status === 200
	} catch {
		return false
	}
}

async function waitFor(url: string, child: ChildProcess) {
	const deadline = Date.now() + 120_000
	for (;;) {
		if (child.exitCode !== null) throw new Error(`le serveur s’est arrêté (code ${child.exitCode})`)
		if (await getOk(url)) return
		if (Date.now() > deadline) throw new Error(`${url} n’a pas démarré`)
		await new Promise((resolve) => setTimeout(resolve, 250))
	}
}

/**
 * Runs `seed` on a fresh database, then `inProcess` (measures on this process's connection),
 * then, with `server`, builds and starts the portal on that database and runs `server(baseUrl)`.
 */
export async function withScratchPortal<Seeded, Result>(options: {
	prefix: string
	seed: () => Promise<Seeded>
	inProcess?: (seeded: Seeded) => Promise<void>
	server: (baseUrl: string, seeded: Seeded) => Promise<Result>
}): Promise<Result> {
	const scratch = mkdtempSync(path.join(os.tmpdir(), `ensemble-bench-${options.prefix}-`))
	// BENCH_CPU_PROF_DIR keeps the .cpuprofile files (as in run.ts); by default they go with the temp dir.
	const profileDir = process.env.BENCH_CPU_PROF_DIR ? path.resolve(process.env.BENCH_CPU_PROF_DIR) : path.join(scratch, 'profile')
	const saved = { ...process.env }
	const env: Record<string, string> = {
		SESSION_SECRET: 'bench-secret-bench-secret',
		SECRETS_FILE: path.join(scratch, 'secrets.json'),
		MAIL_DIR: path.join(scratch, 'mail'),
		UPLOAD_DIR: path.join(scratch, 'uploads'),
	}
	let cluster: Cluster | undefined
	let server: ChildProcess | undefined
	try {
		if (process.env.BENCH_DB === 'pglite') {
			env.PGLITE_DIR = path.join(scratch, 'pglite')
			delete process.env.DATABASE_URL
		} else {
			cluster = await startThrowawayPostgres()
			env.DATABASE_URL = cluster.url
		}
		Object.assign(process.env, env)
		await closeConnection()
		await runMigrations()
		const seeded = await options.seed()
		await options.inProcess?.(seeded)
		// PGlite is one process's database: the server opens it after this process let go.
		await closeConnection()

		const built = spawnSync('npm', ['run', 'build'], { env: { ...process.env, NODE_ENV: 'production' }, stdio: 'ignore' })
		if (built.status !== 0) throw new Error('npm run build a échoué')
		const port = await freePort()
		const serverProcessEnv: NodeJS.ProcessEnv = { ...process.env, ...SERVER_ENV, NODE_ENV: 'production', SEED_DEMO: 'never', PORT: String(port) }
		server = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...serverNodeArgs(serverProcessEnv)], {
			env: serverProcessEnv,
			stdio: ['ignore', 'ignore', 'inherit'],
		})
		const baseUrl = `http://127.0.0.1:${port}`
		await waitFor(`${baseUrl}/healthz`, server)
		return await options.server(baseUrl, seeded)
	} finally {
		await closeConnection()
		if (server && server.exitCode === null) {
			const exited = new Promise((resolve) => server!.once('exit', resolve))
			server.kill('SIGTERM')
			await exited
		}
		cluster?.stop()
		if (existsSync(profileDir)) {
			for (const file of readdirSync(profileDir)) {
				const summary = summarizeProfile(path.join(profileDir, file))
				console.log(`  profil CPU du serveur : ${summary.totalMs} ms échantillonnées`)
				for (const f of summary.functions.slice(0, 15)) console.log(`    ${String(f.share).padStart(5)} %  ${String(f.ms).padStart(7)} ms  ${f.name}`)
			}
		}
		rmSync(scratch, { recursive: true, force: true })
		// run.ts prepares its own database and server after the pure scenarios: leave it the environment it had.
		for (const key of Object.keys(env)) delete process.env[key]
		Object.assign(process.env, saved)
	}
}
