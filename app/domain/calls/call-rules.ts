/** Pure rules of a call's set-up and lifecycle, shared by the forms and the domain. */
import { utcToParisLocal } from './paris-time.ts'

/** A call's fields may be edited while it is a draft or open; after closing they are fixed. */
export const EDITABLE_STATUSES = ['draft', 'published'] as const
/** The jury grid may still change until the jury starts. */
export const GRID_EDITABLE_STATUSES = ['draft', 'published', 'closed'] as const

export const MAX_QUESTIONS = 20
export const MAX_CRITERIA = 30
export const MAX_THEMES = 30
export const MAX_ATTACHMENTS = 20
/** Rows offered under the filled ones, so that rows can be added without JavaScript (never past the maximum). */
export const BLANK_ROWS = 3
/** The most choices a "choice" question offers. */
export const MAX_CHOICES = 30

/** The most characters the funder may allow for a short or a long text answer. */
export const SHORT_TEXT_LIMIT_MAX = 500
export const LONG_TEXT_LIMIT_MAX = 20_000

/** Rows a form offers: the filled ones, then blank ones up to BLANK_ROWS, never more than max in all. */
export function blankRowCount(filled: number, max: number, blanks = BLANK_ROWS): number {
	return Math.max(0, Math.min(blanks, max - filled))
}

/** Before the portal existed: a date earlier than this is a typo (1999, 2002 for 2026). */
export const EARLIEST_PLAUSIBLE_YEAR = 2020

/**
 * A date of a calendar or of a project's schedule must be plausible: not before
 * EARLIEST_PLAUSIBLE_YEAR, not more than ten years ahead. A fixed floor rather than "last
 * year" keeps dated tests and imported past calls valid as years go by; the calendar order
 * and the deadline checks catch a date that is merely in the past. Returns the French
 * message when it is not plausible, null when it is.
 */
export function checkDateRange(isoDate: string, now = new Date()): string | null {
	const year = Number(isoDate.slice(0, 4))
	const current = now.getUTCFullYear()
	if (year < EARLIEST_PLAUSIBLE_YEAR) return `Cette date est trop ancienne : indiquez une date à partir de ${EARLIEST_PLAUSIBLE_YEAR}.`
	if (year > current + 10) return `Cette date est trop lointaine : indiquez une date avant ${current + 11}.`
	return null
}

export function isEditable(status: string): boolean {
	return (EDITABLE_STATUSES as readonly string[]).includes(status)
}

export function isGridEditable(status: string): boolean {
	return (GRID_EDITABLE_STATUSES as readonly string[]).includes(status)
}

/**
 * A key for a label, stable once given: "Dernier rapport d’activité" → "dernier-rapport-d-activite".
 * Lowercase ASCII letters, digits and dashes; at most 40 characters.
 */
export function slugify(label: string): string {
	const slug = label
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/œ/gi, 'oe')
		.replace(/æ/gi, 'ae')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 40)
		.replace(/-+$/, '')
	return slug || 'piece'
}

/** slugify(label), made unique among the keys already taken ("statuts", "statuts-2", …). */
export function uniqueKey(label: string, taken: Iterable<string>): string {
	const used = new Set(taken)
	const base = slugify(label)
	if (!used.has(base)) return base
	for (let n = 2; ; n++) {
		const candidate = `${base}-${n}`
		if (!used.has(candidate)) return candidate
	}
}

export type Calendar = {
	opensAt: Date | null
	deadlineAt: Date | null
	juryStartsOn: string | null
	juryEndsOn: string | null
	decisionOn: string | null
	projectStartsOn: string | null
	projectEndsOn: string | null
	evaluationDueOn: string | null
}

