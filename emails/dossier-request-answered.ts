import { layout } from './layout'

/** To the funder's staff: the lead sent the completed parts of the dossier. */
export function dossierRequestAnswered(data: { applicationTitle: string; callTitle: string; authorName: string; items: string[]; url: string }) {
	return layout({
		subject: `Compléments reçus pour le projet « ${data.applicationTitle} » — Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			`${data.authorName}, pour l’association chef de file, a envoyé les compléments demandés sur le projet « ${data.applicationTitle} » (appel à projets « ${data.callTitle} »).`,
			`Parties complétées : ${data.items.join(' ; ')}. Elles sont de nouveau en lecture seule pour le consortium.`,
		],
		action: { label: 'Voir le dossier', url: data.url },
		footnote: 'Vous recevez ce message parce que vous instruisez cet appel à projets.',
	})
}
