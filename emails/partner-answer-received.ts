import { layout } from './layout'

/** To the announcer's référent(s): an association answered its « je cherche des partenaires » announcement. */
export function partnerAnswerReceived(data: { announcementTitle: string; callTitle: string; organizationName: string; message: string; url: string }) {
	return layout({
		subject: `Annonce « ${data.announcementTitle} » : réponse de ${data.organizationName} sur Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			`L’association « ${data.organizationName} » répond à votre annonce « ${data.announcementTitle} » (appel « ${data.callTitle} »).`,
			`Son message : « ${data.message} »`,
			'Acceptez sa réponse pour l’inviter comme partenaire de votre dossier, ou déclinez-la, depuis la page de l’annonce.',
		],
		action: { label: 'Voir les réponses', url: data.url },
	})
}
