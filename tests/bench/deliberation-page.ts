/**
 * The `deliberation` bench scenario's page part (issue 9): the staff's deliberation page of
 * a call of 500 recevable dossiers, each scored by 3 of 30 jurors on 6 criteria, in req/s
 * over the trivial page's (`page_500_ratio`, target ≥ 0.25), measured as `jury` measures
 * its scoring page (tests/bench/load.ts, the same concurrency and duration).
 *
 * The scenario is a pure one in run.ts (it runs before run.ts prepares anything), so this
 * file brings its own: a scratch database (PostgreSQL by default, PGlite with
 * BENCH_DB=pglite, as run.ts), the rows inserted directly from a fixed seed (seconds, not
 * the minutes the domain's clicks would take), the build, a server, then both measures.
 * BENCH_CPU_PROF=1 profiles the server (tests/bench/cpu-profile.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createSession } from '#app/auth/session.server.ts'
import { seededRandom } from '#app/domain/deliberation/random.ts'
import { closeConnection, db } from '#db/client.server.ts'
import { runMigrations } from '#db/migrate.ts'
import { applications, calls, criteria, jurors, juryAssignments, memberships, organizations, scores, themes, users } from '#db/schema/index.ts'
import { startThrowawayPostgres, type Cluster } from '../support/pg-cluster.ts'
import { freePort } from '../support/ports.ts'
import { summarizeProfile } from './cpu-profile.ts'
import { runLoad } from './load.ts'

const DOSSIERS = 500
const JURORS = 30
const PER_DOSSIER = 3
const CRITERIA = [3, 2, 2, 1, 1, 1]
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 10_000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50)

/** Inserts in slices (one statement per slice: PostgreSQL caps a statement's parameters). */
async function insertAll<T>(rows: T[], insert: (slice: T[]) => Promise<unknown>, size = 500) {
	for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size))
}

/** A call in deliberation: 500 recevable dossiers of their own lead association, 3 sent evaluations each. Returns the staff user and the call. */
export async function seedDeliberationCall(): Promise<{ staffUserId: string; callId: string }> {
	const random = seededRandom(20261202)
	const pick = (n: number) => Math.floor(random() * n)
	const [funder] = await db.insert(organizations).values({ kind: 'funder', name: 'Fondation du banc', postalCode: '75001', commune: 'Paris', departement: '75' }).returning()
	const [staff] = await db.insert(users).values({ email: 'banc.deliberation@exemple.test', displayName: 'Gestion du banc', passwordHash: 'x', emailVerifiedAt: new Date() }).returning()
	await db.insert(memberships).values({ organizationId: funder!.id, userId: staff!.id, role: 'staff' })
	const [call] = await db
		.insert(calls)
		.values({
			funderId: funder!.id,
			title: 'Banc de délibération',
			status: 'deliberation',
			deadlineAt: new Date(Date.now() - 60 * 24 * 3600_000),
			envelopeCents: 250_000_000,
			maxAmountPerProjectCents: 3_000_000,
		})
		.returning()
	const callThemes = await db
		.insert(themes)
		.values(['Jeunesse', 'Culture', 'Environnement', 'Solidarité', 'Sport', 'Numérique'].map((label, position) => ({ callId: call!.id, label, position })))
		.returning()
	const grid = await db
		.insert(criteria)
		.values(CRITERIA.map((weight, position) => ({ callId: call!.id, label: `Critère ${position + 1}`, weight, scaleMax: 5, position })))
		.returning()
	const jurorUsers = await db
		.insert(users)
		.values(Array.from({ length: JURORS }, (_, j) => ({ email: `banc.jure${j}@exemple.test`, displayName: `Juré ${j + 1}`, passwordHash: 'x', emailVerifiedAt: new Date() })))
		.returning()
	const seats = await db
		.insert(jurors)
		.values(jurorUsers.map((u, j) => ({ callId: call!.id, userId: u.id, status: 'active' as const, isChair: j === 0 })))
		.returning()
	const departements = ['69', '38', '42', '01', '73', '74', '26', '07']
	const leads = await db
		.insert(organizations)
		.values(Array.from({ length: DOSSIERS }, (_, i) => ({ kind: 'association' as const, name: `Association ${i + 1}`, postalCode: '69003', commune: 'Lyon', departement: departements[i % departements.length]! })))
		.returning({ id: organizations.id })
	const dossiers: { id: string }[] = []
	await insertAll(
		leads.map((lead, i) => ({
			callId: call!.id,
			leadOrganizationId: lead.id,
			title: `Projet ${String(i + 1).padStart(3, '0')}`,
			status: 'admissible' as const,
			submittedAt: new Date(),
			amountRequestedCents: 100 * 1000 * (5 + pick(26)),
			themeIds: [callThemes[pick(callThemes.length)]!.id],
		})),
		async (slice) => dossiers.push(...(await db.insert(applications).values(slice).returning({ id: applications.id }))),
	)
	const leniency = seats.map(() => (random() - 0.5) * 1.2)
	const pairs = dossiers.flatMap((dossier) => {
		const panel = new Set<number>()
		while (panel.size < PER_DOSSIER) panel.add(pick(JURORS))
		return [...panel].map((j) => ({ dossier, j, quality: 1.5 + random() * 3 }))
	})
	// Each evaluation's marks first, so that its weighted score is written with it (as sendEvaluation does).
	const marks = pairs.map((p) => {
		const reading = p.quality + leniency[p.j]!
		return grid.map(() => Math.min(5, Math.max(0, Math.round(reading + (random() - 0.5) * 2))))
	})
	const weightOf = (values: number[]) => Math.round((values.reduce((sum, v, c) => sum + (grid[c]!.weight * v) / 5, 0) / grid.reduce((sum, c) => sum + c.weight, 0)) * 1000) / 10
	const assignments: { id: string }[] = []
	await insertAll(
		pairs.map((p, index) => ({ jurorId: seats[p.j]!.id, applicationId: p.dossier.id, startedAt: new Date(), submittedAt: new Date(), weightedScore: weightOf(marks[index]!) })),
		async (slice) => assignments.push(...(await db.insert(juryAssignments).values(slice).returning({ id: juryAssignments.id }))),
	)
	const values = assignments.flatMap((a, index) => grid.map((c, k) => ({ assignmentId: a.id, criterionId: c.id, value: marks[index]![k]! })))
	await insertAll(values, (slice) => db.insert(scores).values(slice))
	return { staffUserId: staff!.id, callId: call!.id }
}

