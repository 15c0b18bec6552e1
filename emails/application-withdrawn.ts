import { layout } from './layout'

/** To every association's référent: the lead withdrew the application. */
export function applicationWithdrawn(data: { applicationTitle: string; callTitle: string; leadName: string; reason: string; url: string }) {
	return layout({
		subject: `Projet « ${data.applicationTitle} » retiré sur Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			`L’association chef de file « ${data.leadName} » a retiré le projet « ${data.applicationTitle} » de l’appel à projets « ${data.callTitle} ».`,
			`Raison indiquée : « ${data.reason} »`,
		],
		action: { label: 'Voir le dossier', url: data.url },
	})
}
