/**
 * Instruction of a call's applications by its funder's staff: the pure part (filters,
 * counts, the admissibility rule and its form). Plain module, shared by the browser and
 * the server; instruction.server.ts loads, checks ownership and writes.
 */
import { z } from 'zod'
import { utcToParisLocal } from '#app/domain/calls/paris-time.ts'
import { admissibilityTransition, type ApplicationTransition } from './lifecycle.ts'
import { APPLICATION_STATUSES, type ApplicationStatus } from './statuses.ts'

/** What the funder sees: every status but the draft, which belongs to the consortium until submitted. */
export const VISIBLE_STATUSES = APPLICATION_STATUSES.filter((status): status is VisibleStatus => status !== 'draft')
export type VisibleStatus = Exclude<ApplicationStatus, 'draft'>

export function isVisibleToFunder(status: string): status is VisibleStatus {
	return (VISIBLE_STATUSES as readonly string[]).includes(status)
}

/** The call statuses before the jury starts: until then an admissibility decision may be changed. */
export const ADMISSIBILITY_REVERSIBLE_CALL_STATUSES = ['published', 'closed'] as const

export type AdmissibilityDecision = 'admissible' | 'inadmissible'

export const ADMISSIBILITY_LABELS: Record<AdmissibilityDecision, string> = {
	admissible: 'Recevable',
	inadmissible: 'Irrecevable',
}

/** The call has not reached the jury: the 'call-before-jury' requirement of the lifecycle table. */
export function isCallBeforeJury(callStatus: string): boolean {
	return (ADMISSIBILITY_REVERSIBLE_CALL_STATUSES as readonly string[]).includes(callStatus)
}

/**
 * Whether staff may record this decision now, as the lifecycle table says: a submitted
 * application, or (to change one's mind) an admissible or inadmissible one while the call
 * has not reached the jury. The transition to fire comes with the answer.
 */
export function checkAdmissibility(
	applicationStatus: string,
	callStatus: string,
	decision: AdmissibilityDecision,
): { ok: true; transition: ApplicationTransition } | { ok: false; message: string } {
	const transition = admissibilityTransition(applicationStatus, decision)
	const reversal = applicationStatus === 'admissible' || applicationStatus === 'inadmissible'
	if (reversal && !isCallBeforeJury(callStatus)) {
		return { ok: false, message: 'Le jury a commencé : la décision de recevabilité ne peut plus être modifiée.' }
	}
	if (transition) return { ok: true, transition }
	if (reversal) return { ok: false, message: `Ce dossier est déjà déclaré ${ADMISSIBILITY_LABELS[decision].toLowerCase()}.` }
	if (applicationStatus === 'withdrawn') return { ok: false, message: 'Ce dossier a été retiré par l’association chef de file : il n’est plus instruit.' }
	if (applicationStatus === 'draft') return { ok: false, message: 'Ce dossier n’a pas été déposé.' }
	return { ok: false, message: 'Ce dossier est déjà entré dans la phase d’examen : sa recevabilité ne se décide plus ici.' }
}

/** Whether the page offers the admissibility form at all: some decision can be recorded now. */
export function canDecideAdmissibility(applicationStatus: string, callStatus: string): boolean {
	return (['admissible', 'inadmissible'] as const).some((decision) => checkAdmissibility(applicationStatus, callStatus, decision).ok)
}

export const REASON_MAX = 2000

export const AdmissibilitySchema = z
	.object({
		intent: z.literal('admissibility'),
		// Missing, or a value the form does not offer: the same French message (Zod's own is English).
		decision: z.enum(['admissible', 'inadmissible'], { errorMap: () => ({ message: 'Choisissez « recevable » ou « irrecevable ».' }) }),
		reason: z
			.string()
			.trim()
			.max(REASON_MAX, `Le motif ne doit pas dépasser ${REASON_MAX.toLocaleString('fr-FR')} caractères.`)
			.optional()
			.transform((v) => v ?? ''),
	})
	.superRefine((value, ctx) => {
		if (value.decision === 'inadmissible' && !value.reason) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: ['reason'],
				message: 'Indiquez le motif d’irrecevabilité : il est envoyé à chaque association du consortium.',
			})
		}
	})

// ---------------------------------------------------------------------------------------
// The list: filters (GET query parameters) and counts.

export type ListFilters = { status: VisibleStatus | null; themeId: string | null; departement: string | null }

const DEPARTEMENT = /^(\d{2,3}|2A|2B)$/

/** Reads the filters from the query string; an unknown value is ignored, never an error. */
export function readFilters(params: URLSearchParams): ListFilters {
	const status = params.get('statut') ?? ''
	const themeId = (params.get('theme') ?? '').trim()
	const departement = (params.get('departement') ?? '').trim().toUpperCase()
	return {
		status: isVisibleToFunder(status) ? status : null,
		themeId: themeId && themeId.length <= 100 ? themeId : null,
		departement: DEPARTEMENT.test(departement) ? departement : null,
	}
}

/** The page of the list asked for (`?page=2`); anything else is the first page. */
export function readPage(params: URLSearchParams): number {
	const page = Number(params.get('page') ?? '1')
	return Number.isSafeInteger(page) && page >= 1 ? page : 1
}

/** The query string of the filters, for links (exports, "retirer ce filtre"). */
export function filtersQuery(filters: ListFilters): string {
	const params = new URLSearchParams()
	if (filters.status) params.set('statut', filters.status)
	if (filters.themeId) params.set('theme', filters.themeId)
	if (filters.departement) params.set('departement', filters.departement)
	const query = params.toString()
	return query ? `?${query}` : ''
}

export type FilterableRow = { status: string; themeIds: string[]; departements: string[] }

function matchesOthers(row: FilterableRow, filters: ListFilters) {
	if (filters.themeId && !row.themeIds.includes(filters.themeId)) return false
	if (filters.departement && !row.departements.includes(filters.departement)) return false
	return true
}

export function applyFilters<T extends FilterableRow>(rows: T[], filters: ListFilters): T[] {
	return rows.filter((row) => matchesOthers(row, filters) && (!filters.status || row.status === filters.status))
}


// ---------------------------------------------------------------------------------------
// Exports.

/** A cell a spreadsheet could take for a formula ("=…", "+…", "-…", "@…") is kept as text. */
export function spreadsheetText(value: string): string {
	return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

/** 'YYYY-MM-DD HH:MM', Paris time: sortable, and read as a date by Excel and LibreOffice. */
export function parisTimestamp(value: Date | string | null): string | null {
	if (!value) return null
	const { date, time } = utcToParisLocal(value)
	return `${date} ${time}`
}

/**
 * The same Paris wall-clock time as a Date whose UTC fields carry it: spreadsheets have no
 * time zone and show a date cell's UTC fields.
 */
export function parisWallClock(value: Date | string | null): Date | null {
	if (!value) return null
	const { date, time } = utcToParisLocal(value)
	return new Date(`${date}T${time}:00.000Z`)
}

/** Cents → euros, for a number cell. */
export function euros(cents: number | null | undefined): number | null {
	return cents === null || cents === undefined ? null : cents / 100
}
