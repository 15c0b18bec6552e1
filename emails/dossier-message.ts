import { layout } from './layout'

/** A message on a dossier: from the funder's staff to the consortium, or the other way. */
export function dossierMessage(data: {
	applicationTitle: string
	callTitle: string
	funderName: string
	from: 'funder' | 'consortium'
	authorName: string
	body: string
	url: string
}) {
	const fromFunder = data.from === 'funder'
	return layout({
		subject: fromFunder
			? `Message du financeur sur le projet « ${data.applicationTitle} » — Ensemble`
			: `Message du consortium sur le projet « ${data.applicationTitle} » — Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			fromFunder
				? `${data.authorName}, pour le financeur « ${data.funderName} », vous écrit au sujet du projet « ${data.applicationTitle} » (appel à projets « ${data.callTitle} ») :`
				: `${data.authorName}, pour le consortium du projet « ${data.applicationTitle} » (appel à projets « ${data.callTitle} »), vous écrit :`,
			data.body,
		],
		action: { label: 'Lire et répondre', url: data.url },
		footnote: fromFunder
			? 'Vous recevez ce message parce que votre association fait partie du consortium de ce projet. Répondez depuis la page du dossier, pas à cet e-mail.'
			: 'Vous recevez ce message parce que vous instruisez cet appel à projets. Répondez depuis la page du dossier, pas à cet e-mail.',
	})
}
