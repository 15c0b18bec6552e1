import { layout } from './layout'

/** Two days before the deadline, to the référents of the lead of an application still in draft. */
export function deadlineReminder(data: {
	displayName: string
	associationName: string
	callTitle: string
	applicationTitle: string
	/** Already formatted in French, Paris time: "lundi 31 mars 2025 à 12:00". */
	deadline: string
	url: string
}) {
	return layout({
		subject: `Plus que deux jours pour déposer votre projet à l’appel « ${data.callTitle} » — Ensemble`,
		greeting: `Bonjour ${data.displayName},`,
		paragraphs: [
			`Le projet « ${data.applicationTitle} », porté par ${data.associationName} en chef de file, n’est pas encore déposé.`,
			`L’appel à projets « ${data.callTitle} » ferme le ${data.deadline} (heure de Paris). Après cette date, le dossier restera consultable mais ne pourra plus être déposé.`,
			'Avant de déposer, vérifiez que vos associations partenaires ont confirmé leur engagement, que le budget est équilibré et que les pièces demandées sont jointes.',
		],
		action: { label: 'Ouvrir le dossier', url: data.url },
		footnote: 'Vous recevez ce message en tant que référent·e de l’association chef de file. Ce rappel n’est envoyé qu’une fois.',
	})
}
