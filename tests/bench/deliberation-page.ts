/**
 * The `deliberation` bench scenario's page part (issue 9): the staff's deliberation page of
 * a call of 500 recevable dossiers, each scored by 3 of 30 jurors on 6 criteria, in req/s
 * over the trivial page's (`page_500_ratio`, target ≥ 0.25), measured as `jury` measures
 * its scoring page (tests/bench/load.ts, the same concurrency and duration).
 *
 * The scenario is a pure one in run.ts (it runs before run.ts prepares anything), so it
 * brings its own portal (scratch-portal.ts), its rows inserted directly from a fixed seed.
 */
import { createSession } from '#app/auth/session.server.ts'
import { seededRandom } from '#app/domain/deliberation/random.ts'
import { db } from '#db/client.server.ts'
import { applications, calls, criteria, jurors, juryAssignments, memberships, organizations, scores, themes, users } from '#db/schema/index.ts'
import { runLoad, WARMUP_MS } from './load.ts'
import { getOk, withScratchPortal } from './scratch-portal.ts'

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

export async function runDeliberationPageBench(): Promise<{ page_500_ratio: number | string }> {
	return withScratchPortal({
		prefix: 'deliberation',
		seed: async () => {
			const t0 = performance.now()
			const { staffUserId, callId } = await seedDeliberationCall()
			const cookie = (await createSession(staffUserId)).split(';')[0]!
			console.log(`  appel de ${DOSSIERS} dossiers × ${PER_DOSSIER} jurés × ${CRITERIA.length} critères inséré en ${Math.round(performance.now() - t0)} ms`)
			return { callId, cookie }
		},
		server: async (baseUrl, { callId, cookie }) => {
			const pagePath = `${baseUrl}/gestion/appels/${callId}/deliberation`
			const first = await fetch(pagePath, { redirect: 'manual', headers: { Cookie: cookie } })
			const body = await first.arrayBuffer()
			if (first.status !== 200) throw new Error(`${pagePath} répond ${first.status}, pas 200`)
			console.log(`  page de délibération : ${Math.round(body.byteLength / 1024)} Kio`)
			const trivial = await runLoad({ concurrency: CONCURRENCY, durationMs: DURATION_MS, warmupMs: WARMUP_MS, task: () => getOk(`${baseUrl}/mot-de-passe-oublie`) })
			console.log(`  page triviale               ${trivial.rps} req/s   p50 ${trivial.p50} ms   p99 ${trivial.p99} ms   erreurs ${trivial.errors}/${trivial.requests}`)
			const page = await runLoad({ concurrency: CONCURRENCY, durationMs: DURATION_MS, warmupMs: WARMUP_MS, task: () => getOk(pagePath, cookie) })
			console.log(`  page de délibération        ${page.rps} req/s   p50 ${page.p50} ms   p99 ${page.p99} ms   erreurs ${page.errors}/${page.requests}`)
			if (page.errors > 0 || trivial.errors > 0) return { page_500_ratio: `erreurs(${page.errors + trivial.errors})` }
			return { page_500_ratio: trivial.rps > 0 ? Math.round((page.rps / trivial.rps) * 100) / 100 : 0 }
		},
	})
}
