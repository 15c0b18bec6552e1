import { layout } from './layout'

/** To a juror: the funder's staff reopened their sent evaluation of a dossier, and why. */
export function juryEvaluationReopened(data: { displayName: string; callTitle: string; applicationTitle: string; reason: string; url: string }) {
	return layout({
		subject: `Votre évaluation de « ${data.applicationTitle} » est rouverte sur Ensemble`,
		greeting: `Bonjour ${data.displayName},`,
		paragraphs: [
			`L’équipe du financeur a rouvert votre évaluation du dossier « ${data.applicationTitle} » (appel à projets « ${data.callTitle} »). Vous pouvez de nouveau la modifier, puis l’envoyer.`,
			`Motif : ${data.reason}`,
		],
		action: { label: 'Ouvrir mon évaluation', url: data.url },
	})
}
