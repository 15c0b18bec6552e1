import { layout } from './layout'

export function juryInvitation(data: { callTitle: string; funderName: string; inviterName: string; kindLabel: string; isChair: boolean; url: string }) {
	return layout({
		subject: `Invitation à siéger au jury de « ${data.callTitle} » sur Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			`${data.inviterName} (${data.funderName}) vous invite à siéger au jury de l’appel à projets « ${data.callTitle} », en tant que ${data.kindLabel.toLowerCase()}${data.isChair ? ', et à le présider' : ''}.`,
			'Ouvrez le lien ci-dessous pour accepter ou décliner. Si vous n’avez pas encore de compte, vous pourrez le créer avec cette adresse e-mail. L’invitation est valable 14 jours.',
		],
		action: { label: 'Voir l’invitation', url: data.url },
	})
}
