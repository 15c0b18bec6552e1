/**
 * The jury's composition (DESIGN.md, "Jury"): the pure part, shared with the pages. Each
 * juror has a kind, the call's themes and the départements they know, an optional maximum
 * load, and one of them chairs.
 */
import { z } from 'zod'

export const JUROR_KINDS = ['funder_member', 'association_practitioner', 'external_expert', 'supporter_structure'] as const
export type JurorKind = (typeof JUROR_KINDS)[number]

export const JUROR_KIND_LABELS: Record<JurorKind, string> = {
	funder_member: 'Membre du financeur',
	association_practitioner: 'Praticien·ne associatif·ve',
	external_expert: 'Expert·e extérieur·e',
	supporter_structure: 'Structure d’accompagnement',
}

export type JurorStatus = 'invited' | 'active' | 'declined' | 'removed'

export const JUROR_STATUS_LABELS: Record<JurorStatus, string> = {
	invited: 'Invité·e',
	active: 'Membre du jury',
	declined: 'A décliné',
	removed: 'Retiré·e',
}

/** The call statuses in which the jury may still be composed (until the deliberation). */
export const COMPOSABLE_CALL_STATUSES = ['draft', 'published', 'closed', 'jury'] as const

export function isComposable(callStatus: string): boolean {
	return (COMPOSABLE_CALL_STATUSES as readonly string[]).includes(callStatus)
}

/** A département code: 01–95, 2A, 2B, or an overseas one (971–976). */
export const DEPARTEMENT = /^(0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])$/

export const MAX_LOAD_LIMIT = 200

export const JurorSettingsSchema = z.object({
	kind: z.enum(JUROR_KINDS, { errorMap: () => ({ message: 'Choisissez le profil du juré.' }) }),
	themeIds: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
	territories: z
		.array(
			z
				.string()
				.trim()
				.toUpperCase()
				.regex(DEPARTEMENT, 'Indiquez des numéros de département (par exemple 38, 2A ou 974).'),
		)
		.max(101)
		.default([]),
	maxLoad: z
		.number({ invalid_type_error: 'La charge maximale est un nombre entier de dossiers.' })
		.int('La charge maximale est un nombre entier de dossiers.')
		.min(1, 'La charge maximale est d’au moins un dossier (laissez vide pour ne pas en fixer).')
		.max(MAX_LOAD_LIMIT, `La charge maximale ne peut pas dépasser ${MAX_LOAD_LIMIT} dossiers.`)
		.nullable()
		.default(null),
	isChair: z.boolean().default(false),
})
export type JurorSettings = z.infer<typeof JurorSettingsSchema>

/** The staff's invitation form (the page's fields; the domain checks the settings again). */
export const InviteJurorFormSchema = z.object({
	intent: z.literal('invite'),
	email: z
		.string({ required_error: 'Indiquez l’adresse e-mail du juré.' })
		.trim()
		.max(254, 'Cette adresse est trop longue.')
		.email('Indiquez une adresse e-mail valide, par exemple camille@exemple.fr.'),
	kind: z.enum(JUROR_KINDS, { errorMap: () => ({ message: 'Choisissez le profil du juré.' }) }),
	themeIds: z.array(z.string().trim().max(100)).max(50).default([]),
	/** Départements separated by commas or spaces: "38, 69 2A". */
	territories: z
		.string()
		.max(500, 'Indiquez au plus une centaine de départements.')
		.optional()
		.transform((value) => (value ?? '').split(/[\s,;]+/).filter(Boolean)),
	maxLoad: z
		.number({ invalid_type_error: 'La charge maximale est un nombre entier de dossiers.' })
		.optional()
		.transform((value) => value ?? null),
	isChair: z
		.boolean()
		.optional()
		.transform((value) => value ?? false),
})

/** Why a jury invitation link no longer works: it is the funder's staff who send a new one. */
export const JURY_INVITATION_MESSAGES = {
	unknown: 'Cette invitation au jury n’existe pas. Vérifiez que vous avez copié le lien en entier.',
	expired: 'Cette invitation au jury a expiré (elle était valable 14 jours). Demandez à l’équipe du financeur de vous en envoyer une nouvelle.',
	used: 'Cette invitation au jury a déjà été utilisée. Si c’est vous qui l’avez acceptée, vous faites déjà partie du jury.',
	declined: 'Cette invitation au jury a été déclinée : elle ne peut plus être acceptée.',
	cancelled: 'Cette invitation au jury a été annulée par l’équipe du financeur : elle ne peut plus être acceptée.',
} as const
