/**
 * The forms of « Je cherche des partenaires » and of the tirage au sort (issue 12): one Zod
 * schema per form, used by the browser (Conform) and the server, with the bounded lengths.
 */
import { z } from 'zod'

export const LIMITS = {
	title: { min: 3, max: 120 },
	project: { min: 20, max: 3000 },
	lookingFor: { min: 10, max: 2000 },
	message: { min: 10, max: 2000 },
	reason: { max: 1000 },
	themes: 10,
} as const

/** Open announcements one association keeps on one call: enough for real use, not for a flood. */
export const MAX_OPEN_ANNOUNCEMENTS_PER_ASSOCIATION = 5
/** Announcements per page of the call's list. */
export const ANNOUNCEMENTS_PER_PAGE = 20
/** Days a drawn association has to confirm its place (seed 004: « un délai de réflexion »). */
export const CONFIRM_DAYS = 14
export const GROUP_SIZES = [2, 3] as const

const text = (what: string, { min, max }: { min: number; max: number }) =>
	z
		.string({ required_error: `${what} est obligatoire.` })
		.trim()
		.min(min, `${what} doit compter au moins ${min} caractères.`)
		.max(max, `${what} ne doit pas dépasser ${max.toLocaleString('fr-FR')} caractères.`)

const id = (message: string) => z.string({ required_error: message }).trim().min(1, message).max(64, message)

export const AnnouncementSchema = z.object({
	intent: z.literal('announce'),
	organizationId: id('Choisissez l’association qui cherche des partenaires.'),
	title: text('Le titre', LIMITS.title),
	project: text('La description du projet', LIMITS.project),
	lookingFor: text('Les partenaires recherchés', LIMITS.lookingFor),
	themeIds: z
		.array(z.string().max(64))
		.max(LIMITS.themes, `Au plus ${LIMITS.themes} thèmes.`)
		.optional()
		.transform((v) => v ?? []),
})
export const ANNOUNCEMENT_LISTS = { themeIds: { max: LIMITS.themes, label: 'thèmes' } }

export const AnswerSchema = z.object({
	intent: z.literal('answer'),
	organizationId: id('Choisissez l’association qui répond.'),
	message: text('Votre message', LIMITS.message),
})

export const DeclineAnswerSchema = z.object({
	intent: z.literal('decline'),
	answerId: id('Rechargez la page.'),
	reason: z
		.string()
		.trim()
		.max(LIMITS.reason.max, `Le motif ne doit pas dépasser ${LIMITS.reason.max.toLocaleString('fr-FR')} caractères.`)
		.optional()
		.transform((v) => v ?? ''),
})

export const DrawSettingsSchema = z.object({
	intent: z.literal('settings'),
	enabled: z
		.enum(['on'])
		.optional()
		.transform((v) => v === 'on'),
	groupSize: z.coerce
		.number({ invalid_type_error: 'Choisissez des groupes de deux ou de trois associations.' })
		.int()
		.refine((v) => v === 2 || v === 3, 'Choisissez des groupes de deux ou de trois associations.'),
})

export const ANSWER_STATUS_LABELS: Record<string, string> = {
	pending: 'En attente de réponse',
	accepted: 'Acceptée : invitation envoyée',
	declined: 'Déclinée',
	withdrawn: 'Retirée',
}

export const PLACE_STATUS_LABELS: Record<string, string> = {
	pending: 'En attente de confirmation',
	confirmed: 'Confirmée',
	declined: 'Déclinée',
	expired: 'Expirée (non confirmée à temps)',
}
