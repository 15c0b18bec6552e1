import { layout } from './layout'

export function organizationInvitation(data: { organizationName: string; inviterName: string; url: string; roleLabel: string }) {
	return layout({
		subject: `Invitation à rejoindre ${data.organizationName} sur Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			`${data.inviterName} vous invite à rejoindre « ${data.organizationName} » sur Ensemble, en tant que ${data.roleLabel}.`,
			'Ouvrez le lien ci-dessous pour accepter. Si vous n’avez pas encore de compte, vous pourrez le créer avec cette adresse e-mail. L’invitation est valable 14 jours.',
		],
		action: { label: 'Voir l’invitation', url: data.url },
	})
}
