/**
 * The `journal` bench scenario (issue 13): 200,000 audit events over a year, by 2,000
 * people, inserted directly. In process: the plan and time of the journal's statements
 * (first page, a page deep in the table, by person, by category, by a rare action, by dates).
 * Then, against the trivial page, the platform admin's journal page, filtered and not, and
 * the CSV export of 100,000 rows (the cap):
 *
 *   journal: events=200000 page_ratio=X.XX csv_100k_ms=N
 *
 * (page_ratio: the lowest of the pages' throughput over the trivial page's; target ≥ 0.5.)
 * Pure in run.ts's sense: it brings its own portal (scratch-portal.ts).
 */
import { eq, sql } from 'drizzle-orm'
import { createSession } from '#app/auth/session.server.ts'
import { AUDIT_LABELS } from '#app/domain/audit-labels.ts'
import { seededRandom } from '#app/domain/deliberation/random.ts'
import { readAuditFilters } from '#app/domain/audit-log/filters.ts'
import { journalPageQuery, listJournal, resolveFilters } from '#app/domain/audit-log/journal.server.ts'
import { db } from '#db/client.server.ts'
import { rowsOf } from '#db/raw-rows.ts'
import { auditEvents, users } from '#db/schema/index.ts'
import { runLoad, WARMUP_MS } from './load.ts'
import { getOk, withScratchPortal } from './scratch-portal.ts'

const EVENTS = 200_000
const PEOPLE = 2_000
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 10_000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50)
const YEAR_START = Date.parse('2026-01-01T00:00:00Z')
const YEAR_MS = 365 * 24 * 3600_000

export const JOURNAL_PAGES = {
	first: '/admin/journal',
	person: '/admin/journal?personne=personne0042',
	category: '/admin/journal?categorie=roles',
	dates: '/admin/journal?du=2026-06-01&au=2026-06-07&categorie=connexions',
}

export async function seedJournal() {
	const random = seededRandom(20261301)
	const t0 = performance.now()
	const people: string[] = []
	for (let start = 0; start < PEOPLE; start += 1000) {
		const inserted = await db
			.insert(users)
			.values(Array.from({ length: 1000 }, (_, i) => ({ email: `personne${String(start + i).padStart(4, '0')}@exemple.test`, displayName: `Personne ${start + i}`, passwordHash: 'x' })))
			.returning({ id: users.id })
		people.push(...inserted.map((u) => u.id))
	}
	const [admin] = await db.insert(users).values({ email: 'admin@exemple.test', displayName: 'Admin', passwordHash: 'x', platformRole: 'admin' }).returning({ id: users.id })
	// Logins dominate a real journal; every other action is rarer.
	const actions = Object.keys(AUDIT_LABELS)
	const pickAction = () => (random() < 0.5 ? (random() < 0.9 ? 'user.logged_in' : 'user.login_failed') : actions[Math.floor(random() * actions.length)]!)
	for (let start = 0; start < EVENTS; start += 5000) {
		await db.insert(auditEvents).values(
			Array.from({ length: 5000 }, (_, i) => {
				const actor = people[Math.floor(random() * people.length)]!
				const action = pickAction()
				return {
					actorUserId: random() < 0.05 ? null : actor,
					action,
					subjectType: action.startsWith('user.') ? 'user' : action.startsWith('organization.') ? 'organization' : 'call',
					subjectId: action.startsWith('user.') ? actor : `sujet-${Math.floor(random() * 500)}`,
					data: { ip: '203.0.113.7', version: start + i },
					createdAt: new Date(YEAR_START + ((start + i) / EVENTS) * YEAR_MS + Math.floor(random() * 1000)),
				}
			}),
		)
	}
	await db.execute(sql`vacuum analyze`)
	console.log(`  ${EVENTS} événements d’audit de ${PEOPLE} personnes insérés en ${Math.round(performance.now() - t0)} ms`)
	return { adminId: admin!.id }
}

