import { layout } from './layout'

/** To the référent(s) of an association invited to co-carry a project, or to a person invited by email. */
export function applicationPartnerInvitation(data: {
	applicationTitle: string
	callTitle: string
	leadName: string
	inviterName: string
	organizationName: string | null
	url: string
}) {
	return layout({
		subject: `Invitation à co-porter le projet « ${data.applicationTitle} » sur Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			`${data.inviterName}, pour l’association « ${data.leadName} », invite ${
				data.organizationName ? `« ${data.organizationName} »` : 'votre association'
			} à co-porter le projet « ${data.applicationTitle} », présenté à l’appel à projets « ${data.callTitle} ».`,
			'Ouvrez le lien ci-dessous pour lire le dossier en entier avant de répondre : le référent de l’association accepte en précisant son rôle (qui fait quoi) et sa contribution, ou décline avec un message. Prenez le temps d’en discuter avec votre bureau.',
			data.organizationName
				? 'L’invitation est valable 14 jours.'
				: 'Si votre association n’est pas encore inscrite sur Ensemble, vous pourrez l’inscrire avec cette adresse e-mail. L’invitation est valable 14 jours.',
		],
		action: { label: 'Lire le dossier et répondre', url: data.url },
	})
}
