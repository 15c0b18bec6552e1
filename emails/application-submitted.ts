import { layout } from './layout'

/** To every association's référent: the application was submitted. */
export function applicationSubmitted(data: { applicationTitle: string; callTitle: string; leadName: string; submittedAt: string; url: string }) {
	return layout({
		subject: `Projet « ${data.applicationTitle} » déposé sur Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			`Le projet « ${data.applicationTitle} » a été déposé par l’association chef de file « ${data.leadName} » à l’appel à projets « ${data.callTitle} », le ${data.submittedAt} (heure de Paris).`,
			'Le récépissé de dépôt (PDF) est joint à ce message ; il reste téléchargeable depuis le dossier.',
			'Le dossier n’est plus modifiable. Vous pouvez le consulter à tout moment ; le financeur vous informera de la suite.',
		],
		action: { label: 'Voir le dossier', url: data.url },
	})
}
