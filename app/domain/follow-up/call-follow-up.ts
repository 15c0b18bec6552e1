/**
 * The bounds and filters of the call's follow-up page (issue 10), shared by its loader and
 * its component. Plain module.
 */
import type { TrancheState } from '#app/domain/agreements/tranches.ts'

export const DOSSIERS_PER_PAGE = 50
/** The tranches listed on the page (the export has them all). */
export const TRANCHES_SHOWN = 100
export const LATE_REPORTS_SHOWN = 100
/** Far above any call (hundreds of dossiers, six tranches at most each): a bound, not a page. */
export const EXPORT_MAX_TRANCHES = 20_000

export const TRANCHE_STATES = ['late', 'due', 'waiting', 'paid'] as const satisfies readonly TrancheState[]

/** The state asked for in the query string (`?etat=late`); anything else is every state. */
export function readTrancheState(value: string | null): TrancheState | null {
	return (TRANCHE_STATES as readonly string[]).includes(value ?? '') ? (value as TrancheState) : null
}

