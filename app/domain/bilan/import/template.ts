/**
 * The template of a past call's file (issue 11): three sheets — Projets, Associations,
 * Évaluations (optional) — after a « Mode d'emploi » sheet; each column with its French
 * header, its meaning, whether it is required and the values it accepts. The import page,
 * the downloaded model (template-workbook.server.ts) and the validation (validate.ts) all
 * read this one description. Values are matched without regard to case, accents or the
 * kind of apostrophe: « Liste d'attente », « liste d’attente » and « LISTE D'ATTENTE » are one.
 * Plain module: the page renders the documentation from it.
 */
import { INVOLVEMENT_FORMS, OTHER_PARTNER_KINDS, SHARING_LEVELS, YES_NO } from '#app/domain/applications/options.ts'
import { SECTORS } from '#app/domain/organizations/sectors.ts'
import { CONTINUE_CHOICES, INTEREST_LEVELS } from '#app/domain/reports/options.ts'

/** Several values in one cell are separated by this. */
export const LIST_SEPARATOR = ';'

/** Bounds of an import: the file, the rows of each sheet (header excluded). */
export const IMPORT_LIMITS = {
	fileBytes: 5 * 1024 * 1024,
	projects: 20_000,
	associations: 100_000,
	evaluations: 100_000,
	/** Distinct themes in one file. */
	themes: 50,
	/** Errors listed; the others are counted. */
	errors: 200,
} as const

