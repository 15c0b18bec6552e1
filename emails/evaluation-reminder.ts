import { layout } from './layout'

/** To the consortium: the end-of-project evaluation is due in 30 days, in 7 days, or overdue (its due date never moves). */
export function evaluationReminder(data: { applicationTitle: string; callTitle: string; funderName: string; dueOn: string; kind: 'before-30' | 'before-7' | 'overdue'; url: string }) {
	const when = data.kind === 'overdue' ? `était attendue le ${data.dueOn}` : `est attendue le ${data.dueOn}${data.kind === 'before-7' ? ', dans une semaine' : ''}`
	return layout({
		subject:
			data.kind === 'overdue'
				? `Évaluation de fin de projet en retard : « ${data.applicationTitle} » sur Ensemble`
				: `Rappel : évaluation de fin de projet de « ${data.applicationTitle} » sur Ensemble`,
		greeting: 'Bonjour,',
		paragraphs: [
			`L’évaluation de fin de projet de « ${data.applicationTitle} » (appel à projets « ${data.callTitle} », ${data.funderName}) ${when}.`,
			'Chaque association y répond pour sa part ; la partie commune peut être écrite par chacune. Le chef de file l’envoie une fois tout rempli.',
			data.kind === 'overdue' ? 'Le solde de la subvention est versé après l’approbation de l’évaluation.' : 'Vos réponses sont enregistrées au fil de la saisie.',
		],
		action: { label: 'Remplir l’évaluation', url: data.url },
	})
}
