/**
 * The `bilan` bench scenario (issue 11): a call of 10,000 presented dossiers carried by
 * 25,000 associations, 4,000 of them retained with their evaluation sent (the consortium's
 * part and each association's), and a call of 500 dossiers of the same shape.
 *
 *   compute_ms  computeCallBilan on the 10,000-dossier call, in this process (median of 5; target ≤ 500)
 *   page_ratio  the bilan page of the 500-dossier call, in req/s over the trivial page's (target ≥ 0.25)
 *   pdf_ms, xlsx_ms  the 10,000-dossier call's PDF and XLSX downloaded whole from the server (median of 3)
 *
 * Pure in run.ts's sense: it brings its own portal (scratch-portal.ts).
 */
import { sql } from 'drizzle-orm'
import { createSession } from '#app/auth/session.server.ts'
import { computeCallBilan } from '#app/domain/bilan/bilan.server.ts'
import { seededRandom } from '#app/domain/deliberation/random.ts'
import { CONTINUE_CHOICES, DIFFICULTY_CATEGORIES, INTEREST_LEVELS, INVOLVEMENT_FORMS, OTHER_PARTNER_KINDS } from '#app/domain/reports/options.ts'
import { SECTOR_VALUES } from '#app/domain/organizations/sectors.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, calls, evaluationReports, evaluations, memberships, organizations, themes, users } from '#db/schema/index.ts'
import { runLoad, WARMUP_MS } from './load.ts'
import { getOk, withScratchPortal } from './scratch-portal.ts'

const BIG = { dossiers: 10_000, associations: 25_000, evaluated: 4_000 }
const PAGE_CALL = { dossiers: 500, associations: 1_250, evaluated: 200 }
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 10_000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50)
const THEMES = ['Intergénérationnel', 'Interculturel', 'Mixité entre filles et garçons', 'Rencontre handicap/valide']
const DEPARTEMENTS = ['69', '75', '13', '33', '59', '31', '44', '67', '06', '34', '38', '42', '35', '76', '57', '971', '974', '2A', '01', '73', '74', '26']

async function insertAll<T>(rows: T[], insert: (slice: T[]) => Promise<unknown>, size = 500) {
	for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size))
}