/** The calendar's steps in order, the form field that carries each, and the link to the previous step. */
const STEPS = [
	{ key: 'opensAt', field: 'opensOn', subject: 'L’ouverture des dépôts', strict: true },
	{ key: 'deadlineAt', field: 'deadlineDate', subject: 'La date limite de dépôt', strict: true },
	{ key: 'juryStartsOn', field: 'juryStartsOn', subject: 'Le début du jury', strict: true },
	{ key: 'juryEndsOn', field: 'juryEndsOn', subject: 'La fin du jury', strict: false },
	{ key: 'decisionOn', field: 'decisionOn', subject: 'La date de décision', strict: false },
	{ key: 'projectStartsOn', field: 'projectStartsOn', subject: 'Le début des projets', strict: false },
	{ key: 'projectEndsOn', field: 'projectEndsOn', subject: 'La fin des projets', strict: true },
	{ key: 'evaluationDueOn', field: 'evaluationDueOn', subject: 'La remise des évaluations', strict: false },
] as const

export type CalendarField = (typeof STEPS)[number]['field']

const OBJECTS: Record<string, string> = {
	opensAt: 'l’ouverture des dépôts',
	deadlineAt: 'la date limite de dépôt',
	juryStartsOn: 'le début du jury',
	juryEndsOn: 'la fin du jury',
	decisionOn: 'la date de décision',
	projectStartsOn: 'le début des projets',
	projectEndsOn: 'la fin des projets',
}

/**
 * Checks opening < deadline < jury start ≤ jury end ≤ decision ≤ project start < project end
 * ≤ evaluation due, over the steps that are filled in (a draft may leave some empty). Each
 * step is compared with the nearest filled step before it; the link is strict when any
 * link in between is. Opening and deadline compare as instants; every other comparison is
 * on Paris calendar days. Returns one French message per form field in error.
 */
export function checkCalendarOrder(calendar: Calendar): Partial<Record<CalendarField, string>> {
	const errors: Partial<Record<CalendarField, string>> = {}
	let previous: { key: string; value: Date | string } | null = null
	let strictSincePrevious = false
	for (const step of STEPS) {
		const value = calendar[step.key]
		if (previous) strictSincePrevious ||= step.strict
		if (value === null) continue
		if (previous) {
			const ok = compare(previous.value, value, strictSincePrevious)
			if (!ok) {
				errors[step.field] = strictSincePrevious
					? `${step.subject} doit venir après ${OBJECTS[previous.key]}.`
					: `${step.subject} ne peut pas précéder ${OBJECTS[previous.key]}.`
			}
		}
		previous = { key: step.key, value }
		strictSincePrevious = false
	}
	return errors
}

function compare(before: Date | string, after: Date | string, strict: boolean): boolean {
	if (before instanceof Date && after instanceof Date) {
		return strict ? before.getTime() < after.getTime() : before.getTime() <= after.getTime()
	}
	const a = before instanceof Date ? utcToParisLocal(before).date : before
	const b = after instanceof Date ? utcToParisLocal(after).date : after
	return strict ? a < b : a <= b
}

/** What a call lacks to be published, in French; empty when it may be. */
export function publishBlockers(
	call: { title: string; presentation: string; themeCount: number; deadlineAt: Date | null; envelopeCents: number | null; calendar: Calendar },
	now: Date,
): string[] {
	const blockers: string[] = []
	if (!call.title.trim()) blockers.push('Donnez un titre à l’appel.')
	if (!call.presentation.trim()) blockers.push('Rédigez la présentation de l’appel.')
	if (call.themeCount === 0) blockers.push('Indiquez au moins un thème.')
	if (!call.deadlineAt) blockers.push('Fixez la date et l’heure limites de dépôt.')
	else if (call.deadlineAt.getTime() <= now.getTime()) blockers.push('La date limite de dépôt est passée : choisissez une date à venir.')
	if (call.envelopeCents === null || call.envelopeCents <= 0) blockers.push('Indiquez l’enveloppe budgétaire de l’appel.')
	const calendarErrors = Object.values(checkCalendarOrder(call.calendar))
	if (calendarErrors.length > 0) blockers.push(...calendarErrors)
	return blockers
}
