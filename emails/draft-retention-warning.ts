import { layout } from './layout'

/** A month before a draft never submitted is deleted (retention, docs/decisions/030), to the référents of its lead association; sent once. */
export function draftRetentionWarning(data: {
	displayName: string
	associationName: string
	callTitle: string
	applicationTitle: string
	/** Already formatted in French: "15 mars 2027". */
	deletionOn: string
	months: number
	url: string
}) {
	return layout({
		subject: `Votre brouillon « ${data.applicationTitle} » sera supprimé le ${data.deletionOn} — Ensemble`,
		greeting: `Bonjour ${data.displayName},`,
		paragraphs: [
			`Le projet « ${data.applicationTitle} », porté par ${data.associationName} à l’appel « ${data.callTitle} », n’a jamais été déposé. L’appel est clos.`,
			`Pour ne pas garder de données inutiles, Ensemble supprime les brouillons jamais déposés ${data.months} mois après la clôture de leur appel. Ce brouillon, ses pièces jointes et ses messages seront supprimés le ${data.deletionOn}.`,
			'Si vous voulez garder vos textes (pour un prochain appel par exemple), ouvrez le dossier et copiez-les avant cette date.',
		],
		action: { label: 'Ouvrir le brouillon', url: data.url },
		footnote: 'Vous recevez ce message en tant que référent·e de l’association chef de file. Il n’est envoyé qu’une fois.',
	})
}