async function get(url: string, cookie?: string): Promise<boolean> {
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
		if (await get(url)) return
		if (Date.now() > deadline) throw new Error(`${url} n’a pas démarré`)
		await new Promise((resolve) => setTimeout(resolve, 250))
	}
}

export async function runDeliberationPageBench(): Promise<{ page_500_ratio: number | string }> {
	const scratch = mkdtempSync(path.join(os.tmpdir(), 'ensemble-bench-deliberation-'))
	const profileDir = path.join(scratch, 'profile')
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
		const t0 = performance.now()
		await runMigrations()
		const { staffUserId, callId } = await seedDeliberationCall()
		const cookie = (await createSession(staffUserId)).split(';')[0]!
		console.log(`  appel de ${DOSSIERS} dossiers × ${PER_DOSSIER} jurés × ${CRITERIA.length} critères inséré en ${Math.round(performance.now() - t0)} ms`)
		// PGlite is one process's database: the server opens it after this process let go.
		await closeConnection()

		const built = spawnSync('npx', ['remix', 'build'], { env: { ...process.env, NODE_ENV: 'production' }, stdio: 'ignore' })
		if (built.status !== 0) throw new Error('npx remix build a échoué')
		const port = await freePort()
		server = spawn(process.execPath, [...(process.env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), '--import', 'tsx', 'server/index.ts'], {
			env: { ...process.env, NODE_ENV: 'production', SEED_DEMO: 'never', PORT: String(port) },
			stdio: ['ignore', 'ignore', 'inherit'],
		})
		const baseUrl = `http://127.0.0.1:${port}`
		await waitFor(`${baseUrl}/healthz`, server)
		const pagePath = `${baseUrl}/gestion/appels/${callId}/deliberation`
		const first = await fetch(pagePath, { redirect: 'manual', headers: { Cookie: cookie } })
		const body = await first.arrayBuffer()
		if (first.status !== 200) throw new Error(`${pagePath} répond ${first.status}, pas 200`)
		console.log(`  page de délibération : ${Math.round(body.byteLength / 1024)} Kio`)
		const trivial = await runLoad({ concurrency: CONCURRENCY, durationMs: DURATION_MS, task: () => get(`${baseUrl}/mot-de-passe-oublie`) })
		console.log(`  page triviale               ${trivial.rps} req/s   p50 ${trivial.p50} ms   p99 ${trivial.p99} ms   erreurs ${trivial.errors}/${trivial.requests}`)
		const page = await runLoad({ concurrency: CONCURRENCY, durationMs: DURATION_MS, task: () => get(pagePath, cookie) })
		console.log(`  page de délibération        ${page.rps} req/s   p50 ${page.p50} ms   p99 ${page.p99} ms   erreurs ${page.errors}/${page.requests}`)
		if (page.errors > 0 || trivial.errors > 0) return { page_500_ratio: `erreurs(${page.errors + trivial.errors})` }
		return { page_500_ratio: trivial.rps > 0 ? Math.round((page.rps / trivial.rps) * 100) / 100 : 0 }
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
