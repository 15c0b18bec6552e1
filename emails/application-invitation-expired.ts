import { layout } from './layout'

/** To an association (or an address) invited to a project that was submitted before it answered. */
export function applicationInvitationExpired(data: { applicationTitle: string; callTitle: string; leadName: string; organizationName: string | null; url: string }) {
	const who = data.organizationName ? `l’association « ${data.organizationName} »` : 'votre association'
	return layout({
		subject: `Invitation expirée : « ${data.applicationTitle} » a été déposé sur Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			`L’association « ${data.leadName} » avait invité ${who} à co-porter le projet « ${data.applicationTitle} » (appel à projets « ${data.callTitle} »).`,
			'Le dossier a été déposé avant votre réponse : votre invitation a expiré au dépôt, et votre association ne fait pas partie du consortium de ce dossier.',
			'Si vous souhaitez malgré tout y prendre part, contactez directement l’association chef de file.',
		],
		action: { label: 'Voir l’appel à projets', url: data.url },
	})
}
