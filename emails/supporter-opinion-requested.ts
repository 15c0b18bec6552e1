import { layout } from './layout'

/** To the staff of the structure a consortium named as its accompanying structure, once the dossier is submitted. */
export function supporterOpinionRequested(data: { applicationTitle: string; callTitle: string; leadName: string; structureName: string; url: string }) {
	return layout({
		subject: `Un dossier vous nomme comme structure d’accompagnement : « ${data.applicationTitle} » — Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			`Le consortium mené par ${data.leadName} a déposé le dossier « ${data.applicationTitle} » à l’appel à projets « ${data.callTitle} » et y nomme ${data.structureName} comme structure d’accompagnement.`,
			'Vous pouvez donner votre avis sur ce dossier (favorable, réservé ou défavorable, avec un texte). Le financeur et le jury le lisent à côté du dossier ; le consortium voit seulement qu’un avis a été donné. Il reste modifiable jusqu’à la délibération du jury.',
		],
		action: { label: 'Donner mon avis', url: data.url },
	})
}
