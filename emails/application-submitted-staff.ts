import { layout } from './layout'

/** To every staff member of the call's funder, when the call asks for it: a dossier was submitted. */
export function applicationSubmittedStaff(data: {
	applicationTitle: string
	callTitle: string
	leadName: string
	associationNames: string
	submittedAt: string
	url: string
}) {
	return layout({
		subject: `Nouveau dossier déposé à « ${data.callTitle} » sur Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			`Le projet « ${data.applicationTitle} » a été déposé à l’appel à projets « ${data.callTitle} » le ${data.submittedAt} (heure de Paris), par l’association chef de file « ${data.leadName} ».`,
			`Associations du consortium : ${data.associationNames}.`,
			'Le dossier complet (réponses, pièces jointes, récépissé) est consultable dans votre espace de gestion, où vous pouvez décider de sa recevabilité.',
		],
		action: { label: 'Voir le dossier', url: data.url },
		footnote: 'Vous recevez ce message parce que l’appel prévient son équipe à chaque dépôt. Ce réglage se change dans la fiche de l’appel.',
	})
}
