/**
 * The public texts of a published project (issue 12): what the consortium writes for the
 * showcase, with their bounds, and the French messages of the publication page. Plain module:
 * the page validates with the same schema in the browser.
 */
import { z } from 'zod'

export const PUBLICATION_LIMITS = { summary: 1_200, results: 3_000, lessons: 3_000 } as const

export const PUBLICATION_FIELDS = {
	summary: { label: 'Le projet en quelques lignes', hint: 'Ce que vous avez fait ensemble, pour qui, où.' },
	results: { label: 'Ce que le projet a donné', hint: 'Les résultats : ce qui a eu lieu, combien de personnes, ce qui reste.' },
	lessons: {
		label: 'Ce que nous avons appris',
		hint: 'Ce qui a marché et ce qui n’a pas marché : une autre association en tirera profit (« capitaliser sur les échecs »).',
	},
} as const

export type PublicationTexts = { summary: string; results: string; lessons: string }

const text = (field: keyof typeof PUBLICATION_LIMITS) =>
	z
		.string({ invalid_type_error: 'Ce texte est illisible : rechargez la page.' })
		.trim()
		.max(PUBLICATION_LIMITS[field], `Au plus ${PUBLICATION_LIMITS[field].toLocaleString('fr-FR')} caractères.`)
		.optional()
		.transform((v) => v ?? '')

/** Every text may be left empty while the consortium writes; an association consents only to complete texts. */
export const PublicationTextsSchema = z.object({
	intent: z.literal('texts'),
	/** The version of the texts the form was read on (project_publications.updated_at, in ms; 0 before any text). */
	version: z.coerce.number({ invalid_type_error: 'Rechargez la page.' }).int().min(0),
	summary: text('summary'),
	results: text('results'),
	lessons: text('lessons'),
})

export function textsComplete(texts: PublicationTexts): boolean {
	return texts.summary.trim() !== '' && texts.results.trim() !== '' && texts.lessons.trim() !== ''
}

export function sameTexts(a: PublicationTexts, b: PublicationTexts): boolean {
	return a.summary === b.summary && a.results === b.results && a.lessons === b.lessons
}

export const PUBLICATION_MESSAGES = {
	notRetained: 'Seul un projet retenu peut être publié dans la vitrine des projets.',
	evaluationNotApproved: 'La publication s’ouvre quand le financeur a approuvé l’évaluation de fin de projet.',
	incomplete: 'Écrivez d’abord les trois textes (le projet, ses résultats, ce que vous avez appris) : chaque association consent à un texte complet.',
	stale: 'Les textes ont été modifiés entre-temps par une autre personne : relisez-les ci-dessous (votre saisie est gardée dans le formulaire).',
	changedSinceRead: 'Les textes ont changé depuis que vous les avez lus : relisez-les ci-dessous avant de donner votre accord.',
	notReferent: 'Seul·e un·e référent·e de l’association donne ou retire son accord.',
	notMember: 'Seules les associations du consortium rédigent les textes publics.',
	alreadyConsented: 'Votre association a déjà donné son accord.',
	notConsented: 'Votre association n’avait pas donné son accord.',
	unknownAssociation: 'Cette association ne fait pas partie du consortium.',
}
