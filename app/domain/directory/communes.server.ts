/**
 * The coordinates of French communes (GeoNames, CC-BY 4.0), from the file written by
 * scripts/communes-fr.ts: loaded once per process, then one Map lookup per question.
 */
import data from './communes-fr.json'
import { normalizeCommune, parseCommuneInput } from './communes.ts'

export type Commune = { name: string; departement: string; latitude: number; longitude: number }

let index: Map<string, Commune[]> | undefined

function communesByName(): Map<string, Commune[]> {
	if (index) return index
	index = new Map()
	for (const [name, departement, latitude, longitude] of data as [string, string, number, number][]) {
		const key = normalizeCommune(name)
		const list = index.get(key) ?? []
		list.push({ name, departement, latitude, longitude })
		index.set(key, list)
	}
	return index
}

export type CommuneLookup = { ok: true; commune: Commune } | { ok: false; message: string }

/**
 * The commune of this name (in this département when given, or written « Nom (38) »).
 * Unknown, or a name several départements share without one given: a French message.
 */
export function communeCoordinates(input: string, departement?: string | null): CommuneLookup {
	const parsed = parseCommuneInput(input)
	const name = parsed.name
	const wanted = (parsed.departement ?? departement ?? '').toUpperCase() || null
	if (!name) return { ok: false, message: 'Indiquez le nom d’une commune.' }
	const matches = communesByName().get(normalizeCommune(name)) ?? []
	const inDepartement = wanted ? matches.filter((c) => c.departement === wanted) : matches
	if (inDepartement.length === 0) {
		return {
			ok: false,
			message:
				matches.length > 0 && wanted
					? `La commune « ${name} » n’est pas connue dans le département ${wanted} (elle existe dans : ${matches.map((c) => c.departement).join(', ')}).`
					: `Commune inconnue : « ${name} ». Vérifiez l’orthographe (par exemple « Saint-Étienne ») ; seules les communes de plus de 1 000 habitants environ sont connues.`,
		}
	}
	// Two spellings of one place in one département (« Saint-X » and « St X ») are the same commune.
	if (inDepartement.length > 1 && new Set(inDepartement.map((c) => c.departement)).size > 1) {
		return {
			ok: false,
			message: `Plusieurs communes s’appellent « ${name} » : précisez le département, par exemple « ${inDepartement[0]!.name} (${inDepartement[0]!.departement}) » (départements : ${inDepartement.map((c) => c.departement).join(', ')}).`,
		}
	}
	return { ok: true, commune: inDepartement[0]! }
}