/** Lower case, no accents, one kind of apostrophe, single spaces: how headers and values are compared. */
export function normalizeLabel(value: string): string {
	return value
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[’‘`´]/g, "'")
		.replace(/[\u00a0\u202f\s]+/g, ' ')
		.trim()
		.toLowerCase()
}

/** A value a cell may hold: its French label (shown in the documentation) and the words that mean it. */
export type AcceptedValue<V extends string = string> = { value: V; label: string; aliases?: readonly string[] }

/**
 * The statuses of a past project and the application status each becomes. A retained
 * project is 'closed' when the file has its evaluation (its follow-up is over), else
 * 'selected' (the decision is all the file says).
 */
export const PROJECT_STATUSES = [
	{ value: 'inadmissible', label: 'Non recevable', aliases: ['présenté non recevable', 'irrecevable'] },
	{ value: 'rejected', label: 'Non retenu', aliases: ['recevable non retenu', 'refusé', 'rejeté'] },
	{ value: 'selected', label: 'Retenu', aliases: ['financé', 'lauréat'] },
	{ value: 'waitlisted', label: 'Liste d’attente', aliases: ['en liste d’attente'] },
	{ value: 'withdrawn', label: 'Retiré', aliases: ['retiré par le porteur', 'abandonné'] },
] as const satisfies readonly AcceptedValue[]
export type ProjectStatus = (typeof PROJECT_STATUSES)[number]['value']

export const YES_NO_VALUES = YES_NO.map((o) => ({ value: o.value, label: o.label })) as readonly AcceptedValue<'oui' | 'non'>[]

type Column = {
	key: string
	header: string
	/** Other headers read as this column (an older spreadsheet's wording). */
	aliases?: readonly string[]
	required: boolean
	meaning: string
	/** What the cell accepts, in words; `values` lists them when it is a closed list. */
	accepts: string
	values?: readonly AcceptedValue[]
	example: string
}

const labelsOf = (list: readonly { value: string; label: string }[]) => list.map((o) => ({ value: o.value, label: o.label }))

export const PROJECT_COLUMNS = [
	{ key: 'reference', header: 'Référence', required: true, meaning: 'L’identifiant du projet dans ce fichier, repris dans les autres feuilles.', accepts: 'Un texte court, unique dans la feuille (ex. P1).', example: 'P1' },
	{ key: 'title', header: 'Titre', aliases: ['titre du projet', 'intitulé'], required: true, meaning: 'Le titre du projet.', accepts: 'Un texte de 300 caractères au plus.', example: 'Veillées de contes croisés' },
	{ key: 'themes', header: 'Thèmes', aliases: ['thème', 'themes'], required: false, meaning: 'Les thèmes de l’appel que le projet traite ; chaque thème distinct du fichier devient un thème de l’appel importé.', accepts: `Un ou plusieurs libellés libres, séparés par « ${LIST_SEPARATOR} » (50 thèmes distincts au plus dans le fichier).`, example: 'Intergénérationnel ; Interculturel' },
	{ key: 'status', header: 'Statut', aliases: ['décision', 'état'], required: true, meaning: 'Où le projet en est resté.', accepts: 'L’une des valeurs ci-dessous.', values: PROJECT_STATUSES, example: 'Retenu' },
	{ key: 'requested', header: 'Montant demandé', aliases: ['montant demandé (€)', 'demandé'], required: false, meaning: 'La subvention demandée, en euros.', accepts: 'Un nombre : 1234,56 ou 1 234,56 € ou 1234.56.', example: '8 000' },
	{ key: 'granted', header: 'Montant accordé', aliases: ['montant accordé (€)', 'accordé'], required: false, meaning: 'La subvention accordée, en euros ; seulement pour un projet retenu, au plus le montant demandé.', accepts: 'Un nombre, comme le montant demandé.', example: '7 500' },
	{ key: 'sharingLevel', header: 'Niveau de partage', aliases: ['niveau de coopération'], required: false, meaning: 'Le niveau de partage entre les associations.', accepts: 'L’une des valeurs ci-dessous.', values: labelsOf(SHARING_LEVELS), example: 'Coopération' },
	{ key: 'departement', header: 'Département', required: false, meaning: 'Le département du projet (le bilan par département lit celui du chef de file ; une association créée par l’import sans département prend celui de son projet).', accepts: 'Un code de département : 69, 2A, 974…', example: '69' },
] as const satisfies readonly Column[]

export const MEMBER_COLUMNS = [
	{ key: 'project', header: 'Référence du projet', aliases: ['projet', 'référence'], required: true, meaning: 'Le projet que l’association co-porte (sa référence dans la feuille Projets).', accepts: 'Une référence de la feuille Projets.', example: 'P1' },
	{ key: 'name', header: 'Nom', aliases: ['nom de l’association', 'association'], required: true, meaning: 'Le nom de l’association.', accepts: 'Un texte de 200 caractères au plus.', example: 'Les Grands-Parents Conteurs' },
	{ key: 'siret', header: 'SIRET', required: false, meaning: 'Le SIRET de l’association. Une association déjà inscrite sur Ensemble avec ce SIRET est reliée au projet, sans être dupliquée ni modifiée.', accepts: '14 chiffres (les espaces sont ignorés). SIRET ou RNA : au moins l’un des deux.', example: '' },
	{ key: 'rna', header: 'RNA', required: false, meaning: 'Le numéro RNA de l’association, utilisé pour la retrouver quand le SIRET manque.', accepts: 'W suivi de 9 caractères (ex. W381234567).', example: '' },
	{ key: 'lead', header: 'Chef de file', required: true, meaning: 'L’association chef de file du projet : une et une seule par projet.', accepts: 'Oui ou Non.', values: YES_NO_VALUES, example: 'Oui' },
	{ key: 'sector', header: 'Secteur', aliases: ['secteur d’activité'], required: false, meaning: 'Le secteur de l’association, comme dans le bilan 2012.', accepts: 'L’une des valeurs ci-dessous (libellé ou code).', values: labelsOf(SECTORS), example: 'Éducation populaire et enfance' },
	{ key: 'budget', header: 'Budget annuel', aliases: ['budget annuel (€)', 'budget'], required: false, meaning: 'Le budget annuel de l’association, en euros.', accepts: 'Un nombre, comme les montants.', example: '9 500' },
	{ key: 'employees', header: 'Salariés', aliases: ['nombre de salariés'], required: false, meaning: 'Le nombre de salariés (0 : association de bénévoles).', accepts: 'Un nombre entier.', example: '0' },
	{ key: 'volunteers', header: 'Bénévoles', aliases: ['nombre de bénévoles'], required: false, meaning: 'Le nombre de bénévoles.', accepts: 'Un nombre entier.', example: '22' },
	{ key: 'departement', header: 'Département', required: false, meaning: 'Le département du siège de l’association.', accepts: 'Un code de département : 69, 2A, 974…', example: '38' },
	{ key: 'commune', header: 'Commune', aliases: ['ville'], required: false, meaning: 'La commune du siège.', accepts: 'Un texte de 100 caractères au plus.', example: 'Grenoble' },
] as const satisfies readonly Column[]

export const EVALUATION_COLUMNS = [
	{ key: 'project', header: 'Référence du projet', aliases: ['projet', 'référence'], required: true, meaning: 'Le projet évalué : un projet retenu de la feuille Projets.', accepts: 'Une référence de la feuille Projets.', example: 'P1' },
	{ key: 'association', header: 'SIRET ou RNA', aliases: ['association', 'siret', 'rna'], required: true, meaning: 'L’association qui répond : l’une des associations du projet dans la feuille Associations.', accepts: 'Son SIRET ou son RNA, tel que dans la feuille Associations.', example: '' },
	{ key: 'involvementForms', header: 'Formes d’implication', required: false, meaning: 'Les formes d’implication de l’association dans le projet.', accepts: `Une ou plusieurs valeurs ci-dessous, séparées par « ${LIST_SEPARATOR} ».`, values: labelsOf(INVOLVEMENT_FORMS), example: 'Réunions ponctuelles ; Convention de partenariat' },
	{ key: 'involvementOther', header: 'Autre forme (précision)', required: false, meaning: 'L’autre forme d’implication, quand « Autre » est choisi.', accepts: 'Un texte de 300 caractères au plus.', example: '' },
	{ key: 'interest', header: 'Intérêt', aliases: ['intérêt trouvé à coopérer'], required: false, meaning: 'L’intérêt que l’association a trouvé à coopérer.', accepts: 'L’une des valeurs ci-dessous.', values: labelsOf(INTEREST_LEVELS), example: 'Fort' },
	{ key: 'mobilisedOthers', header: 'Autres partenaires mobilisés', required: false, meaning: 'La coopération a-t-elle mobilisé des partenaires autres qu’associatifs ?', accepts: 'Oui ou Non.', values: YES_NO_VALUES, example: 'Oui' },
	{ key: 'otherPartners', header: 'Quels partenaires', aliases: ['partenaires mobilisés'], required: false, meaning: 'Les partenaires mobilisés au-delà des associations.', accepts: `Une ou plusieurs valeurs ci-dessous, séparées par « ${LIST_SEPARATOR} ».`, values: labelsOf(OTHER_PARTNER_KINDS), example: 'Collectivités' },
	{ key: 'newFunding', header: 'Nouveaux financements', required: false, meaning: 'La coopération a-t-elle apporté de nouveaux financements ?', accepts: 'Oui ou Non.', values: YES_NO_VALUES, example: 'Non' },
	{ key: 'newFundingDetails', header: 'Nouveaux financements (précision)', required: false, meaning: 'Lesquels.', accepts: 'Un texte de 300 caractères au plus.', example: '' },
	{ key: 'notoriety', header: 'Notoriété', aliases: ['notoriété accrue'], required: false, meaning: 'La notoriété de l’association a-t-elle grandi ?', accepts: 'Oui ou Non.', values: YES_NO_VALUES, example: 'Oui' },
	{ key: 'continueTogether', header: 'Continuer ensemble', aliases: ['souhait de continuer ensemble'], required: false, meaning: 'L’association souhaite-t-elle continuer à travailler avec ses partenaires ?', accepts: 'L’une des valeurs ci-dessous.', values: labelsOf(CONTINUE_CHOICES), example: 'Oui' },
] as const satisfies readonly Column[]

export const SHEETS = {
	projects: { name: 'Projets', required: true, columns: PROJECT_COLUMNS, maxRows: IMPORT_LIMITS.projects, purpose: 'Un projet présenté par ligne.' },
	members: { name: 'Associations', required: true, columns: MEMBER_COLUMNS, maxRows: IMPORT_LIMITS.associations, purpose: 'Une ligne par association de chaque consortium : au moins deux associations distinctes (SIREN différents) par projet, dont un seul chef de file.' },
	evaluations: { name: 'Évaluations', required: false, columns: EVALUATION_COLUMNS, maxRows: IMPORT_LIMITS.evaluations, purpose: 'Facultative : les réponses de chaque association d’un projet retenu aux questions du bilan, une ligne par association.' },
} as const
export type SheetKey = keyof typeof SHEETS
export const SHEET_KEYS = Object.keys(SHEETS) as SheetKey[]
/** The page's file inputs of the CSV variant, one per sheet. */
export const CSV_INPUTS = SHEET_KEYS.map((key) => ({ key, name: SHEETS[key].name, field: `csv_${key}`, required: SHEETS[key].required }))
export const GUIDE_SHEET_NAME = 'Mode d’emploi'

export type ColumnOf<K extends SheetKey> = (typeof SHEETS)[K]['columns'][number]['key']

/** The sheet a name designates, accents and case aside (« Evaluations » is « Évaluations »). */
export function sheetKeyOf(name: string): SheetKey | null {
	const wanted = normalizeLabel(name)
	return SHEET_KEYS.find((key) => normalizeLabel(SHEETS[key].name) === wanted) ?? null
}

/** The value a cell designates in a closed list (by label, value or alias), or null. */
export function acceptedValue<V extends string>(list: readonly AcceptedValue<V>[], cell: string): V | null {
	const wanted = normalizeLabel(cell)
	for (const option of list) {
		if (normalizeLabel(option.value) === wanted || normalizeLabel(option.label) === wanted) return option.value
		if (option.aliases?.some((alias) => normalizeLabel(alias) === wanted)) return option.value
		// A long label is also known by its words before the parenthesis: « Outils partagés ».
		const short = option.label.split(' (')[0]!
		if (short !== option.label && normalizeLabel(short) === wanted) return option.value
	}
	return null
}

/** « Oui, Non » — the accepted labels, for a message. */
export function acceptedLabels(list: readonly AcceptedValue[]): string {
	return list.map((o) => `« ${o.label.split(' (')[0]} »`).join(', ')
}

/** One accepted value as the documentation shows it: « Non recevable (inadmissible ; aussi : irrecevable) ». */
export function describeValue(option: AcceptedValue): string {
	const also = option.aliases?.length ? ` ; aussi : ${option.aliases.join(', ')}` : ''
	return `${option.label} (${option.value}${also})`
}

/** The CSV variant, as the page says it. */
export const CSV_VARIANT =
	'Vous pouvez aussi envoyer un fichier CSV par feuille (Projets, Associations et, si vous en avez, Évaluations), avec les mêmes en-têtes en première ligne : séparateur « ; » ou « , », encodage UTF-8 (avec ou sans BOM, comme l’enregistre Excel en « CSV UTF-8 »).'
