/**
 * Matching a commune typed by a person with the communes known to the portal: case,
 * accents, hyphens, apostrophes and « Saint » / « St » do not matter; « Vienne (38) » names
 * the département. Plain module (unit-tested); the data is read in communes.server.ts.
 */

/** « Saint-Étienne », « saint etienne », « ST ETIENNE » → « saint etienne ». */
export function normalizeCommune(name: string): string {
	return name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/œ/g, 'oe')
		.replace(/æ/g, 'ae')
		.replace(/[-'’‘`.\s_]+/g, ' ')
		.replace(/\bste\b/g, 'sainte')
		.replace(/\bst\b/g, 'saint')
		.trim()
}

/** « Vienne (38) » → { name: 'Vienne', departement: '38' }; without parentheses, no département. */
export function parseCommuneInput(input: string): { name: string; departement: string | null } {
	const match = input.trim().match(/^(.*?)\s*\(\s*(\d{2,3}|2[ab])\s*\)\s*$/i)
	if (!match) return { name: input.trim(), departement: null }
	return { name: match[1]!.trim(), departement: match[2]!.toUpperCase() }
}

/** Great-circle distance in km (the same formula the search runs in SQL). */
export function distanceKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
	const rad = Math.PI / 180
	const dLat = (b.latitude - a.latitude) * rad
	const dLng = (b.longitude - a.longitude) * rad
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2
	return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)))
}

export const EARTH_RADIUS_KM = 6371
