/**
 * The tirage au sort of a call (seed 004: « un tirage au sort des acteurs volontaires qui vont
 * travailler ensemble… avec un délai de réflexion pour confirmer »), as a pure function: the
 * same seed, group size and volunteers always give the same groups, so anyone can check a
 * draw from what partner_draws records (docs/decisions/025-partner-announcements-and-draw.md).
 *
 * - Each département is drawn on its own: its volunteers, in the order given (the caller
 *   orders them by organisation id, as recorded in volunteer_ids), are shuffled by
 *   Fisher–Yates with a splitmix64 generator seeded by the draw's seed mixed with the
 *   département's code (FNV-1a), so that one département's volunteers never change another's.
 * - The shuffled list is cut into groups of `groupSize`; a remainder smaller than the group
 *   size is the waiting list, in drawn order (the next one takes a place left empty).
 */

const MASK = (1n << 64n) - 1n

/** splitmix64 (Steele, Lea, Flood 2014; the seeder of xoshiro): one 64-bit state, one addition and two multiplications per draw. */
export function splitmix64(seed: bigint): () => bigint {
	let state = seed & MASK
	return () => {
		state = (state + 0x9e3779b97f4a7c15n) & MASK
		let z = state
		z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK
		z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK
		return z ^ (z >> 31n)
	}
}

/** FNV-1a on 64 bits of the UTF-8 bytes: mixes a département's code into the seed. */
export function fnv1a64(text: string): bigint {
	let hash = 0xcbf29ce484222325n
	for (const byte of new TextEncoder().encode(text)) {
		hash ^= BigInt(byte)
		hash = (hash * 0x100000001b3n) & MASK
	}
	return hash
}

/** An index in [0, n) without modulo bias: draws above the last multiple of n are drawn again. */
export function uniformIndex(next: () => bigint, n: number): number {
	const size = BigInt(n)
	const limit = (1n << 64n) - ((1n << 64n) % size)
	for (;;) {
		const value = next()
		if (value < limit) return Number(value % size)
	}
}

/** Fisher–Yates from the end, on a copy. */
export function shuffle<T>(items: readonly T[], next: () => bigint): T[] {
	const result = [...items]
	for (let i = result.length - 1; i > 0; i--) {
		const j = uniformIndex(next, i + 1)
		;[result[i], result[j]] = [result[j]!, result[i]!]
	}
	return result
}

/** A seed is 16 hexadecimal digits (64 bits), as recorded in partner_draws.seed. */
export const SEED_PATTERN = /^[0-9a-f]{16}$/

export function parseSeed(seed: string): bigint {
	if (!SEED_PATTERN.test(seed)) throw new Error(`invalid draw seed: ${seed}`)
	return BigInt(`0x${seed}`)
}

export type DrawVolunteer = { organizationId: string; departement: string }
export type DrawnGroup = { departement: string; position: number; organizationIds: string[] }
export type DrawResult = { groups: DrawnGroup[]; waitingLists: Record<string, string[]> }

/** The départements in a fixed order (by code, as strings: '2A' and '2B' included). */
function departementsOf(volunteers: readonly DrawVolunteer[]): string[] {
	return [...new Set(volunteers.map((v) => v.departement))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

export function drawPartnerGroups({ seed, groupSize, volunteers }: { seed: string; groupSize: number; volunteers: readonly DrawVolunteer[] }): DrawResult {
	if (!Number.isInteger(groupSize) || groupSize < 2) throw new Error(`invalid group size: ${groupSize}`)
	const base = parseSeed(seed)
	const groups: DrawnGroup[] = []
	const waitingLists: Record<string, string[]> = {}
	for (const departement of departementsOf(volunteers)) {
		const ids = volunteers.filter((v) => v.departement === departement).map((v) => v.organizationId)
		const drawn = shuffle(ids, splitmix64(base ^ fnv1a64(departement)))
		const full = Math.floor(drawn.length / groupSize)
		for (let g = 0; g < full; g++) groups.push({ departement, position: g + 1, organizationIds: drawn.slice(g * groupSize, (g + 1) * groupSize) })
		waitingLists[departement] = drawn.slice(full * groupSize)
	}
	return { groups, waitingLists }
}
