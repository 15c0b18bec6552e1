import { layout } from './layout'

/** To the consortium: the funder asks for a missing piece or answer, reopening some parts of the dossier until a date. */
export function dossierRequestOpened(data: {
	applicationTitle: string
	callTitle: string
	funderName: string
	message: string
	/** What is reopened, e.g. "la section « Budget »". */
	items: string[]
	dueAt: string
	url: string
}) {
	return layout({
		subject: `Demande de complément sur le projet « ${data.applicationTitle} » — Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			`Le financeur « ${data.funderName} » vous demande un complément sur le projet « ${data.applicationTitle} » (appel à projets « ${data.callTitle} ») :`,
			data.message,
			`Ce qui est rouvert : ${data.items.join(' ; ')}. Ces parties sont modifiables jusqu’au ${data.dueAt} (heure de Paris) ; le reste du dossier ne change pas.`,
			'Une fois vos modifications enregistrées, l’association chef de file clique sur « Envoyer les compléments ».',
		],
		action: { label: 'Voir la demande', url: data.url },
		footnote: 'Vous recevez ce message parce que votre association fait partie du consortium de ce projet.',
	})
}
