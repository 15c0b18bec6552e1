/**
 * The filters of the public showcase (/projets, /projets/cooperations), read from the query
 * string of a GET form: an unknown or malformed value is ignored, never an error. Plain module.
 */
export type ShowcaseFilters = { theme: string | null; departement: string | null; callId: string | null; year: number | null }

export const SHOWCASE_PAGE_SIZE = 20

const DEPARTEMENT = /^(\d{2,3}|2A|2B)$/
const ID = /^[\w-]{1,100}$/

export function readShowcaseFilters(params: URLSearchParams): ShowcaseFilters {
	const theme = (params.get('theme') ?? '').trim()
	const departement = (params.get('departement') ?? '').trim().toUpperCase()
	const callId = (params.get('appel') ?? '').trim()
	const year = Number(params.get('annee') ?? '')
	return {
		theme: theme && theme.length <= 200 ? theme : null,
		departement: DEPARTEMENT.test(departement) ? departement : null,
		callId: ID.test(callId) ? callId : null,
		year: Number.isInteger(year) && year >= 1990 && year <= 2200 ? year : null,
	}
}

export function readShowcasePage(params: URLSearchParams): number {
	const page = Number(params.get('page') ?? '1')
	return Number.isSafeInteger(page) && page >= 1 && page <= 100_000 ? page : 1
}

export function showcaseQuery(filters: Partial<ShowcaseFilters>, page = 1): string {
	const params = new URLSearchParams()
	if (filters.theme) params.set('theme', filters.theme)
	if (filters.departement) params.set('departement', filters.departement)
	if (filters.callId) params.set('appel', filters.callId)
	if (filters.year) params.set('annee', String(filters.year))
	if (page > 1) params.set('page', String(page))
	const query = params.toString()
	return query ? `?${query}` : ''
}

export const isFiltered = (filters: ShowcaseFilters) => filters.theme !== null || filters.departement !== null || filters.callId !== null || filters.year !== null
