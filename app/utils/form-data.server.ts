/**
 * Every form body goes through here before Conform and Zod see it. Conform turns
 * `indicators[6400].label` into an array of 6 401 rows, and the refused form re-renders
 * every one of them: one request could hold the server for minutes. So the lists a form
 * accepts are bounded here, before anything is allocated, and what a browser form never
 * sends (a NUL character, which PostgreSQL refuses in text; thousands of fields; absurd
 * names) is refused with a French message shown on the form, status 400.
 *
 *   const formData = await readFormData(request, { lists: PROJECT_LISTS })
 *   const submission = parseSubmission(formData, { schema: ProjectSchema })
 *
 * The FormData returned never carries an over-long list, so a refused form re-renders at
 * most the maximum count of rows, with what was typed in them.
 */
import { parseWithZod } from '@conform-to/zod'
import { json } from '@remix-run/node'
import { z } from 'zod'

/** A list a form accepts: its maximum count of rows, and its name in French, plural. */
export type ListLimit = { max: number; label: string }
export type ListLimits = Record<string, ListLimit>

/** The most fields any form of the portal sends (the call form, all rows filled, is ~150). */
export const MAX_FIELDS = 1000
/** Rows of a list a form does not declare: none of our forms has more. */
export const MAX_UNDECLARED_ROWS = 50
/** Longer names are not ours (Conform names are short paths). */
const MAX_NAME_LENGTH = 200

export const FORM_MESSAGES = {
	unreadable: 'Le formulaire envoyé est illisible : rechargez la page et réessayez.',
	tooManyFields: 'Ce formulaire contient trop de champs : rechargez la page et réessayez.',
	tooManyRows: 'Ce formulaire contient trop de lignes : rechargez la page et réessayez.',
	nul: 'Un champ contient un caractère invisible non autorisé (caractère nul) : retirez-le et réessayez.',
	list: (limit: ListLimit) => `Au plus ${limit.max} ${limit.label}.`,
}

const refusals = new WeakMap<FormData, string[]>()

/** The French messages of what readFormData refused in this form, empty when all is well. */
export function formRefusals(formData: FormData): string[] {
	return refusals.get(formData) ?? []
}

const INDEX = /\[(\d*)\]/g

/**
 * Reads the body of a form POST (urlencoded or multipart) and keeps only what a form of
 * ours can send; what was refused is told by formRefusals / parseSubmission. A body that
 * cannot be read at all (malformed multipart) is answered 400 at once.
 */
export async function readFormData(request: Request, { lists = {} }: { lists?: ListLimits } = {}): Promise<FormData> {
	let received: FormData
	try {
		received = await request.formData()
	} catch {
		throw json(FORM_MESSAGES.unreadable, { status: 400 })
	}
	return boundFormData(received, lists)
}

/** The checks of readFormData on a FormData already read (multipart uploads, kept drafts). */
export function boundFormData(received: FormData, lists: ListLimits = {}): FormData {
	const problems = new Set<string>()
	const kept = new FormData()
	const repeats = new Map<string, number>()
	let count = 0
	for (const [name, value] of received.entries()) {
		if (++count > MAX_FIELDS) {
			problems.add(FORM_MESSAGES.tooManyFields)
			break
		}
		if (name.length > MAX_NAME_LENGTH || name.includes('\u0000')) {
			problems.add(FORM_MESSAGES.tooManyFields)
			continue
		}
		const over = overLimit(name, lists, (repeats.get(name) ?? 0) + 1)
		repeats.set(name, (repeats.get(name) ?? 0) + 1)
		if (over) {
			problems.add(over)
			continue
		}
		if (typeof value === 'string') {
			if (value.includes('\u0000')) {
				problems.add(FORM_MESSAGES.nul)
				kept.append(name, value.replaceAll('\u0000', ''))
			} else kept.append(name, value)
		} else {
			if (value.name.includes('\u0000')) problems.add(FORM_MESSAGES.nul)
			kept.append(name, value, value.name.replaceAll('\u0000', ''))
		}
	}
	if (problems.size > 0) refusals.set(kept, [...problems])
	return kept
}

/**
 * The message when this field goes beyond its list: an index at or past the list's
 * maximum (or past MAX_UNDECLARED_ROWS for a list the form does not declare), or a name
 * repeated (checkboxes) more often than that.
 */
function overLimit(name: string, lists: ListLimits, occurrence: number): string | null {
	for (const match of name.matchAll(INDEX)) {
		const list = name.slice(0, match.index).replace(/\[\d*\]/g, '')
		const limit = lists[list]
		const index = match[1] ? Number(match[1]) : 0
		if (limit) {
			if (index >= limit.max) return FORM_MESSAGES.list(limit)
		} else if (index >= MAX_UNDECLARED_ROWS) return FORM_MESSAGES.tooManyRows
	}
	const limit = lists[name]
	if (limit) return occurrence > limit.max ? FORM_MESSAGES.list(limit) : null
	return occurrence > MAX_UNDECLARED_ROWS ? FORM_MESSAGES.tooManyRows : null
}

/**
 * parseWithZod, except that a form readFormData refused is answered with its messages on
 * the form (status "error", the kept values echoed back), without running the schema.
 */
export function parseSubmission<Schema extends z.ZodTypeAny>(formData: FormData, options: { schema: Schema; errorMap?: z.ZodErrorMap }) {
	const problems = formRefusals(formData)
	if (problems.length === 0) return parseWithZod(formData, options)
	const refuse = z.any().superRefine((_, ctx) => {
		for (const message of problems) ctx.addIssue({ code: z.ZodIssueCode.custom, message })
	})
	return parseWithZod(formData, { schema: refuse as unknown as Schema })
}

/** For a form read without a schema: answer 400 with the first French message. */
export function requireAcceptedForm(formData: FormData): FormData {
	const problems = formRefusals(formData)
	if (problems.length > 0) throw json(problems[0], { status: 400 })
	return formData
}
