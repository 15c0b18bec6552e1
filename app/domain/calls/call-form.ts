/**
 * The funder's forms for a call: one schema each, used by the browser (Conform) and the
 * server. Every field is read as raw text and checked in one pass, so that every message
 * shows at once, next to its field.
 */
import { z } from 'zod'
import { parseEuroAmount } from '#app/utils/format.ts'
import {
	checkCalendarOrder,
	checkDateRange,
	LONG_TEXT_LIMIT_MAX,
	MAX_ATTACHMENTS,
	MAX_CHOICES,
	MAX_CRITERIA,
	MAX_QUESTIONS,
	MAX_THEMES,
	SHORT_TEXT_LIMIT_MAX,
	type Calendar,
} from './call-rules.ts'
import { isIsoDate, parisLocalToUtc } from './paris-time.ts'

export const GIVEN_BY_OPTIONS = [
	{ value: 'lead', label: 'Le chef de file, une fois pour le projet' },
	{ value: 'each', label: 'Chaque association du consortium' },
] as const

export const GIVEN_BY_LABELS: Record<string, string> = { lead: 'le chef de file', each: 'chaque association' }

export const QUESTION_TYPES = [
	{ value: 'short_text', label: 'Texte court' },
	{ value: 'long_text', label: 'Texte long (nombre de caractères limité)' },
	{ value: 'number', label: 'Nombre' },
	{ value: 'yes_no', label: 'Oui / non' },
	{ value: 'choice', label: 'Choix dans une liste' },
] as const

export type QuestionType = (typeof QUESTION_TYPES)[number]['value']

export const QUESTION_TYPE_LABELS: Record<string, string> = Object.fromEntries(QUESTION_TYPES.map((t) => [t.value, t.label]))

export { BLANK_ROWS } from './call-rules.ts'

/** The lists of the call forms and their maximum count (see app/utils/form-data.server.ts). */
export const CALL_LISTS = {
	themes: { max: MAX_THEMES, label: 'thèmes' },
	attachments: { max: MAX_ATTACHMENTS, label: 'pièces demandées' },
}
export const CRITERIA_LISTS = { criteria: { max: MAX_CRITERIA, label: 'critères' } }
export const QUESTIONS_LISTS = { questions: { max: MAX_QUESTIONS, label: 'questions' } }

const SPACES = /[\s\u00a0\u202f]/g
const raw = z.string().optional()

/** A date as a date field sends it (2025-03-31) or as people type it (31/03/2025). */
export function parseDateInput(input: string): string | null {
	const value = input.trim()
	if (isIsoDate(value)) return value
	const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value)
	if (!french) return null
	const iso = `${french[3]}-${french[2]!.padStart(2, '0')}-${french[1]!.padStart(2, '0')}`
	return isIsoDate(iso) ? iso : null
}

