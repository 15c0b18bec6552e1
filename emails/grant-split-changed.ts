import { layout } from './layout'

/** To every staff member of the call's funder: the consortium changed its grant's split while the agreement awaits signatures. */
export function grantSplitChanged(data: { applicationTitle: string; callTitle: string; leadName: string; split: string; url: string }) {
	return layout({
		subject: `Répartition de la subvention modifiée — « ${data.applicationTitle} » sur Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			`L’association chef de file « ${data.leadName} » a modifié la répartition de la subvention du projet « ${data.applicationTitle} » (appel à projets « ${data.callTitle} ») : ${data.split}.`,
			'La convention en attente de signatures nomme encore l’ancienne répartition. Pour qu’elle nomme la nouvelle, établissez-en une nouvelle version depuis le suivi du dossier : chaque partie la signera de nouveau.',
		],
		action: { label: 'Voir le suivi du dossier', url: data.url },
	})
}