/** A decided call of `size.dossiers` presented dossiers, each of 2 or 3 of `size.associations` associations (some in several consortia). */
async function seedCall(funderId: string, title: string, size: typeof BIG, seed: number): Promise<string> {
	const random = seededRandom(seed)
	const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
	const [call] = await db
		.insert(calls)
		.values({ funderId, title, status: 'follow_up', deadlineAt: new Date('2026-03-15T12:00:00Z'), envelopeCents: size.evaluated * 1_000_000 })
		.returning()
	const callThemes = await db
		.insert(themes)
		.values(THEMES.map((label, position) => ({ callId: call!.id, label, position })))
		.returning()
	const associations: { id: string }[] = []
	await insertAll(
		Array.from({ length: size.associations }, (_, i) => ({
			kind: 'association' as const,
			name: `${title} — association ${i + 1}`,
			sector: pick(SECTOR_VALUES),
			annualBudgetCents: random() < 0.9 ? Math.round(1_000_000 + random() * 50_000_000) : null,
			employees: random() < 0.9 ? (random() < 0.25 ? 0 : Math.floor(random() * 20)) : null,
			departement: pick(DEPARTEMENTS),
		})),
		async (slice) => associations.push(...(await db.insert(organizations).values(slice).returning({ id: organizations.id }))),
		1000,
	)
	const consortia = Array.from({ length: size.dossiers }, () => {
		const count = random() < 0.5 ? 2 : 3
		const chosen = new Set<string>()
		while (chosen.size < count) chosen.add(pick(associations).id)
		return [...chosen]
	})
	const dossiers: { id: string }[] = []
	await insertAll(
		consortia.map((members, i) => {
			const retained = i < size.evaluated
			const requested = 100_000 * (5 + Math.floor(random() * 46))
			return {
				callId: call!.id,
				leadOrganizationId: members[0]!,
				title: `Projet ${i + 1}`,
				status: retained ? ('closed' as const) : pick(['rejected', 'inadmissible', 'waitlisted', 'submitted'] as const),
				submittedAt: new Date('2026-03-10T12:00:00Z'),
				themeIds: [pick(callThemes).id, ...(random() < 0.3 ? [pick(callThemes).id] : [])],
				amountRequestedCents: requested,
				amountGrantedCents: retained ? Math.round(requested * (0.5 + random() * 0.5)) : null,
				cooperation: { level: pick(['mutualisation', 'collaboration', 'cooperation']) },
				project: { indicators: [{ label: 'Participants', target: `${50 + Math.floor(random() * 200)} participants` }, { label: 'Ateliers', target: String(5 + Math.floor(random() * 20)) }] },
				budget: { charges: [{ account: '60', label: 'Achats', amountCents: 300_000 }, { account: '64', label: 'Personnel', amountCents: 700_000 }] },
			}
		}),
		async (slice) => dossiers.push(...(await db.insert(applications).values(slice).returning({ id: applications.id }))),
	)
	await insertAll(
		dossiers.flatMap((dossier, i) =>
			consortia[i]!.map((organizationId, m) => ({ applicationId: dossier.id, organizationId, role: m === 0 ? ('lead' as const) : ('co_carrier' as const), status: 'confirmed' as const })),
		),
		(slice) => db.insert(applicationMembers).values(slice),
		1000,
	)
	const evaluated = dossiers.slice(0, size.evaluated)
	await insertAll(
		evaluated.map((dossier) => ({ applicationId: dossier.id, status: 'approved' as const, dueOn: '2027-06-30' })),
		(slice) => db.insert(evaluationReports).values(slice),
		1000,
	)
	const yesNo = () => (random() < 0.7 ? 'oui' : 'non')
	await insertAll(
		evaluated.flatMap((dossier, i) => [
			{
				applicationId: dossier.id,
				organizationId: null,
				answers: {
					indicateurs: { indicators: [{ reached: `${Math.floor(random() * 250)} participants`, comment: '' }, { reached: String(Math.floor(random() * 25)), comment: '' }] },
					difficultes: { difficultiesMet: 'oui', [pick(DIFFICULTY_CATEGORIES).value]: 'Des agendas difficiles à faire coïncider.' },
					financier: { charges: [{ actual: 280_000, explanation: '' }, { actual: 750_000, explanation: '' }], products: [], coFunders: [] },
				},
			},
			...consortia[i]!.map((organizationId) => {
				const mobilised = yesNo()
				return {
					applicationId: dossier.id,
					organizationId,
					answers: {
						involvementForms: INVOLVEMENT_FORMS.filter(() => random() < 0.5).map((f) => f.value),
						interest: pick(INTEREST_LEVELS).value,
						mobilisedOthers: mobilised,
						otherPartners: mobilised === 'oui' ? [pick(OTHER_PARTNER_KINDS).value] : [],
						newFunding: yesNo(),
						notoriety: yesNo(),
						continueTogether: pick(CONTINUE_CHOICES).value,
					},
				}
			}),
		]),
		(slice) => db.insert(evaluations).values(slice),
		1000,
	)
	return call!.id
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

async function timedDownload(url: string, cookie: string): Promise<number> {
	const started = performance.now()
	const response = await fetch(url, { headers: { Cookie: cookie } })
	const body = await response.arrayBuffer()
	if (response.status !== 200) throw new Error(`${url} répond ${response.status}`)
	if (body.byteLength === 0) throw new Error(`${url} : fichier vide`)
	return performance.now() - started
}

/** The two calls of the scenario, of one funder, and its staff member's session cookie. */
export async function seedBilanCalls() {
	const t0 = performance.now()
	const [funder] = await db.insert(organizations).values({ kind: 'funder', name: 'Fondation du banc', departement: '75' }).returning()
	const [staff] = await db.insert(users).values({ email: 'banc.bilan@exemple.test', displayName: 'Gestion du banc', passwordHash: 'x', emailVerifiedAt: new Date() }).returning()
	await db.insert(memberships).values({ organizationId: funder!.id, userId: staff!.id, role: 'staff' })
	const bigCallId = await seedCall(funder!.id, 'Grand appel', BIG, 20261211)
	const pageCallId = await seedCall(funder!.id, 'Appel moyen', PAGE_CALL, 20261212)
	// Statistics and the visibility map as autovacuum would have left them by the time anyone
	// reads a bilan (and no autovacuum starting in the middle of a measure).
	await db.execute(sql`vacuum analyze`)
	const cookie = (await createSession(staff!.id)).split(';')[0]!
	console.log(`  appels de ${BIG.dossiers} et ${PAGE_CALL.dossiers} dossiers insérés en ${Math.round(performance.now() - t0)} ms`)
	return { bigCallId, pageCallId, cookie }
}

export async function runBilanBench(): Promise<{ applications: number; compute_ms: number; page_ratio: number | string; pdf_ms: number; xlsx_ms: number }> {
	let computeMs = 0
	return withScratchPortal({
		prefix: 'bilan',
		seed: seedBilanCalls,
		inProcess: async ({ bigCallId }) => {
			await computeCallBilan(db, bigCallId)
			const times: number[] = []
			for (let i = 0; i < 5; i++) {
				const started = performance.now()
				const bilan = await computeCallBilan(db, bigCallId)
				times.push(performance.now() - started)
				if (bilan.projects.presented !== BIG.dossiers) throw new Error(`bilan : ${bilan.projects.presented} dossiers présentés, ${BIG.dossiers} attendus`)
			}
			computeMs = Math.round(median(times))
			console.log(`  calcul du bilan (${BIG.dossiers} dossiers) : ${times.map(Math.round).join(', ')} ms`)
		},
		server: async (baseUrl, { bigCallId, pageCallId, cookie }) => {
			const pagePath = `${baseUrl}/gestion/appels/${pageCallId}/bilan`
			const first = await fetch(pagePath, { redirect: 'manual', headers: { Cookie: cookie } })
			const body = await first.arrayBuffer()
			if (first.status !== 200) throw new Error(`${pagePath} répond ${first.status}, pas 200`)
			console.log(`  page du bilan : ${Math.round(body.byteLength / 1024)} Kio`)
			const pdf: number[] = []
			const xlsx: number[] = []
			for (let i = 0; i < 3; i++) {
				pdf.push(await timedDownload(`${baseUrl}/gestion/appels/${bigCallId}/bilan.pdf`, cookie))
				xlsx.push(await timedDownload(`${baseUrl}/gestion/appels/${bigCallId}/bilan.xlsx`, cookie))
			}
			console.log(`  PDF : ${pdf.map(Math.round).join(', ')} ms   XLSX : ${xlsx.map(Math.round).join(', ')} ms`)
			const trivial = await runLoad({ concurrency: CONCURRENCY, durationMs: DURATION_MS, warmupMs: WARMUP_MS, task: () => getOk(`${baseUrl}/mot-de-passe-oublie`) })
			console.log(`  page triviale               ${trivial.rps} req/s   p50 ${trivial.p50} ms   p99 ${trivial.p99} ms   erreurs ${trivial.errors}/${trivial.requests}`)
			const page = await runLoad({ concurrency: CONCURRENCY, durationMs: DURATION_MS, warmupMs: WARMUP_MS, task: () => getOk(pagePath, cookie) })
			console.log(`  page du bilan (${PAGE_CALL.dossiers})        ${page.rps} req/s   p50 ${page.p50} ms   p99 ${page.p99} ms   erreurs ${page.errors}/${page.requests}`)
			const pageRatio = page.errors > 0 || trivial.errors > 0 ? `erreurs(${page.errors + trivial.errors})` : trivial.rps > 0 ? Math.round((page.rps / trivial.rps) * 100) / 100 : 0
			return { applications: BIG.dossiers, compute_ms: computeMs, page_ratio: pageRatio, pdf_ms: Math.round(median(pdf)), xlsx_ms: Math.round(median(xlsx)) }
		},
	})
}
