import { layout } from './layout'

/** To an association's référents: a supporter structure of its territory suggests a partner. */
export function partnerRecommendation(data: { structureName: string; partnerName: string; note: string; url: string }) {
	return layout({
		subject: `${data.structureName} vous suggère un partenaire : ${data.partnerName} — Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			`${data.structureName}, structure d’accompagnement de votre territoire, pense que l’association « ${data.partnerName} » pourrait être un bon partenaire pour la vôtre.`,
			...(data.note ? [`Son mot : ${data.note}`] : []),
			'Vous pouvez lire son profil dans l’annuaire des partenaires et lui écrire depuis le portail.',
		],
		action: { label: 'Voir le profil', url: data.url },
	})
}
