import { layout } from './layout'

export function resetPassword(data: { displayName: string; url: string }) {
	return layout({
		subject: 'Réinitialisation de votre mot de passe — Ensemble',
		greeting: `Bonjour ${data.displayName},`,
		paragraphs: [
			'Une demande de réinitialisation du mot de passe de votre compte Ensemble a été faite.',
			'Choisissez un nouveau mot de passe avec le lien ci-dessous. Il est valable 1 heure et ne sert qu’une fois.',
		],
		action: { label: 'Choisir un nouveau mot de passe', url: data.url },
		footnote: 'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.',
	})
}
