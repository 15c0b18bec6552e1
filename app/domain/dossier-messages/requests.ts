/**
 * Requests for a missing piece or answer ("demandes de complément"), the pure part: which
 * items a request may reopen, whether an item is reopened at an instant, and the forms.
 * A request reopens its items only while it is open AND before its due date: the due date
 * is read at every read and write, so an item closes at the second it is due even if the
 * scheduler has not yet marked the request closed.
 */
import { z } from 'zod'

export const MESSAGE_MAX_LENGTH = 5_000
/** The sections, the questions and a dozen attachment kinds: more is a forged form. */
export const REQUEST_MAX_ITEMS = 20
export const REQUEST_MAX_DAYS = 60

export const SECTION_ITEMS = ['project', 'cooperation', 'budget', 'answers'] as const
export type SectionItem = (typeof SECTION_ITEMS)[number]

export const SECTION_ITEM_LABELS: Record<SectionItem, string> = {
	project: 'la section « Projet »',
	cooperation: 'la section « Coopération »',
	budget: 'la section « Budget »',
	answers: 'les réponses aux questions de l’appel',
}

/** The page of the consortium where each section item is edited. */
const SECTION_PAGES: Record<SectionItem, string> = { project: 'projet', cooperation: 'cooperation', budget: 'budget', answers: 'questions' }

export const attachmentItem = (kind: string) => `attachment:${kind}`

/** The item of an attachment slot ("<kind>:<organizationId>"). */
export function attachmentItemOfSlot(slot: string) {
	const colon = slot.lastIndexOf(':')
	return attachmentItem(colon > 0 ? slot.slice(0, colon) : slot)
}

export type RequestLike = { status: 'open' | 'answered' | 'closed'; items: string[]; dueAt: Date | string }

/** Open and not yet due: its items are editable now. */
export function isRequestActive(request: RequestLike, now: Date): boolean {
	return request.status === 'open' && new Date(request.dueAt).getTime() > now.getTime()
}

/** Whether this item of a submitted dossier is editable now by the lead. */
export function isItemReopened(requests: RequestLike[], item: string, now: Date): boolean {
	return requests.some((request) => isRequestActive(request, now) && request.items.includes(item))
}

/** Every item reopened now. */
export function reopenedItems(requests: RequestLike[], now: Date): string[] {
	return [...new Set(requests.filter((r) => isRequestActive(r, now)).flatMap((r) => r.items))]
}

/** A request may be opened on a dossier the funder is instructing, not on a draft nor after the jury. */
export const REQUESTABLE_STATUSES = ['submitted', 'admissible'] as const
export function canRequestComplement(status: string): boolean {
	return (REQUESTABLE_STATUSES as readonly string[]).includes(status)
}

export type RequestOption = { value: string; label: string; href: (applicationId: string) => string }

/** What a request on this call may reopen: the sections, the questions (if any) and each required attachment. */
export function requestOptions(call: { hasQuestions: boolean; requiredAttachments: { key: string; label: string }[] }): RequestOption[] {
	return [
		...SECTION_ITEMS.filter((item) => item !== 'answers' || call.hasQuestions).map((item) => ({
			value: item,
			label: SECTION_ITEM_LABELS[item],
			href: (id: string) => `/candidatures/${id}/${SECTION_PAGES[item]}`,
		})),
		...call.requiredAttachments.map((attachment) => ({
			value: attachmentItem(attachment.key),
			label: `la pièce « ${attachment.label} »`,
			href: (id: string) => `/candidatures/${id}/pieces`,
		})),
	]
}

export function itemLabel(options: RequestOption[], item: string) {
	return options.find((o) => o.value === item)?.label ?? item
}

// ---------------------------------------------------------------------------------------
// Forms.

/** PostgreSQL refuses the NUL character in text: refused here with a message rather than a 500. */
export const NUL_MESSAGE = 'Le texte contient un caractère invisible non autorisé : retapez-le ou recopiez-le sans mise en forme.'
const noNul = (value: string) => !value.includes('\u0000')

const body = z
	.string({ required_error: 'Écrivez votre message.' })
	.trim()
	.min(1, 'Écrivez votre message.')
	.max(MESSAGE_MAX_LENGTH, `Le message ne doit pas dépasser ${MESSAGE_MAX_LENGTH.toLocaleString('fr-FR')} caractères.`)
	.refine(noNul, NUL_MESSAGE)

export const MessageSchema = z.object({ intent: z.literal('message'), body })

export const RequestSchema = z.object({
	intent: z.literal('request'),
	message: z
		.string({ required_error: 'Expliquez ce que vous demandez.' })
		.trim()
		.min(1, 'Expliquez ce que vous demandez.')
		.max(MESSAGE_MAX_LENGTH, `Le message ne doit pas dépasser ${MESSAGE_MAX_LENGTH.toLocaleString('fr-FR')} caractères.`)
		.refine(noNul, NUL_MESSAGE),
	items: z
		.array(z.string().max(200), { required_error: 'Cochez au moins une partie du dossier à rouvrir.' })
		.min(1, 'Cochez au moins une partie du dossier à rouvrir.')
		.max(REQUEST_MAX_ITEMS, `Cochez au plus ${REQUEST_MAX_ITEMS} parties du dossier.`)
		.transform((items) => [...new Set(items)]),
	dueDate: z.string({ required_error: 'Indiquez la date jusqu’à laquelle ces parties sont rouvertes.' }).regex(/^\d{4}-\d{2}-\d{2}$/, 'Indiquez une date au format JJ/MM/AAAA.'),
	dueTime: z
		.string()
		.regex(/^\d{2}:\d{2}$/, 'Indiquez une heure au format HH:MM.')
		.optional()
		.transform((v) => v ?? '23:59'),
})

export const CloseRequestSchema = z.object({ intent: z.literal('close-request'), requestId: z.string().min(1).max(100) })
export const AnswerRequestSchema = z.object({ intent: z.literal('answer-request'), requestId: z.string().min(1).max(100) })

/** Field names a thread form may carry: anything else (e.g. `items[100000]`) is refused before parsing. */
export const THREAD_FORM_FIELDS = new Set(['intent', 'body', 'message', 'items', 'dueDate', 'dueTime', 'requestId'])

/** Refuses a forged form before Conform allocates anything for it. */
export function checkThreadForm(formData: FormData): string | null {
	let count = 0
	for (const key of formData.keys()) {
		if (!THREAD_FORM_FIELDS.has(key)) return 'Ce formulaire contient un champ inconnu : rechargez la page.'
		if (++count > REQUEST_MAX_ITEMS + 10) return `Cochez au plus ${REQUEST_MAX_ITEMS} parties du dossier.`
	}
	return null
}

/** The requests as a page shows them: each reopened item with its label and the page where it is edited. */
export function viewRequests<R extends RequestLike & { id: string; message: string }>(requests: R[], options: RequestOption[], applicationId: string, now: Date) {
	return requests.map((request) => ({
		...request,
		active: isRequestActive(request, now),
		items: request.items.map((item) => ({ value: item, label: itemLabel(options, item), href: options.find((o) => o.value === item)?.href(applicationId) ?? null })),
	}))
}
