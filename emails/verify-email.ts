import { layout } from './layout'

export function verifyEmail(data: { displayName: string; url: string }) {
	return layout({
		subject: 'Confirmez votre adresse e-mail — Ensemble',
		greeting: `Bonjour ${data.displayName},`,
		paragraphs: [
			'Vous venez de créer un compte sur Ensemble, le portail des appels à projets pour la coopération entre associations.',
			'Pour activer votre compte, confirmez votre adresse e-mail. Ce lien est valable 48 heures et ne sert qu’une fois.',
		],
		action: { label: 'Confirmer mon adresse', url: data.url },
		footnote: 'Si vous n’êtes pas à l’origine de cette inscription, ignorez ce message : aucun compte ne sera activé.',
	})
}
