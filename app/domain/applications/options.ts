/**
 * The options of the application form, taken from the seeds (see ../shared/DOMAIN.md).
 * Plain module: shared by the browser and the server, and by the bilan's categories.
 */

/** Levels of sharing between partners (seed 002). */
export const SHARING_LEVELS = [
	{
		value: 'mutualisation',
		label: 'Mutualisation',
		definition:
			'La « facilitation réciproque » : elle porte sur les ressources non humaines (locaux, moyens techniques, logistiques, éventuellement financiers).',
	},
	{
		value: 'collaboration',
		label: 'Collaboration',
		definition: 'Le « travailler ensemble » : elle porte sur les ressources humaines, le travail partagé ou organisé de concert.',
	},
	{
		value: 'cooperation',
		label: 'Coopération',
		definition:
			'Le « faire œuvre commune » : une organisation partagée des moyens techniques et humains pour mener à bien un projet dans la durée, au-delà d’un événement particulier.',
	},
] as const
export type SharingLevel = (typeof SHARING_LEVELS)[number]['value']

/** What triggered the cooperation (survey question 2, seed 003 annex III). */
export const TRIGGERS = [
	{ value: 'associations_proches', label: 'Une volonté de développer un projet avec des associations proches' },
	{ value: 'volonte_commune', label: 'Une volonté commune de plusieurs acteurs associatifs' },
	{ value: 'faire_mieux', label: 'Une volonté de coopérer pour faire mieux' },
	{ value: 'mutualiser', label: 'Une volonté de mutualiser pour rationaliser' },
	{ value: 'facteur_exterieur', label: 'Un facteur extérieur déclencheur (effet d’opportunité, ex. l’appel à projets)' },
	{ value: 'contrainte_environnement', label: 'Une contrainte de l’environnement' },
	{ value: 'recherche_financement', label: 'Une recherche de financement' },
	{ value: 'leader_opinion', label: 'La volonté d’un(e) « leader d’opinion »' },
	{ value: 'injonction_collectivite', label: 'Une injonction d’une collectivité' },
] as const

/** The twelve topics of the pense-pas-bête de la coopération (seed 002). */
export const COOPERATION_TOPICS = [
	{ value: 'echeancier', label: 'L’échéancier de réalisation' },
	{ value: 'communication', label: 'La communication (externe, partage de l’information entre entités)' },
	{ value: 'gouvernance', label: 'La gouvernance (qui prend les décisions et comment ?)' },
	{ value: 'raison_objectifs', label: 'La raison du projet de coopération et ses objectifs' },
	{ value: 'excedents', label: 'La répartition des éventuels excédents' },
	{ value: 'tarification', label: 'La tarification (tarif unique, gratuité, barème dégressif…)' },
	{ value: 'criteres_reussite', label: 'Les critères de réussite (fréquentation, qualité des échanges…)' },
	{ value: 'perspectives', label: 'Les perspectives (renouvellement, autres actions en coopération)' },
	{ value: 'ressources_humaines', label: 'Les ressources humaines (expériences, compétences, disponibilités)' },
	{ value: 'ressources_materielles', label: 'Les ressources matérielles et financières (existantes, nécessaires)' },
	{ value: 'valeurs', label: 'Les valeurs partagées' },
	{ value: 'qui_fait_quoi', label: 'Qui fait quoi : la répartition des missions entre associations' },
] as const
export type CooperationTopic = (typeof COOPERATION_TOPICS)[number]['value']

/** Planned forms of involvement of the co-porters (bilan 2012, seed 003 VI.2). */
export const INVOLVEMENT_FORMS = [
	{ value: 'reunions_ponctuelles', label: 'Réunions ponctuelles' },
	{ value: 'comite_pilotage', label: 'Participation au comité de pilotage du projet' },
	{ value: 'convention_partenariat', label: 'Convention de partenariat' },
	{ value: 'outils_partages', label: 'Outils partagés (newsletter, blog, site web)' },
	{ value: 'autre', label: 'Autre (à préciser)' },
] as const

/** Partners beyond the associations (issue 3, cooperation section). */
export const OTHER_PARTNER_KINDS = [
	{ value: 'collectivites', label: 'Collectivités' },
	{ value: 'entreprises', label: 'Entreprises' },
	{ value: 'etablissements', label: 'Établissements (écoles, EHPAD, centres sociaux…)' },
	{ value: 'habitants', label: 'Habitants' },
] as const

/** Kind of territory of the project. */
export const TERRITORY_KINDS = [
	{ value: 'qpv', label: 'Quartier prioritaire de la politique de la ville' },
	{ value: 'rural', label: 'Territoire rural' },
	{ value: 'autre', label: 'Autre territoire' },
] as const

export const APPLICATION_STATUS_LABELS: Record<string, string> = {
	draft: 'Brouillon',
	submitted: 'Déposé',
	admissible: 'Recevable',
	inadmissible: 'Irrecevable',
	under_review: 'En cours d’examen',
	selected: 'Retenu',
	waitlisted: 'Liste d’attente',
	rejected: 'Non retenu',
	agreement_signed: 'Convention signée',
	in_progress: 'En cours',
	evaluation_due: 'Évaluation attendue',
	evaluated: 'Évalué',
	closed: 'Clos',
	withdrawn: 'Retiré',
}

export const MEMBER_STATUS_LABELS: Record<string, string> = {
	invited: 'Invitée, en attente de confirmation',
	confirmed: 'Engagement confirmé',
	declined: 'A décliné',
	withdrawn: 'S’est retirée',
}

export const SECTION_LABELS = {
	projet: 'Projet',
	cooperation: 'Coopération',
	partenaires: 'Associations partenaires',
	budget: 'Budget',
	questions: 'Questions de l’appel',
	pieces: 'Pièces jointes',
	calendrier: 'Calendrier de l’appel',
} as const
export type SectionKey = keyof typeof SECTION_LABELS

/** Budget lines in the CERFA 12156 layout: charges (60–68, 86) and produits (70–75, 87). */
export const CHARGE_ACCOUNTS = [
	{ value: '60', label: '60 – Achats' },
	{ value: '61', label: '61 – Services extérieurs' },
	{ value: '62', label: '62 – Autres services extérieurs' },
	{ value: '63', label: '63 – Impôts et taxes' },
	{ value: '64', label: '64 – Charges de personnel' },
	{ value: '65', label: '65 – Autres charges de gestion courante' },
	{ value: '66', label: '66 – Charges financières' },
	{ value: '67', label: '67 – Charges exceptionnelles' },
	{ value: '68', label: '68 – Dotation aux amortissements' },
	{ value: '86', label: '86 – Emplois des contributions volontaires en nature' },
] as const
export const PRODUCT_ACCOUNTS = [
	{ value: '70', label: '70 – Vente de produits finis, prestations de services' },
	{ value: '73', label: '73 – Dotations et produits de tarification' },
	{ value: '74', label: '74 – Subventions d’exploitation (autres co-financeurs : nommez-les dans le libellé)' },
	{ value: '75', label: '75 – Autres produits de gestion courante (dont cotisations)' },
	{ value: '87', label: '87 – Contributions volontaires en nature' },
] as const

/** The account of the other co-financers: each line's label names the co-financer. */
export const CO_FUNDER_ACCOUNT = '74'

/** Answers to a yes/no question of the call. */
export const YES_NO = [
	{ value: 'oui', label: 'Oui' },
	{ value: 'non', label: 'Non' },
] as const

/** Limits of the call's custom questions when the call sets none. */
export const SHORT_TEXT_MAX = 300
export const LONG_TEXT_DEFAULT_MAX = 5000
