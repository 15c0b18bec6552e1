import { layout } from './layout'

/** To each association of the consortium: the lead sent the end-of-project evaluation; its PDF is attached. */
export function evaluationSent(data: {
	applicationTitle: string
	callTitle: string
	funderName: string
	senderName: string
	leadName: string
	organizationName: string
	sentAt: string
	resent: boolean
	url: string
}) {
	return layout({
		subject: `${data.resent ? 'Évaluation corrigée envoyée' : 'Évaluation envoyée'} : « ${data.applicationTitle} » sur Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			`${data.senderName}, pour ${data.leadName} (chef de file), a envoyé le ${data.sentAt} ${data.resent ? 'la version corrigée de ' : ''}l’évaluation de fin de projet de « ${data.applicationTitle} » à ${data.funderName} (appel à projets « ${data.callTitle} »).`,
			`Vous la trouverez en pièce jointe, telle qu’elle a été envoyée, avec la partie de chaque association dont ${data.organizationName}.`,
			'Le financeur va la relire : il peut l’approuver ou demander des modifications sur certaines parties. Vous serez prévenus.',
		],
		action: { label: 'Voir l’évaluation', url: data.url },
	})
}
