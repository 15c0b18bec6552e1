/**
 * The forms of the funder's follow-up page (issue 10): one Zod schema each, French messages
 * next to each field. A field sent twice (an array where a string is expected), too long or
 * missing is refused here, before any domain function runs. Server-side: its bounds are the domain functions'.
 */
import { z } from 'zod'
import { SIGNER_NAME_MAX } from '#app/domain/agreements/agreements.server.ts'
import { REFERENCE_MAX } from '#app/domain/agreements/payments.server.ts'
import { amount } from '#app/domain/applications/application-forms.ts'
import { isIsoDate } from '#app/domain/calls/paris-time.ts'

export const RELOAD = 'Le formulaire est incomplet : rechargez la page.'
export const MESSAGE_MAX = 2000

/** A one-line text: required (`required` is its message) or not, within `max`. */
const line = (max: number, required: string | null, tooLong = `${max.toLocaleString('fr-FR')} caractères au plus.`) => {
	const base = z.string({ required_error: required ?? RELOAD, invalid_type_error: required ?? 'Une seule valeur est attendue.' }).trim().max(max, tooLong)
	return required ? base.min(1, required) : base.optional().default('')
}

const hidden = z.string({ required_error: RELOAD, invalid_type_error: RELOAD }).min(1, RELOAD).max(200, RELOAD)

export const SignSchema = z.object({
	intent: z.literal('sign'),
	digest: hidden,
	signerName: line(SIGNER_NAME_MAX, 'Indiquez vos prénom et nom : ils figurent sur la convention signée.'),
	signerQuality: line(SIGNER_NAME_MAX, null),
})

export const ReviseSchema = z.object({
	intent: z.literal('revise-agreement'),
	reason: line(MESSAGE_MAX, 'Indiquez ce qui change : chaque partie le lira avant de signer de nouveau.'),
})

export const PaymentSchema = z.object({
	intent: z.literal('record-payment'),
	paymentId: hidden,
	paidOn: z
		.string({ required_error: 'Indiquez la date du virement.', invalid_type_error: 'Indiquez une seule date.' })
		.trim()
		.refine((v) => isIsoDate(v), 'Indiquez une date valide (jour, mois, année).'),
	amount: z
		.string({ required_error: 'Indiquez le montant versé.', invalid_type_error: 'Indiquez un seul montant.' })
		.max(100, 'Indiquez un montant en euros, en chiffres.')
		// The portal's one reading of an amount typed in French (« 7 000 », « 7000,50 »).
		.pipe(amount('Montant versé'))
		.transform((cents, ctx) => {
			if (cents === null) {
				ctx.addIssue({ code: 'custom', message: 'Indiquez le montant versé.' })
				return z.NEVER
			}
			return cents
		}),
	reference: line(REFERENCE_MAX, null, `La référence : ${REFERENCE_MAX} caractères au plus.`),
})

/** One value or several (checkboxes), each a section name. */
const sectionList = z.preprocess(
	(v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
	z
		.array(z.string({ invalid_type_error: RELOAD }).max(200, RELOAD), { invalid_type_error: RELOAD })
		.min(1, 'Choisissez au moins une section à rouvrir.')
		.max(50, RELOAD),
)

export const RequestChangesSchema = z.object({
	intent: z.literal('request-changes'),
	sections: sectionList,
	message: line(MESSAGE_MAX, 'Écrivez ce qui est à reprendre : le consortium le lira.'),
})

/** The intents of the page that carry no field. */
export const BARE_INTENTS = ['open-agreement', 'start-project', 'open-evaluation', 'approve'] as const
