import { layout } from './layout'

const SENTENCES = {
	confirmed: 'a confirmé son engagement dans',
	declined: 'a décliné l’invitation à co-porter',
	withdrawn: 's’est retirée de',
} as const

/** To the lead's référent(s): a partner confirmed, declined or withdrew. */
export function applicationPartnerAnswered(data: {
	applicationTitle: string
	organizationName: string
	answer: keyof typeof SENTENCES
	message: string | null
	url: string
}) {
	return layout({
		subject: `Projet « ${data.applicationTitle} » : réponse de ${data.organizationName} sur Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			`L’association « ${data.organizationName} » ${SENTENCES[data.answer]} le projet « ${data.applicationTitle} ».`,
			...(data.message ? [`Son message : « ${data.message} »`] : []),
		],
		action: { label: 'Voir les partenaires du projet', url: data.url },
	})
}
