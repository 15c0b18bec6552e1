/**
 * A small seeded generator for the deliberation (rank intervals, the lottery): the same seed
 * gives the same numbers on every machine and every run, so a draw written in the minutes
 * can be replayed. Not for secrets: the seed itself is chosen by the caller.
 */

/** The largest seed: seeds are 32-bit unsigned integers, written as such in the minutes. */
export const MAX_SEED = 0xffff_ffff

export function isSeed(seed: unknown): seed is number {
	return typeof seed === 'number' && Number.isInteger(seed) && seed >= 0 && seed <= MAX_SEED
}

/** mulberry32: uniform numbers in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): () => number {
	if (!isSeed(seed)) throw new Error(`Graine invalide : ${seed}`)
	let t = seed >>> 0
	return () => {
		t = (t + 0x6d2b79f5) >>> 0
		let r = Math.imul(t ^ (t >>> 15), 1 | t)
		r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r
		return ((r ^ (r >>> 14)) >>> 0) / 4_294_967_296
	}
}

/** Standard normal numbers from a uniform generator (Box–Muller, both values used). */
export function seededNormal(uniform: () => number): () => number {
	let spare: number | null = null
	return () => {
		if (spare !== null) {
			const value = spare
			spare = null
			return value
		}
		const u = 1 - uniform() // (0, 1]: the logarithm stays finite
		const v = uniform()
		const radius = Math.sqrt(-2 * Math.log(u))
		spare = radius * Math.sin(2 * Math.PI * v)
		return radius * Math.cos(2 * Math.PI * v)
	}
}
