/**
 * The journal's GET filters (/admin/journal?categorie=…&du=…): read from the query string,
 * every field checked on its own so that one wrong value is named next to its field and
 * the others still apply. Dates are Paris days, inclusive.
 */
import { z } from 'zod'
import { AUDIT_LABELS } from '#app/domain/audit-labels.ts'
import { isIsoDate, parisLocalToUtc } from '#app/domain/calls/paris-time.ts'
import { type AuditCategory, isAuditCategory } from './categories.ts'

/** Events per page of the journal. */
export const JOURNAL_PAGE_SIZE = 50
/** The most rows one export writes (the newest); the page says so. */
export const JOURNAL_EXPORT_CAP = 100_000

/** The subject types written by the code, with their French names (for the filter and the rows). */
export const SUBJECT_TYPES = {
	application: 'Dossier',
	call: 'Appel',
	organization: 'Structure',
	user: 'Compte',
	agreement: 'Convention',
	jury_assignment: 'Affectation du jury',
	email: 'Adresse sans compte',
	platform: 'Plateforme',
} as const

export type AuditFilters = {
	category: AuditCategory | null
	action: string | null
	/** Part of the name or the e-mail address of the person who acted or whom the event is about. */
	person: string | null
	subjectType: string | null
	subjectId: string | null
	/** Paris days, inclusive; kept as typed for the form. */
	from: string | null
	to: string | null
}

export type AuditFilterErrors = Partial<Record<'categorie' | 'action' | 'personne' | 'sujet' | 'sujetId' | 'du' | 'au', string>>

const text = (max: number, message: string) =>
	z.preprocess((value) => (typeof value === 'string' ? value.trim() : ''), z.string().max(max, message))

const FIELDS = {
	categorie: text(40, 'Catégorie inconnue.').refine((value) => value === '' || isAuditCategory(value), 'Catégorie inconnue.'),
	action: text(80, 'Action inconnue.').refine((value) => value === '' || Object.hasOwn(AUDIT_LABELS, value), 'Action inconnue.'),
	personne: text(100, 'Au plus 100 caractères.'),
	sujet: text(40, 'Type inconnu.').refine((value) => value === '' || Object.hasOwn(SUBJECT_TYPES, value), 'Type inconnu.'),
	sujetId: text(100, 'Au plus 100 caractères.').refine((value) => /^[\w.-]*$/.test(value), 'Un identifiant : lettres, chiffres et tirets.'),
	du: text(10, 'Une date comme 2026-03-31.').refine((value) => value === '' || isIsoDate(value), 'Une date comme 2026-03-31.'),
	au: text(10, 'Une date comme 2026-03-31.').refine((value) => value === '' || isIsoDate(value), 'Une date comme 2026-03-31.'),
} as const

export function readAuditFilters(params: URLSearchParams): { filters: AuditFilters; errors: AuditFilterErrors; values: Record<keyof typeof FIELDS, string> } {
	const errors: AuditFilterErrors = {}
	const values = {} as Record<keyof typeof FIELDS, string>
	const accepted = {} as Record<keyof typeof FIELDS, string>
	for (const [name, schema] of Object.entries(FIELDS) as [keyof typeof FIELDS, (typeof FIELDS)[keyof typeof FIELDS]][]) {
		const raw = params.get(name) ?? ''
		values[name] = raw.slice(0, 200)
		const parsed = schema.safeParse(raw)
		if (parsed.success) accepted[name] = parsed.data
		else {
			errors[name] = parsed.error.issues[0]!.message
			accepted[name] = ''
		}
	}
	if (accepted.du && accepted.au && accepted.du > accepted.au) errors.au = 'La date de fin précède la date de début.'
	const filters: AuditFilters = {
		category: (accepted.categorie || null) as AuditCategory | null,
		action: accepted.action || null,
		person: accepted.personne || null,
		subjectType: accepted.sujet || null,
		subjectId: accepted.sujetId || null,
		from: accepted.du || null,
		to: errors.au ? null : accepted.au || null,
	}
	return { filters, errors, values }
}

/** The instants of the date range: from the start of the first Paris day to the start of the day after the last. */
export function dateBounds(filters: Pick<AuditFilters, 'from' | 'to'>): { since: Date | null; before: Date | null } {
	const since = filters.from ? parisLocalToUtc(filters.from, '00:00') : null
	let before: Date | null = null
	if (filters.to) {
		const [year, month, day] = filters.to.split('-').map(Number) as [number, number, number]
		const next = new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10)
		before = parisLocalToUtc(next, '00:00')
	}
	return { since, before }
}

/** The query string of the filters (for the pages' links and the export), without the cursor. */
export function auditFiltersQuery(filters: AuditFilters): URLSearchParams {
	const params = new URLSearchParams()
	if (filters.category) params.set('categorie', filters.category)
	if (filters.action) params.set('action', filters.action)
	if (filters.person) params.set('personne', filters.person)
	if (filters.subjectType) params.set('sujet', filters.subjectType)
	if (filters.subjectId) params.set('sujetId', filters.subjectId)
	if (filters.from) params.set('du', filters.from)
	if (filters.to) params.set('au', filters.to)
	return params
}

/** A page cursor: the id of the last event shown (`avant`, older) or the first (`apres`, newer). */
export function readCursor(params: URLSearchParams): { direction: 'older' | 'newer'; eventId: string } | null {
	for (const [name, direction] of [
		['avant', 'older'],
		['apres', 'newer'],
	] as const) {
		const value = params.get(name)
		if (value && /^[\w-]{1,64}$/.test(value)) return { direction, eventId: value }
	}
	return null
}
