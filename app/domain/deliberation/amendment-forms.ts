/**
 * The forms of the decisions page and of the lead's renunciation (issue 9): one Zod schema
 * each, for the browser (Conform) and the server. French messages next to each field.
 */
import { z } from 'zod'
import { parseEuroAmount } from '#app/utils/format.ts'

const reason = (what: string) =>
	z
		.string({ required_error: what })
		.trim()
		.min(1, what)
		.max(2000, 'Le motif ne doit pas dépasser 2 000 caractères.')

/** An amount in euros as typed (« 12 000 », « 12 000,50 € »), kept in cents; empty: the current one. */
const optionalEuros = z
	.string({ invalid_type_error: 'Indiquez un montant en euros, en chiffres.' })
	.trim()
	.max(100, 'Indiquez un montant en euros, en chiffres.')
	.optional()
	.transform((value, ctx) => {
		if (!value) return null
		const parsed = parseEuroAmount(value)
		if (!parsed.ok) {
			ctx.addIssue({ code: 'custom', message: parsed.message })
			return z.NEVER
		}
		return parsed.cents
	})

export const AmendDecisionSchema = z.object({
	intent: z.literal('amend'),
	applicationId: z.string({ required_error: 'Dossier manquant.', invalid_type_error: 'Dossier manquant.' }).min(1, 'Dossier manquant.').max(100, 'Dossier manquant.'),
	decision: z.enum(['selected', 'waitlisted', 'rejected'], {
		errorMap: () => ({ message: 'Choisissez la décision : retenu, liste d’attente ou non retenu.' }),
	}),
	amount: optionalEuros,
	reason: reason('Indiquez le motif de la modification : il figure au procès-verbal.'),
})

export const PromoteSchema = z.object({
	intent: z.literal('promote'),
	applicationId: z.string({ required_error: 'Dossier manquant.', invalid_type_error: 'Dossier manquant.' }).min(1, 'Dossier manquant.').max(100, 'Dossier manquant.'),
	amount: optionalEuros,
})

export const StaffRenounceSchema = z.object({
	intent: z.literal('renounce'),
	applicationId: z.string({ required_error: 'Dossier manquant.', invalid_type_error: 'Dossier manquant.' }).min(1, 'Dossier manquant.').max(100, 'Dossier manquant.'),
	reason: reason('Indiquez la raison du renoncement.'),
})

export const RenounceSchema = z.object({
	intent: z.literal('renounce'),
	reason: reason('Indiquez la raison du renoncement : elle est transmise au financeur.'),
	confirm: z.literal('oui', { errorMap: () => ({ message: 'Cochez la case pour confirmer le renoncement à la subvention.' }) }),
})

export const DECISION_LABELS = { selected: 'Retenu', waitlisted: 'Liste d’attente', rejected: 'Non retenu' } as const
