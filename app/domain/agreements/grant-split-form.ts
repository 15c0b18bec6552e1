/**
 * The form of the grant's split (issue 10): one amount per association of the consortium,
 * typed the French way, its association named by a hidden field; « Enregistrer la
 * répartition » (split=oui) or « Pas de répartition » (split=non, the amounts ignored).
 * setGrantSplit checks it all again against the consortium. Plain module: client and server.
 */
import { z } from 'zod'
import { amount } from '#app/domain/applications/application-forms.ts'

export const GRANT_SPLIT_INTENT = 'set-grant-split'
/** More rows than any consortium has associations. */
export const GRANT_SPLIT_MAX_SHARES = 30

const RELOAD = 'Le formulaire est incomplet : rechargez la page.'

export const GrantSplitSchema = z
	.object({
		intent: z.literal(GRANT_SPLIT_INTENT),
		split: z.enum(['oui', 'non'], { errorMap: () => ({ message: 'Choisissez d’enregistrer une répartition ou de n’en fixer aucune.' }) }),
		shares: z
			.array(
				z.object({
					organizationId: z.string({ required_error: RELOAD, invalid_type_error: RELOAD }).min(1, RELOAD).max(100, RELOAD),
					amount: z
						.string({ invalid_type_error: 'Indiquez un seul montant.' })
						.max(100, 'Indiquez un montant en euros, en chiffres.')
						.optional()
						// The portal's one reading of an amount typed in French (« 7 000 », « 7000,50 »).
						.pipe(amount('La part')),
				}),
				{ invalid_type_error: RELOAD },
			)
			.max(GRANT_SPLIT_MAX_SHARES, RELOAD)
			.optional()
			.default([]),
	})
	.superRefine((value, ctx) => {
		if (value.split !== 'oui') return
		if (value.shares.length === 0) ctx.addIssue({ code: 'custom', path: ['shares'], message: RELOAD })
		value.shares.forEach((share, index) => {
			if (share.amount === null) ctx.addIssue({ code: 'custom', path: ['shares', index, 'amount'], message: 'Indiquez la part de cette association (0 si elle n’en reçoit pas).' })
		})
	})
	.transform((value) => ({
		shares: value.split === 'non' ? null : value.shares.map((s) => ({ organizationId: s.organizationId, amountCents: s.amount ?? 0 })),
	}))

export type GrantSplitInput = z.infer<typeof GrantSplitSchema>
