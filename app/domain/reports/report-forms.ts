/**
 * How the evaluation's forms are read (issue 10): the lists each form may post (bounded before
 * anything is parsed, app/utils/form-data.server.ts), the French message of a value of the
 * wrong shape (an array where one text is expected, a text where a list is), and the raw
 * answers handed to the domain, which parses them again. Plain module.
 */
import { type ZodErrorMap } from 'zod'
import { REPORT_LISTS } from './consortium-part.ts'
import { CONSORTIUM_SECTIONS, type ConsortiumSection } from './options.ts'

export const REPORT_FORM_LISTS = {
	timetable: { max: REPORT_LISTS.timetable, label: 'étapes du calendrier' },
	indicators: { max: REPORT_LISTS.indicators, label: 'indicateurs' },
	charges: { max: REPORT_LISTS.lines, label: 'lignes de charges' },
	products: { max: REPORT_LISTS.lines, label: 'lignes de produits' },
	coFunders: { max: REPORT_LISTS.coFunders, label: 'co-financeurs' },
}

export const REPORT_FORM_MESSAGES = {
	unreadable: 'Réponse illisible : rechargez la page et réessayez.',
	oneValue: 'Une seule réponse est attendue ici : rechargez la page et réessayez.',
	unknownSection: 'Cette section de l’évaluation n’existe pas : rechargez la page.',
	unknownPart: 'Cette partie de l’évaluation n’existe pas : rechargez la page.',
	version: 'Rechargez la page : le formulaire est incomplet.',
	invalid: 'Certaines réponses sont à corriger.',
}

/** The schemas' own messages stay; a value of the wrong type gets a French one instead of Zod's English. */
export const reportErrorMap: ZodErrorMap = (issue, ctx) => {
	if (issue.code === 'invalid_type') return { message: issue.received === 'array' ? REPORT_FORM_MESSAGES.oneValue : REPORT_FORM_MESSAGES.unreadable }
	return { message: ctx.defaultError }
}

export function isConsortiumSection(value: unknown): value is ConsortiumSection {
	return typeof value === 'string' && Object.hasOwn(CONSORTIUM_SECTIONS, value)
}

/** A version as the page posts it: a positive integer a PostgreSQL integer holds; null otherwise. */
export function versionOf(value: unknown): number | null {
	if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) return null
	const version = Number(value)
	return version >= 1 ? version : null
}

/** The answers as posted, empty fields left out (as Conform reads them): a radio nobody chose is no answer. */
export function withoutEmpty(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(withoutEmpty)
	if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== '').map(([k, v]) => [k, withoutEmpty(v)]))
	return value
}
