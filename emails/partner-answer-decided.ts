import { layout } from './layout'

/**
 * An answer was accepted or declined. `audience` 'responder': to the answering association's
 * référent(s); 'announcer': to the announcer's, as a record of what was done in its name.
 */
export function partnerAnswerDecided(data: {
	announcementTitle: string
	callTitle: string
	announcerName: string
	responderName: string
	decision: 'accepted' | 'declined'
	audience: 'responder' | 'announcer'
	reason: string | null
	url: string
}) {
	const accepted = data.decision === 'accepted'
	const paragraphs =
		data.audience === 'responder'
			? accepted
				? [
						`L’association « ${data.announcerName} » accepte votre réponse à son annonce « ${data.announcementTitle} » (appel « ${data.callTitle} »).`,
						'Elle vous invite comme partenaire de son dossier : vous recevez l’invitation dans un autre e-mail. Vous avez 14 jours pour confirmer ou décliner votre engagement.',
					]
				: [
						`L’association « ${data.announcerName} » ne retient pas votre réponse à son annonce « ${data.announcementTitle} » (appel « ${data.callTitle} »).`,
						...(data.reason ? [`Son motif : « ${data.reason} »`] : []),
						'D’autres associations cherchent des partenaires sur cet appel : consultez leurs annonces.',
					]
			: [
					accepted
						? `Vous avez accepté la réponse de « ${data.responderName} » à votre annonce « ${data.announcementTitle} » : elle est invitée comme partenaire de votre dossier.`
						: `Vous avez décliné la réponse de « ${data.responderName} » à votre annonce « ${data.announcementTitle} ».`,
				]
	return layout({
		subject: `Annonce « ${data.announcementTitle} » : réponse ${accepted ? 'acceptée' : 'déclinée'} sur Ensemble`,
		greeting: 'Bonjour,',
		paragraphs,
		action: { label: 'Voir l’annonce', url: data.url },
	})
}
