import { z } from 'zod'

/** The account deletion form (/compte/suppression): the password again, and the word typed. */
export const AccountDeletionSchema = z.object({
	password: z.string({ required_error: 'Saisissez votre mot de passe.' }).min(1, 'Saisissez votre mot de passe.').max(128, 'Mot de passe incorrect.'),
	confirmation: z
		.string({ required_error: 'Tapez SUPPRIMER pour confirmer.' })
		.trim()
		.max(40, 'Tapez SUPPRIMER pour confirmer.')
		.refine((value) => value.toUpperCase() === 'SUPPRIMER', 'Tapez SUPPRIMER pour confirmer.'),
})
