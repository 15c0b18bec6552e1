/**
 * The supporter's opinion (avis) on a dossier (DESIGN.md, "Jury"; issue 8): the pure part,
 * shared with the pages. A supporter structure (Maison des Associations…) the consortium
 * named as its accompanying structure says favourable, réservé or défavorable, with a text,
 * until the call's deliberation begins.
 */
import { z } from 'zod'

export const OPINION_VERDICTS = ['favourable', 'reserved', 'unfavourable'] as const
export type OpinionVerdict = (typeof OPINION_VERDICTS)[number]

export const VERDICT_LABELS: Record<OpinionVerdict, string> = {
	favourable: 'Favorable',
	reserved: 'Réservé',
	unfavourable: 'Défavorable',
}

/** Long enough for a motivated opinion, short enough to be read beside the dossier. */
export const OPINION_TEXT_MAX = 4000

/** The call statuses in which the opinion may still be given or changed: until the deliberation. */
export const OPINION_OPEN_CALL_STATUSES = ['draft', 'published', 'closed', 'jury'] as const

export function isOpinionOpen(callStatus: string): boolean {
	return (OPINION_OPEN_CALL_STATUSES as readonly string[]).includes(callStatus)
}

/** Dossiers a supporter reads: submitted onwards (a draft is the consortium's; a withdrawn one is no one's business any more). */
export const HIDDEN_FROM_SUPPORTERS = ['draft', 'withdrawn'] as const

const CHOOSE_VERDICT = 'Choisissez votre avis : favorable, réservé ou défavorable.'

export const OpinionFormSchema = z.object({
	verdict: z.enum(OPINION_VERDICTS, { errorMap: () => ({ message: CHOOSE_VERDICT }) }),
	text: z
		.string({ required_error: 'Écrivez votre avis en quelques phrases : il accompagne le dossier auprès du financeur et du jury.' })
		.trim()
		.min(1, 'Écrivez votre avis en quelques phrases : il accompagne le dossier auprès du financeur et du jury.')
		.max(OPINION_TEXT_MAX, `Votre avis ne peut pas dépasser ${OPINION_TEXT_MAX} caractères.`),
})

/** The lead's choice on the dossier: a supporter structure, or none (empty). */
export const SupporterChoiceSchema = z.object({
	intent: z.literal('supporter'),
	supporterOrganizationId: z
		.string()
		.trim()
		.max(100, 'Choisissez une structure d’accompagnement de la liste.')
		.optional()
		.transform((value) => value || null),
})