/** Each statement's plan (its top lines) and time, as the page runs it. */
async function explainStatements() {
	const [deep] = await db.select({ id: auditEvents.id }).from(auditEvents).where(eq(sql`${auditEvents.data} ->> 'version'`, String(EVENTS / 2)))
	const cases: [string, string, { id: string } | null][] = [
		['première page', '', null],
		['page au milieu (100 000e)', '', { id: deep!.id }],
		...Object.entries(JOURNAL_PAGES)
			.filter(([name]) => name !== 'first')
			.map(([name, path]) => [name, path.split('?')[1] ?? '', null] as [string, string, null]),
		['action rare', 'action=call.published', null],
		['personne sans événement', 'personne=personne-inconnue', null],
		['personne, texte large', 'personne=exemple', null],
	]
	for (const [name, query, position] of cases) {
		const { filters } = readAuditFilters(new URLSearchParams(query))
		const statement = journalPageQuery(await resolveFilters(filters), position, 'older', 51)
		const plan = rowsOf<{ 'QUERY PLAN': string }>(await db.execute(sql`explain (analyze, costs off) ${statement.getSQL()}`)).map((r) => r['QUERY PLAN'])
		const time = plan.find((l) => l.startsWith('Execution Time')) ?? ''
		const scans = plan.filter((l) => /Scan/.test(l) && /audit_events/.test(l)).map((l) => l.trim().replace(/\s+\(actual.*$/, ''))
		console.log(`  ${name.padEnd(28)} ${time.padEnd(28)} ${scans.join(' ; ')}`)
	}
	const t0 = performance.now()
	for (let i = 0; i < 20; i++) await listJournal({ filters: readAuditFilters(new URLSearchParams()).filters, cursor: null })
	console.log(`  listJournal (première page, en process) : ${Math.round((performance.now() - t0) / 20)} ms`)
}

export async function runJournalBench(): Promise<{ events: number; page_ratio: string; csv_100k_ms: number }> {
	let cookie = ''
	return withScratchPortal({
		prefix: 'journal',
		seed: seedJournal,
		inProcess: async ({ adminId }) => {
			await explainStatements()
			cookie = (await createSession(adminId)).split(';')[0]!
		},
		server: async (baseUrl) => {
			const trivial = await runLoad({ concurrency: CONCURRENCY, durationMs: DURATION_MS, warmupMs: WARMUP_MS, task: () => getOk(`${baseUrl}/mot-de-passe-oublie`) })
			console.log(`  page triviale               ${trivial.rps} req/s   p50 ${trivial.p50} ms   p99 ${trivial.p99} ms   erreurs ${trivial.errors}/${trivial.requests}`)
			const ratios: number[] = []
			let errors = trivial.errors
			for (const [name, path] of Object.entries(JOURNAL_PAGES)) {
				const page = await runLoad({ concurrency: CONCURRENCY, durationMs: DURATION_MS, warmupMs: WARMUP_MS, task: () => getOk(`${baseUrl}${path}`, cookie) })
				console.log(`  journal ${name.padEnd(19)} ${page.rps} req/s   p50 ${page.p50} ms   p99 ${page.p99} ms   erreurs ${page.errors}/${page.requests}`)
				errors += page.errors
				ratios.push(trivial.rps > 0 ? page.rps / trivial.rps : 0)
			}
			const t0 = performance.now()
			const response = await fetch(`${baseUrl}/admin/journal.csv`, { headers: { Cookie: cookie } })
			const text = await response.text()
			const csvMs = Math.round(performance.now() - t0)
			const lines = text.split('\r\n').filter(Boolean).length - 1
			console.log(`  export CSV : ${lines} lignes, ${Math.round(text.length / 1024 / 1024)} Mio en ${csvMs} ms`)
			if (response.status !== 200 || lines !== 100_000) errors++
			return { events: EVENTS, page_ratio: errors > 0 ? `erreurs(${errors})` : Math.min(...ratios).toFixed(2), csv_100k_ms: csvMs }
		},
	})
}
