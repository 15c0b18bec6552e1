import { layout } from './layout'

/** To a drawn association's référent(s): its place in a group of the tirage au sort, to confirm within 14 days. */
export function partnerDrawPlaced(data: { callTitle: string; organizationName: string; departement: string; confirmBy: string; replacement: boolean; url: string }) {
	return layout({
		subject: `Tirage au sort « ${data.callTitle} » : une place pour ${data.organizationName} sur Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			data.replacement
				? `Une place s’est libérée dans un groupe du tirage au sort de l’appel « ${data.callTitle} » (département ${data.departement}) : elle revient à « ${data.organizationName} », suivante sur la liste d’attente.`
				: `« ${data.organizationName} » a été tirée au sort dans un groupe d’associations du département ${data.departement} pour l’appel « ${data.callTitle} ».`,
			`Confirmez votre participation avant le ${data.confirmBy}. Sans réponse à cette date, la place revient à l’association suivante de la liste d’attente.`,
		],
		action: { label: 'Confirmer ou décliner', url: data.url },
	})
}
