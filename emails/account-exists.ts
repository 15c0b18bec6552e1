import { layout } from './layout'

/** Sent instead of a confirmation link when someone signs up with an address that already has an account. */
export function accountExists(data: { displayName: string; loginUrl: string; resetUrl: string }) {
	return layout({
		subject: 'Une inscription a été tentée avec votre adresse — Ensemble',
		greeting: `Bonjour ${data.displayName},`,
		paragraphs: [
			'Quelqu’un (peut-être vous) a essayé de créer un compte Ensemble avec votre adresse e-mail. Vous avez déjà un compte : aucun autre n’a été créé.',
			`Pour vous connecter : ${data.loginUrl}`,
			'Si vous avez oublié votre mot de passe, choisissez-en un nouveau avec le lien ci-dessous.',
		],
		action: { label: 'Choisir un nouveau mot de passe', url: data.resetUrl },
		footnote: 'Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre compte reste inchangé.',
	})
}
