import { layout } from './layout'

/** To a juror who was given new dossiers (one email per run, or per dossier added by hand). */
export function juryAssignment(data: {
	displayName: string
	callTitle: string
	funderName: string
	/** The titles of the dossiers newly assigned to them. */
	titles: string[]
	/** The jury's end date, already in French ("15 mai 2027"), or null when the call has none. */
	juryEndsOn: string | null
	url: string
}) {
	const count = data.titles.length
	return layout({
		subject: `${count > 1 ? `${count} dossiers vous sont confiés` : 'Un dossier vous est confié'} — jury de « ${data.callTitle} » sur Ensemble`,
		greeting: `Bonjour ${data.displayName},`,
		paragraphs: [
			`${data.funderName} vous confie ${count > 1 ? `${count} nouveaux dossiers` : 'un nouveau dossier'} à évaluer pour le jury de l’appel à projets « ${data.callTitle} » :`,
			...data.titles.map((title) => `• ${title}`),
			data.juryEndsOn ? `Le jury se termine le ${data.juryEndsOn} : envoyez vos évaluations d’ici là.` : 'Envoyez vos évaluations avant la fin du jury.',
			'Si vous avez un lien avec l’une des associations d’un dossier, déclarez-le depuis votre espace juré avant de l’évaluer.',
		],
		action: { label: 'Ouvrir mon espace juré', url: data.url },
	})
}
