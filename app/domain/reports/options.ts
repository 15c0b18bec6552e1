/**
 * The lists of the end-of-project evaluation (issue 10), from the seeds (../shared/DOMAIN.md):
 * the difficulty categories of the workshops (seed 000, each with what constrained and the
 * levers proposed, shown as hints) and the answers of the 2012 bilan's questions (seed 003),
 * kept as values so the call's bilan (issue 11) counts them the same way. Plain module.
 */
export { INVOLVEMENT_FORMS, OTHER_PARTNER_KINDS } from '#app/domain/applications/options.ts'

export const DIFFICULTY_CATEGORIES = [
	{ value: 'temps', label: 'Temps (avant, pendant et après)', constraint: 'Plus long à mener, agendas difficiles à faire coïncider.', lever: 'Prévoir et allouer du temps, anticiper les agendas.' },
	{ value: 'fonctionnement', label: 'Fonctionnement', constraint: 'Lourdeur, décisions collectives difficiles, « qui fait quoi » mal formalisé.', lever: 'Co-construire en amont un cadre, une méthode et des responsabilités clairs.' },
	{ value: 'communication', label: 'Communication', constraint: 'Manque de communication entre partenaires, communication externe complexe.', lever: 'Rencontres physiques, dialogue direct, équilibre de visibilité entre partenaires.' },
	{ value: 'mandats', label: 'Mandats', constraint: 'Représentant·e sans mandat ni autonomie dans son association.', lever: 'Donner un mandat décisionnel aux représentant·es, les soutenir dans leur association.' },
	{ value: 'visions', label: 'Notion de partenariat / visions', constraint: 'Visions divergentes, langage différent, place de chacun mal reconnue.', lever: 'Construire une vision et un langage communs, une place d’égal à égal.' },
	{ value: 'objectifs', label: 'Objectifs', constraint: 'Objectif commun absent, confus ou divergent.', lever: 'Clarifier les objectifs collectifs et spécifiques, partager les indicateurs.' },
	{ value: 'evaluation', label: 'Évaluation', constraint: 'Évaluation absente ou limitée à la satisfaction du public.', lever: 'Prévoir une évaluation qualitative et quantitative.' },
	{ value: 'financement', label: 'Financement', constraint: 'Insuffisance, justification lourde, financements tardifs.', lever: 'Créer un pot commun, chercher de nouvelles pistes de financement.' },
	{ value: 'pouvoir', label: 'Relations de pouvoir', constraint: 'Instrumentalisation, intérêts d’un partenaire qui priment.', lever: 'Partager le cadre et le pilotage, obtenir le soutien des pouvoirs publics.' },
	{ value: 'realites', label: 'Réalités différentes', constraint: 'Moyens, disponibilités et cadres différents selon les partenaires.', lever: 'Prendre en compte les réalités de chacun, se faire confiance, assumer collectivement.' },
	{ value: 'connaissance', label: 'Mauvaise connaissance (du public, des partenaires, du terrain)', constraint: 'Public ou terrain mal connus.', lever: 'S’appuyer sur son réseau, analyser le territoire et les besoins.' },
	{ value: 'humain', label: 'Côté humain', constraint: 'Méfiance, egos, manque d’enthousiasme.', lever: 'Confiance, bonne entente, remise en question de soi-même.' },
] as const
export type DifficultyCategory = (typeof DIFFICULTY_CATEGORIES)[number]['value']

/** « Intérêt trouvé à coopérer » (2012: 25 projects of 33 found a strong interest). */
export const INTEREST_LEVELS = [
	{ value: 'fort', label: 'Fort' },
	{ value: 'moyen', label: 'Moyen' },
	{ value: 'faible', label: 'Faible' },
	{ value: 'aucun', label: 'Aucun' },
] as const

/** « Souhait de continuer ensemble » (2012: 97 %). */
export const CONTINUE_CHOICES = [
	{ value: 'oui', label: 'Oui' },
	{ value: 'peut_etre', label: 'Peut-être' },
	{ value: 'non', label: 'Non' },
] as const

/** The yes/no answers, as the call's questions have them. */
export { YES_NO as YES_NO_ANSWERS } from '#app/domain/applications/options.ts'

/** The sections of the consortium's part, in the order of the page; each association's part is 'association:<id>'. */
export const CONSORTIUM_SECTIONS = {
	realisation: 'Ce qui a été réalisé et le calendrier',
	publics: 'Publics touchés',
	indicateurs: 'Indicateurs',
	difficultes: 'Difficultés rencontrées',
	financier: 'Compte rendu financier',
} as const
export type ConsortiumSection = keyof typeof CONSORTIUM_SECTIONS

export const associationSection = (organizationId: string) => `association:${organizationId}`

/** How an association's own part is named on every page and document. */
export const associationPartTitle = (name: string) => `Partie de l’association ${name}`
