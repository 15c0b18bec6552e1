/**
 * How the call's bilan states a figure (issue 11, groundwork): as the 2012 bilan does (seed
 * 003), a percentage of those who answered, always with its count and its base (« 25 projets
 * sur 33 »); a base too small to mean anything says so instead of a percentage; medians with
 * ties as statisticians take them (an even count: the mean of the two middle values). Pure.
 */
import { formatInteger } from '#app/utils/format.ts'
import { pluralize } from '#app/utils/pluralize.ts'

/** Below this many answers a percentage would mislead: the count alone is given. */
export const MIN_ANSWERS_FOR_PERCENT = 5

export type Share = {
	count: number
	/** Those who answered the question (not everyone asked). */
	base: number
	/** One decimal; null when the base is too small (or empty). */
	percent: number | null
}

export function share(count: number, base: number, minBase = MIN_ANSWERS_FOR_PERCENT): Share {
	if (!Number.isInteger(count) || !Number.isInteger(base) || count < 0 || base < 0 || count > base) throw new Error(`not a share: ${count} of ${base}`)
	const percent = base >= minBase && base > 0 ? Math.round((count / base) * 1000) / 10 : null
	return { count, base, percent }
}

/** « 82,1 % — 23 projets sur 28 », or « 3 projets sur 4 (trop peu de réponses pour un pourcentage) ». */
export function shareText(value: Share, unit: { one: string; many: string }): string {
	const counted = `${pluralize(value.count, unit.one, unit.many)} sur ${formatInteger(value.base)}`
	if (value.base === 0) return 'Aucune réponse'
	if (value.percent === null) return `${counted} (trop peu de réponses pour un pourcentage)`
	return `${String(value.percent).replace('.', ',')} % — ${counted}`
}

/** The median of the values given (those unknown left out by the caller); null when there are none. */
export function median(values: readonly number[]): number | null {
	if (values.length === 0) return null
	const sorted = [...values].sort((a, b) => a - b)
	const middle = Math.floor(sorted.length / 2)
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}
