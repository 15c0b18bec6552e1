/**
 * The `directory` bench scenario (issue 12): 25,000 associations with published profiles,
 * spread over the communes of France (their real coordinates, app/domain/directory/communes-fr.json),
 * with 1 to 3 themes, offers and needs each, inserted directly (not through the domain:
 * seconds instead of minutes). Then, against the trivial page:
 *
 *   a typical filtered search  /partenaires?theme=interculturel&departement=69&offre=locaux
 *   a distance search          /partenaires?commune=Lyon&distance=20
 *
 *   directory: associations=25000 search_ratio=X.XX   (the lower of the two ratios; target ≥ 0.5)
 *
 * Both searches are asked again and again, as many visitors asking the same thing: after the
 * first, their pages come from the searches' cache (search.server.ts). An extra line, out of
 * the scenario's line, gives the search computed each time (a different page per request).
 *
 * Pure in run.ts's sense: it brings its own portal (scratch-portal.ts).
 */
import { sql } from 'drizzle-orm'
import communes from '#app/domain/directory/communes-fr.json'
import { PUBLIC_VALUES, RESOURCE_VALUES, THEME_VALUES } from '#app/domain/directory/options.ts'
import { seededRandom } from '#app/domain/deliberation/random.ts'
import { SECTOR_VALUES } from '#app/domain/organizations/sectors.ts'
import { db } from '#db/client.server.ts'
import { associationProfiles, organizations } from '#db/schema/index.ts'
import { runLoad, WARMUP_MS } from './load.ts'
import { getOk, withScratchPortal } from './scratch-portal.ts'

const ASSOCIATIONS = 25_000
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 10_000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50)
export const DIRECTORY_SEARCHES = {
	filtered: '/partenaires?theme=interculturel&departement=69&offre=locaux',
	distance: '/partenaires?commune=Lyon&distance=20',
}

const WORDS = ['jardin', 'quartier', 'théâtre', 'football', 'contes', 'cuisine', 'musique', 'lecture', 'numérique', 'handicap', 'seniors', 'jeunesse', 'danse', 'vélo', 'entraide']

/** Inserts the associations and their published profiles, 1,000 rows a statement. */
export async function seedDirectory(count = ASSOCIATIONS) {
	const random = seededRandom(20261201)
	const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!
	const some = <T>(list: readonly T[]) => [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(list)))]
	const places = communes as [string, string, number, number][]
	// Big cities get more associations: one in four in the ten most common départements' first communes.
	const lyon = places.filter((p) => p[1] === '69')
	const t0 = performance.now()
	for (let start = 0; start < count; start += 1000) {
		const size = Math.min(1000, count - start)
		const rows = Array.from({ length: size }, (_, i) => {
			const place = random() < 0.1 ? pick(lyon) : pick(places)
			return { n: start + i + 1, place }
		})
		const inserted = await db
			.insert(organizations)
			.values(rows.map(({ n, place }) => ({ kind: 'association' as const, name: `Association ${pick(WORDS)} ${n}`, sector: pick(SECTOR_VALUES), commune: place[0], departement: place[1] })))
			.returning({ id: organizations.id })
		await db.insert(associationProfiles).values(
			inserted.map(({ id }, i) => ({
				organizationId: id,
				publishedAt: new Date('2026-11-01T12:00:00Z'),
				presentation: `Nous animons des ateliers de ${pick(WORDS)} et de ${pick(WORDS)} à ${rows[i]!.place[0]}, avec les habitants et d’autres associations.`,
				publics: some(PUBLIC_VALUES),
				themes: some(THEME_VALUES),
				offers: some(RESOURCE_VALUES),
				needs: some(RESOURCE_VALUES),
				latitude: rows[i]!.place[2],
				longitude: rows[i]!.place[3],
			})),
		)
	}
	await db.execute(sql`vacuum analyze`)
	console.log(`  ${count} associations et profils publiés insérés en ${Math.round(performance.now() - t0)} ms`)
}

export async function runDirectoryBench(): Promise<{ associations: number; search_ratio: string }> {
	return withScratchPortal({
		prefix: 'directory',
		seed: () => seedDirectory(),
		server: async (baseUrl) => {
			for (const [name, path] of Object.entries(DIRECTORY_SEARCHES)) {
				const response = await fetch(`${baseUrl}${path}`)
				const body = await response.text()
				if (response.status !== 200) throw new Error(`${path} répond ${response.status}`)
				console.log(`  recherche ${name} : ${body.match(/(\d[\d\s ]*) associations? trouvées?/)?.[0] ?? '?'}, ${Math.round(body.length / 1024)} Kio`)
			}
			const trivial = await runLoad({ concurrency: CONCURRENCY, durationMs: DURATION_MS, warmupMs: WARMUP_MS, task: () => getOk(`${baseUrl}/mot-de-passe-oublie`) })
			console.log(`  page triviale               ${trivial.rps} req/s   p50 ${trivial.p50} ms   p99 ${trivial.p99} ms   erreurs ${trivial.errors}/${trivial.requests}`)
			const ratios: number[] = []
			let errors = trivial.errors
			for (const [name, path] of Object.entries(DIRECTORY_SEARCHES)) {
				const page = await runLoad({ concurrency: CONCURRENCY, durationMs: DURATION_MS, warmupMs: WARMUP_MS, task: () => getOk(`${baseUrl}${path}`) })
				console.log(`  recherche ${name.padEnd(16)} ${page.rps} req/s   p50 ${page.p50} ms   p99 ${page.p99} ms   erreurs ${page.errors}/${page.requests}`)
				errors += page.errors
				ratios.push(trivial.rps > 0 ? page.rps / trivial.rps : 0)
			}
			// Not in the line: the search computed every time, each request another page of the
			// distance search (more pages than the cache keeps), for what a first visitor waits.
			let next = 0
			const computed = await runLoad({ concurrency: CONCURRENCY, durationMs: DURATION_MS, warmupMs: WARMUP_MS, task: () => getOk(`${baseUrl}${DIRECTORY_SEARCHES.distance}&page=${2 + (next++ % 88)}`) })
			console.log(`  recherche distance calculée ${computed.rps} req/s   p50 ${computed.p50} ms   p99 ${computed.p99} ms   erreurs ${computed.errors}/${computed.requests}   (ratio ${(computed.rps / trivial.rps).toFixed(2)}, hors ligne : chaque page autre, hors cache)`)
			return { associations: ASSOCIATIONS, search_ratio: errors > 0 ? `erreurs(${errors})` : Math.min(...ratios).toFixed(2) }
		},
	})
}
