import { layout } from './layout'

/** To a juror who still has evaluations to send: from the staff's button, or 3 days before the jury's end. */
export function juryReminder(data: {
	displayName: string
	callTitle: string
	/** How many of their evaluations are not sent yet. */
	unsent: number
	/** The jury's end date, already in French ("15 mai 2027"), or null. */
	juryEndsOn: string | null
	url: string
}) {
	const what = data.unsent > 1 ? `${data.unsent} évaluations à envoyer` : 'une évaluation à envoyer'
	return layout({
		subject: `Rappel : ${what} pour le jury de « ${data.callTitle} » — Ensemble`,
		greeting: `Bonjour ${data.displayName},`,
		paragraphs: [
			`Il vous reste ${what} pour le jury de l’appel à projets « ${data.callTitle} ».`,
			data.juryEndsOn ? `Le jury se termine le ${data.juryEndsOn}.` : 'Le jury se termine bientôt.',
			'Une évaluation commencée est enregistrée au fil de l’eau : vous la retrouvez telle que vous l’avez laissée.',
		],
		action: { label: 'Ouvrir mon espace juré', url: data.url },
	})
}
