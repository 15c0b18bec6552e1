import { z } from 'zod'

const email = z
	.string({ required_error: 'Saisissez votre adresse e-mail.' })
	.trim()
	.toLowerCase()
	.email('Cette adresse e-mail n’est pas valide (exemple : prenom.nom@exemple.fr).')
	.max(254, 'Cette adresse e-mail est trop longue.')

const newPassword = z
	.string({ required_error: 'Choisissez un mot de passe.' })
	.min(10, 'Le mot de passe doit contenir au moins 10 caractères.')
	.max(128, 'Le mot de passe ne doit pas dépasser 128 caractères.')

export const SignUpSchema = z.object({
	displayName: z
		.string({ required_error: 'Indiquez votre nom.' })
		.trim()
		.min(2, 'Indiquez votre nom (au moins 2 caractères).')
		.max(100, 'Le nom ne doit pas dépasser 100 caractères.'),
	email,
	password: newPassword,
	redirectTo: z.string().optional(),
})

export const LoginSchema = z.object({
	email,
	password: z.string({ required_error: 'Saisissez votre mot de passe.' }).max(128, 'Mot de passe trop long.'),
	redirectTo: z.string().optional(),
})

export const ForgotPasswordSchema = z.object({ email })

export const ResetPasswordSchema = z
	.object({
		token: z.string({ required_error: 'Lien incomplet.' }),
		password: newPassword,
		confirmPassword: z.string({ required_error: 'Confirmez le nouveau mot de passe.' }),
	})
	.refine((value) => value.password === value.confirmPassword, {
		path: ['confirmPassword'],
		message: 'Les deux mots de passe ne sont pas identiques.',
	})

export const ResendVerificationSchema = z.object({ email })
