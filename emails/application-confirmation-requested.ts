import { layout } from './layout'

/** The lead changed what a co-porter committed to: its confirmation lapsed and is asked again. */
export function applicationConfirmationRequested(data: { applicationTitle: string; leadName: string; organizationName: string; url: string }) {
	return layout({
		subject: `Projet « ${data.applicationTitle} » : votre engagement est à confirmer de nouveau sur Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			`L’association chef de file « ${data.leadName} » a modifié le rôle ou la part du budget de « ${data.organizationName} » dans le projet « ${data.applicationTitle} », après votre confirmation.`,
			'Votre confirmation précédente ne vaut plus : relisez le dossier et confirmez de nouveau votre engagement, ou déclinez.',
		],
		action: { label: 'Relire et confirmer', url: data.url },
	})
}