/** A time as a time field sends it (14:30) or as people type it (14h30, 14 h, 9:05). */
export function parseTimeInput(input: string): string | null {
	const match = /^(\d{1,2})\s*[:h]\s*(\d{2})?$/i.exec(input.trim())
	if (!match) return null
	const hour = Number(match[1])
	const minute = Number(match[2] ?? '0')
	if (hour > 23 || minute > 59) return null
	return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`
}

/** A whole number typed with optional spaces; null when it is not one. */
function parseWhole(input: string): number | null {
	const value = input.replace(SPACES, '')
	return /^\d{1,9}$/.test(value) ? Number(value) : null
}

/**
 * The version a form was read at (see call-management.server.ts): the call's page, its grid
 * and its questions each send one, and a save without it is refused like a stale page.
 */
export const VERSION_MISSING =
	'Ce formulaire ne dit pas quelle version il modifie : rechargez la page, puis recopiez votre saisie, conservée ci-dessous.'

/** The version a refused form was sent with, for the page to carry it again (undefined when there is none). */
export function sentVersion(value: FormDataEntryValue | null): number | undefined {
	return typeof value === 'string' && /^\d{1,9}$/.test(value.trim()) ? Number(value.trim()) : undefined
}

/** Reads the form's version: a whole number that fits a PostgreSQL integer, or an issue on the form. */
function readVersion(value: string | undefined, ctx: z.RefinementCtx): number | null {
	const text = (value ?? '').trim()
	const version = /^\d{1,10}$/.test(text) ? Number(text) : NaN
	if (Number.isInteger(version) && version <= 2_147_483_647) return version
	ctx.addIssue({ code: z.ZodIssueCode.custom, path: [], message: VERSION_MISSING })
	return null
}

const ThemeRow = z.object({ id: raw, label: raw })
const AttachmentRow = z.object({ key: raw, label: raw, givenBy: raw })

export type CallInput = {
	funderId: string | null
	title: string
	presentation: string
	eligibility: string
	territory: string
	minAssociations: number
	maxAmountPerProjectCents: number | null
	envelopeCents: number | null
	themes: { id: string | null; label: string }[]
	requiredAttachments: { key: string | null; label: string; givenBy: 'lead' | 'each' }[]
	/** Email the funder's staff at each submission (a checkbox: absent means no); left as stored when undefined. */
	notifyStaffOnSubmission?: boolean
} & Calendar

const CALENDAR_DATE_FIELDS = ['juryStartsOn', 'juryEndsOn', 'decisionOn', 'projectStartsOn', 'projectEndsOn', 'evaluationDueOn'] as const

const CallFields = z.object({
	funderId: raw,
	title: raw,
	presentation: raw,
	eligibility: raw,
	territory: raw,
	minAssociations: raw,
	maxAmountPerProject: raw,
	envelope: raw,
	opensOn: raw,
	deadlineDate: raw,
	deadlineTime: raw,
	juryStartsOn: raw,
	juryEndsOn: raw,
	decisionOn: raw,
	projectStartsOn: raw,
	projectEndsOn: raw,
	evaluationDueOn: raw,
	themes: z.array(ThemeRow.optional()).optional(),
	attachments: z.array(AttachmentRow.optional()).optional(),
	notifyStaffOnSubmission: raw,
})

/** The call's fields, every one checked in one pass; null when any is refused (the issues are on ctx). */
function readCall(input: z.infer<typeof CallFields>, ctx: z.RefinementCtx): CallInput | null {
	let failed = false
	const fail = (path: (string | number)[], message: string) => {
		failed = true
		ctx.addIssue({ code: z.ZodIssueCode.custom, path, message })
	}
	const text = (value: string | undefined) => (value ?? '').trim()
	const long = (value: string | undefined) => (value ?? '').replace(/\r\n?/g, '\n').trim()

	const title = text(input.title).replace(/\s+/g, ' ')
	if (!title) fail(['title'], 'Indiquez le titre de l’appel à projets.')
	else if (title.length > 200) fail(['title'], 'Le titre ne doit pas dépasser 200 caractères.')

	const presentation = long(input.presentation)
	if (presentation.length > 20_000) fail(['presentation'], 'La présentation ne doit pas dépasser 20 000 caractères.')
	const eligibility = long(input.eligibility)
	if (eligibility.length > 10_000) fail(['eligibility'], 'Les critères d’éligibilité ne doivent pas dépasser 10 000 caractères.')
	const territory = text(input.territory).replace(/\s+/g, ' ')
	if (territory.length > 300) fail(['territory'], 'Le territoire ne doit pas dépasser 300 caractères.')

	let minAssociations = 2
	if (text(input.minAssociations)) {
		const parsed = parseWhole(text(input.minAssociations))
		if (parsed === null) fail(['minAssociations'], 'Indiquez un nombre entier d’associations (2 au minimum).')
		else if (parsed < 2) fail(['minAssociations'], 'Un projet doit être porté par au moins 2 associations : c’est une coopération.')
		else if (parsed > 20) fail(['minAssociations'], 'Indiquez au plus 20 associations.')
		else minAssociations = parsed
	}

	const amount = (field: 'maxAmountPerProject' | 'envelope') => {
		const value = text(input[field])
		if (!value) return null
		const parsed = parseEuroAmount(value)
		if (!parsed.ok) {
			fail([field], parsed.message)
			return null
		}
		if (parsed.cents === 0) {
			fail([field], 'Le montant doit être supérieur à 0 €.')
			return null
		}
		return parsed.cents
	}
	const maxAmountPerProjectCents = amount('maxAmountPerProject')
	const envelopeCents = amount('envelope')
	if (maxAmountPerProjectCents !== null && envelopeCents !== null && maxAmountPerProjectCents > envelopeCents) {
		fail(['maxAmountPerProject'], 'Le montant maximum par projet ne peut pas dépasser l’enveloppe de l’appel.')
	}

	let calendarFailed = false
	const date = (field: 'opensOn' | 'deadlineDate' | (typeof CALENDAR_DATE_FIELDS)[number]) => {
		const value = text(input[field])
		if (!value) return null
		const parsed = parseDateInput(value)
		if (!parsed) {
			calendarFailed = true
			fail([field], 'Indiquez une date valide (exemple : 31/03/2026).')
			return null
		}
		const outOfRange = checkDateRange(parsed)
		if (outOfRange) {
			calendarFailed = true
			fail([field], outOfRange)
		}
		return parsed
	}
	const opensOn = date('opensOn')
	const opensAt = opensOn ? parisLocalToUtc(opensOn, '00:00') : null

	let deadlineAt: Date | null = null
	const deadlineDate = date('deadlineDate')
	const deadlineTimeText = text(input.deadlineTime)
	const deadlineTime = deadlineTimeText ? parseTimeInput(deadlineTimeText) : null
	if (deadlineTimeText && !deadlineTime) fail(['deadlineTime'], 'Indiquez une heure valide (exemple : 12:00 ou 23:59).')
	if (deadlineDate && !deadlineTimeText) fail(['deadlineTime'], 'Indiquez l’heure limite de dépôt (heure de Paris).')
	if (!text(input.deadlineDate) && deadlineTimeText) fail(['deadlineDate'], 'Indiquez la date limite de dépôt.')
	if (deadlineTimeText && !deadlineTime) calendarFailed = true
	if (deadlineDate && deadlineTime) {
		deadlineAt = parisLocalToUtc(deadlineDate, deadlineTime)
		if (!deadlineAt) {
			calendarFailed = true
			fail(['deadlineTime'], 'Cette heure n’existe pas ce jour-là en France (passage à l’heure d’été) : choisissez une autre heure.')
		}
	}

	const dates = Object.fromEntries(CALENDAR_DATE_FIELDS.map((field) => [field, date(field)])) as Record<
		(typeof CALENDAR_DATE_FIELDS)[number],
		string | null
	>
	const calendar: Calendar = { opensAt, deadlineAt, ...dates }
	// The order is checked once every date of the calendar reads well, whatever the other fields.
	if (!calendarFailed) {
		for (const [field, message] of Object.entries(checkCalendarOrder(calendar))) fail([field], message)
	}

	const themes: CallInput['themes'] = []
	const seenThemes = new Map<string, number>()
	;(input.themes ?? []).forEach((row, index) => {
		const label = text(row?.label).replace(/\s+/g, ' ')
		const id = text(row?.id) || null
		if (!label) return
		if (label.length > 100) return fail(['themes', index, 'label'], 'Un thème ne doit pas dépasser 100 caractères.')
		const lower = label.toLocaleLowerCase('fr')
		if (seenThemes.has(lower)) return fail(['themes', index, 'label'], 'Ce thème figure déjà plus haut.')
		seenThemes.set(lower, index)
		themes.push({ id, label })
	})
	if (themes.length > MAX_THEMES) fail(['themes'], `Indiquez au plus ${MAX_THEMES} thèmes.`)

	const requiredAttachments: CallInput['requiredAttachments'] = []
	const seenAttachments = new Set<string>()
	;(input.attachments ?? []).forEach((row, index) => {
		const label = text(row?.label).replace(/\s+/g, ' ')
		const key = text(row?.key) || null
		const givenBy = text(row?.givenBy)
		if (!label) return
		if (label.length > 150) return fail(['attachments', index, 'label'], 'Le nom de la pièce ne doit pas dépasser 150 caractères.')
		const lower = label.toLocaleLowerCase('fr')
		if (seenAttachments.has(lower)) return fail(['attachments', index, 'label'], 'Cette pièce figure déjà plus haut.')
		seenAttachments.add(lower)
		if (givenBy !== 'lead' && givenBy !== 'each') {
			return fail(['attachments', index, 'givenBy'], 'Choisissez qui fournit cette pièce : le chef de file ou chaque association.')
		}
		requiredAttachments.push({ key, label, givenBy })
	})
	if (requiredAttachments.length > MAX_ATTACHMENTS) fail(['attachments'], `Demandez au plus ${MAX_ATTACHMENTS} pièces.`)

	if (failed) return null
	return {
		funderId: text(input.funderId) || null,
		title,
		presentation,
		eligibility,
		territory,
		minAssociations,
		maxAmountPerProjectCents,
		envelopeCents,
		themes,
		requiredAttachments,
		notifyStaffOnSubmission: input.notifyStaffOnSubmission === 'on',
		...calendar,
	}
}

/** A new call (no version yet). */
export const CallSchema = CallFields.transform((input, ctx): CallInput => readCall(input, ctx) ?? z.NEVER)

/** A saved call's fields, with the version of the call the form was read at. */
export const CallEditSchema = CallFields.extend({ version: raw }).transform((input, ctx): CallInput & { version: number } => {
	const version = readVersion(input.version, ctx)
	const call = readCall(input, ctx)
	return call && version !== null ? { ...call, version } : z.NEVER
})

const CriterionRow = z.object({ id: raw, label: raw, description: raw, weight: raw, scaleMax: raw })

export type CriterionInput = { id: string | null; label: string; description: string; weight: number; scaleMax: number }

export const CriteriaSchema = z
	.object({ intent: z.literal('save-criteria'), version: raw, criteria: z.array(CriterionRow.optional()).optional() })
	.transform((input, ctx): { version: number; criteria: CriterionInput[] } => {
		const version = readVersion(input.version, ctx)
		let failed = version === null
		const fail = (path: (string | number)[], message: string) => {
			failed = true
			ctx.addIssue({ code: z.ZodIssueCode.custom, path, message })
		}
		const rows: CriterionInput[] = []
		;(input.criteria ?? []).forEach((row, index) => {
			const label = (row?.label ?? '').trim().replace(/\s+/g, ' ')
			const description = (row?.description ?? '').replace(/\r\n?/g, '\n').trim()
			const weightText = (row?.weight ?? '').trim()
			const scaleText = (row?.scaleMax ?? '').trim()
			const id = (row?.id ?? '').trim() || null
			if (!label && !description && !id) return
			// Every field of the row is checked, so that every message shows at once.
			let rowFailed = false
			const rowFail = (field: string, message: string) => {
				rowFailed = true
				fail(['criteria', index, field], message)
			}
			if (!label) rowFail('label', 'Donnez un intitulé à ce critère, ou videz la ligne pour le retirer.')
			else if (label.length > 150) rowFail('label', 'L’intitulé ne doit pas dépasser 150 caractères.')
			if (description.length > 2000) rowFail('description', 'La description ne doit pas dépasser 2 000 caractères.')
			const weight = weightText ? parseWhole(weightText) : 1
			if (weight === null || weight < 1 || weight > 100) rowFail('weight', 'Le coefficient est un nombre entier entre 1 et 100.')
			const scaleMax = scaleText ? parseWhole(scaleText) : 5
			if (scaleMax === null || scaleMax < 2 || scaleMax > 100) rowFail('scaleMax', 'La note maximale est un nombre entier entre 2 et 100.')
			if (!rowFailed) rows.push({ id, label, description, weight: weight!, scaleMax: scaleMax! })
		})
		if (rows.length > MAX_CRITERIA) fail(['criteria'], `La grille compte au plus ${MAX_CRITERIA} critères.`)
		if (failed) return z.NEVER
		return { version: version!, criteria: rows }
	})

const QuestionRow = z.object({ id: raw, label: raw, type: raw, required: raw, maxLength: raw, choices: raw })

export type QuestionInput = {
	id: string | null
	label: string
	type: QuestionType
	required: boolean
	maxLength: number | null
	choices: string[] | null
}

export const QuestionsSchema = z
	.object({ intent: z.literal('save-questions'), version: raw, questions: z.array(QuestionRow.optional()).optional() })
	.transform((input, ctx): { version: number; questions: QuestionInput[] } => {
		const version = readVersion(input.version, ctx)
		let failed = version === null
		const fail = (path: (string | number)[], message: string) => {
			failed = true
			ctx.addIssue({ code: z.ZodIssueCode.custom, path, message })
		}
		const rows: QuestionInput[] = []
		;(input.questions ?? []).forEach((row, index) => {
			const label = (row?.label ?? '').trim().replace(/\s+/g, ' ')
			const id = (row?.id ?? '').trim() || null
			const maxLengthText = (row?.maxLength ?? '').trim()
			const choiceLines = (row?.choices ?? '')
				.split(/\r\n?|\n/)
				.map((c) => c.trim().replace(/\s+/g, ' '))
				.filter(Boolean)
			if (!label && !id && !maxLengthText && choiceLines.length === 0) return
			const at = (field: string) => ['questions', index, field]
			// Every field of the row is checked, so that every message shows at once.
			let rowFailed = false
			const rowFail = (field: string, message: string) => {
				rowFailed = true
				fail(at(field), message)
			}
			if (!label) rowFail('label', 'Rédigez la question, ou videz la ligne pour la retirer.')
			else if (label.length > 500) rowFail('label', 'La question ne doit pas dépasser 500 caractères.')
			const type = QUESTION_TYPES.find((t) => t.value === (row?.type ?? '').trim())?.value
			if (!type) return rowFail('type', 'Choisissez le type de réponse attendu.')
			let maxLength: number | null = null
			if (type === 'short_text' || type === 'long_text') {
				const limit = type === 'short_text' ? SHORT_TEXT_LIMIT_MAX : LONG_TEXT_LIMIT_MAX
				if (maxLengthText) {
					maxLength = parseWhole(maxLengthText)
					if (maxLength === null || maxLength < 10 || maxLength > limit) {
						rowFail('maxLength', `La limite est un nombre entier de caractères entre 10 et ${limit.toLocaleString('fr-FR')}.`)
					}
				} else if (type === 'long_text') {
					rowFail('maxLength', 'Indiquez le nombre maximum de caractères de la réponse (exemple : 2000).')
				}
			} else if (maxLengthText) {
				rowFail('maxLength', 'La limite de caractères ne vaut que pour une réponse en texte : videz ce champ.')
			}
			let choices: string[] | null = null
			if (type === 'choice') {
				const distinct = [...new Set(choiceLines)]
				if (distinct.length < 2) rowFail('choices', 'Indiquez au moins deux choix, un par ligne.')
				else if (distinct.length > MAX_CHOICES) rowFail('choices', `Proposez au plus ${MAX_CHOICES} choix.`)
				else if (distinct.some((c) => c.length > 200)) rowFail('choices', 'Un choix ne doit pas dépasser 200 caractères.')
				else choices = distinct
			} else if (choiceLines.length > 0) {
				rowFail('choices', 'Les choix ne valent que pour une question « Choix dans une liste » : videz ce champ.')
			}
			if (rowFailed) return
			rows.push({ id, label, type, required: row?.required === 'on', maxLength, choices })
		})
		if (rows.length > MAX_QUESTIONS) fail(['questions'], `Un appel compte au plus ${MAX_QUESTIONS} questions.`)
		if (failed) return z.NEVER
		return { version: version!, questions: rows }
	})

export const LifecycleSchema = z.object({
	intent: z.enum(['publish', 'close'], { errorMap: () => ({ message: 'Action inconnue.' }) }),
})

/** Cents as a person would type them back: 1000050 → "10000,50". */
export function formatEuroInput(cents: number | null | undefined): string {
	if (cents === null || cents === undefined) return ''
	const euros = Math.floor(cents / 100)
	const rest = cents % 100
	return rest === 0 ? String(euros) : `${euros},${String(rest).padStart(2, '0')}`
}
