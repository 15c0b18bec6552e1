import { layout } from './layout'

/** To the funder's staff: the lead of a retained consortium gave up its grant; the amount is freed for the waiting list. */
export function applicationRenounced(data: { applicationTitle: string; callTitle: string; leadName: string; reason: string; amount: string; url: string }) {
	return layout({
		subject: `Renoncement à la subvention de « ${data.applicationTitle} » sur Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			`L’association chef de file « ${data.leadName} » renonce à la subvention de ${data.amount} accordée au projet « ${data.applicationTitle} » (appel à projets « ${data.callTitle} »).`,
			`Raison indiquée : « ${data.reason} »`,
			'Ce montant est de nouveau disponible : le dossier suivant de la liste d’attente peut être retenu depuis la page Décisions.',
		],
		action: { label: 'Voir les décisions', url: data.url },
	})
}
