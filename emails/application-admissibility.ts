import { layout } from './layout'

/** To the référent of every association of the consortium: the funder's admissibility decision. */
export function applicationAdmissibility(data: {
	applicationTitle: string
	callTitle: string
	funderName: string
	decision: 'admissible' | 'inadmissible'
	/** The reason (required when inadmissible; an optional comment when admissible). */
	reason: string
	/** True when this decision replaces an earlier one. */
	changed: boolean
	url: string
}) {
	const admissible = data.decision === 'admissible'
	const paragraphs = [
		admissible
			? `Le financeur « ${data.funderName} » a déclaré recevable le projet « ${data.applicationTitle} », déposé à l’appel à projets « ${data.callTitle} ». Il sera examiné par le jury.`
			: `Le financeur « ${data.funderName} » a déclaré irrecevable le projet « ${data.applicationTitle} », déposé à l’appel à projets « ${data.callTitle} ». Il ne sera pas examiné par le jury.`,
	]
	if (data.changed) paragraphs.push('Cette décision remplace celle qui vous avait été communiquée précédemment.')
	if (data.reason) paragraphs.push(`${admissible ? 'Commentaire' : 'Motif'} : « ${data.reason} »`)
	paragraphs.push('Vous recevez ce message parce que votre association fait partie du consortium de ce projet.')
	return layout({
		subject: admissible
			? `Projet « ${data.applicationTitle} » déclaré recevable sur Ensemble`
			: `Projet « ${data.applicationTitle} » déclaré irrecevable sur Ensemble`,
		greeting: 'Bonjour,',
		paragraphs,
		action: { label: 'Voir le dossier', url: data.url },
		footnote: admissible ? undefined : 'Pour toute question sur ce motif, adressez-vous au financeur de l’appel.',
	})
}
