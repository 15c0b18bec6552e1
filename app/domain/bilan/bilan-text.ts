/**
 * What the bilan says, in French, once for every rendering (issue 11): the PDF, the XLSX and
 * the page iterate the same sections → blocks → rows, so the three say exactly the same
 * thing. A row carries its label, its text (« 82,1 % — 23 projets sur 28 »), the numbers a
 * spreadsheet needs (never a fake 0: a percent too few answered is an empty cell) and its
 * measure, from which a comparison with another call computes the difference where it means
 * something. A block may carry a bar chart's spec. Pure: the browser renders it too.
 */
import { slugify } from '#app/domain/calls/call-rules.ts'
import { formatCents } from '#app/utils/format.ts'
import { pluralize } from '#app/utils/pluralize.ts'
import { BILAN_SECTIONS, UNITS, type AmountRow, type CallBilan, type CategoryShare } from './bilan-model.ts'
import { share, shareText, type Share } from './shares.ts'

export type Unit = { one: string; many: string }
export type SectionKey = (typeof BILAN_SECTIONS)[number]['key']

/** What a row measures: how its text, its spreadsheet cells and a comparison's difference are made. */
export type BilanMeasure =
	| { kind: 'count'; value: number; unit: Unit }
	| { kind: 'share'; share: Share; unit: Unit }
	| { kind: 'cents'; value: number | null }
	/** A median of people or a mean (« 2 salariés », « 2,6 associations par projet »). */
	| { kind: 'number'; value: number | null; unit: Unit }
	/** A part of a whole that is not a count (budget réalisé / prévu), in percent with one decimal. */
	| { kind: 'ratio'; percent: number | null }
	/** A group of projects and their amounts (a theme, a département). */
	| { kind: 'amounts'; presented: number; retained: number; requestedCents: number; grantedCents: number }

/**
 * The spreadsheet's number columns. A section uses either the figures' columns (count, base,
 * percent, euros) or the amounts' (presented, retained, requested, granted, envelope).
 * Percentages are fractions (0.821) shown with a percent format; euros are euros (not cents).
 */
export type ColumnKey = 'count' | 'base' | 'percent' | 'euros' | 'presented' | 'retained' | 'requested' | 'granted' | 'envelope'
export type ColumnFormat = 'count' | 'percent' | 'euros'
export type BilanColumn = { key: ColumnKey; header: string; format: ColumnFormat }

export type BilanRow = {
	key: string
	label: string
	/** The figure as a sentence fragment: « 82,1 % — 23 projets sur 28 », « 135 000 € », « non renseigné ». */
	text: string
	measure: BilanMeasure
	/** The spreadsheet's numbers by column; null (or absent) is an empty cell. */
	cells: Partial<Record<ColumnKey, number | null>>
	/** What the figure's base is, when the block's note does not say it. */
	note: string | null
}

export type BilanBar = { key: string; label: string; value: number; percent: number | null; text: string }
/** Horizontal bars: on a 0–100 % scale (shares), or on the largest value (counts, amounts). */
export type BilanChart = { scale: 'percent' | 'max'; bars: BilanBar[] }

export type BilanBlock = { key: string; title: string; note: string | null; rows: BilanRow[]; chart: BilanChart | null }

export type BilanTextSection = { key: SectionKey; title: string; sheet: string; columns: BilanColumn[]; blocks: BilanBlock[] }

export type BilanText = { call: CallBilan['call']; title: string; subtitle: string; sections: BilanTextSection[] }

/** At most this many groups (départements, themes) are detailed; the others make one « autres » row. */
export const MAX_GROUPS = 20

export const NOT_GIVEN = 'non renseigné'
export const TOO_FEW = 'trop peu de réponses'
export const NO_ANSWER = 'aucune réponse'

/** Sheet names: 31 characters at most, none of []:*?/\ (Excel's rules). */
const SHEETS: Record<SectionKey, string> = {
	projets: 'Projets et associations',
	profil: 'Profil des associations',
	themes: 'Thèmes',
	montants: 'Montants',
	cooperation: 'Coopération',
	evaluation: 'Évaluations',
	resultats: 'Difficultés et résultats',
}

const FIGURE_COLUMNS: BilanColumn[] = [
	{ key: 'count', header: 'Nombre', format: 'count' },
	{ key: 'base', header: 'Sur', format: 'count' },
	{ key: 'percent', header: 'Part', format: 'percent' },
	{ key: 'euros', header: 'Montant (€)', format: 'euros' },
]
const AMOUNT_COLUMNS: BilanColumn[] = [
	{ key: 'presented', header: 'Projets présentés', format: 'count' },
	{ key: 'retained', header: 'Projets retenus', format: 'count' },
	{ key: 'requested', header: 'Montant demandé (€)', format: 'euros' },
	{ key: 'granted', header: 'Montant accordé (€)', format: 'euros' },
	{ key: 'envelope', header: 'Enveloppe (€)', format: 'euros' },
]

const PEOPLE = { employee: { one: 'salarié', many: 'salariés' } } as const
const ASSOCIATIONS_PER_PROJECT = { one: 'association par projet', many: 'associations par projet' }

const wholeEuros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 })

/** « 135 000 € » for whole euros, « 135 000,50 € » otherwise; « non renseigné » when unknown. */
export function formatEuros(cents: number | null): string {
	if (cents === null) return NOT_GIVEN
	const rounded = Math.round(cents)
	return rounded % 100 === 0 ? wholeEuros.format(rounded / 100) : formatCents(rounded)
}

/** « 2,6 » : one decimal at most, French style. */
// One formatter for every figure: toLocaleString builds a new one per call (1.5 % of the bilan page's CPU).
const oneDecimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 })

export function formatDecimal(value: number): string {
	return oneDecimal.format(value)
}

/** Why a row's percent or amount cell is empty, for the spreadsheet's note; null when it is not. */
export function whyEmpty(measure: BilanMeasure): string | null {
	if (measure.kind === 'share') return measure.share.base === 0 ? NO_ANSWER : measure.share.percent === null ? TOO_FEW : null
	if (measure.kind === 'cents' || measure.kind === 'number') return measure.value === null ? NOT_GIVEN : null
	if (measure.kind === 'ratio') return measure.percent === null ? NOT_GIVEN : null
	return null
}

/** A share that cannot throw on inconsistent data (a count above its base is capped: a rendering never fails). */
function safeShare(count: number, base: number): Share {
	const b = Math.max(0, Math.round(base))
	return share(Math.min(Math.max(0, Math.round(count)), b), b)
}

const fraction = (percent: number | null) => (percent === null ? null : Math.round(percent * 10) / 1000)
const euros = (cents: number | null) => (cents === null ? null : Math.round(cents) / 100)

function countRow(key: string, label: string, value: number, unit: Unit, note: string | null = null): BilanRow {
	return { key, label, text: pluralize(value, unit.one, unit.many), measure: { kind: 'count', value, unit }, cells: { count: value }, note }
}

function shareRow(key: string, label: string, value: Share, unit: Unit, note: string | null = null): BilanRow {
	return {
		key,
		label,
		text: shareText(value, unit),
		measure: { kind: 'share', share: value, unit },
		cells: { count: value.count, base: value.base, percent: fraction(value.percent) },
		note,
	}
}

function centsRow(key: string, label: string, cents: number | null, options: { base?: number; note?: string | null; cell?: ColumnKey; missing?: string } = {}): BilanRow {
	return {
		key,
		label,
		text: cents === null ? (options.missing ?? NOT_GIVEN) : formatEuros(cents),
		measure: { kind: 'cents', value: cents },
		cells: { [options.cell ?? 'euros']: euros(cents), ...(options.base === undefined ? {} : { base: options.base }) },
		note: options.note ?? null,
	}
}

function numberRow(key: string, label: string, value: number | null, unit: Unit, base: number | null, note: string | null = null): BilanRow {
	const rounded = value === null ? null : Math.round(value * 10) / 10
	return {
		key,
		label,
		text: rounded === null ? NOT_GIVEN : `${formatDecimal(rounded)} ${rounded >= 2 ? unit.many : unit.one}`,
		measure: { kind: 'number', value: rounded, unit },
		cells: { count: rounded, ...(base === null ? {} : { base }) },
		note,
	}
}

function amountsText(row: { presented: number; retained: number; requestedCents: number; grantedCents: number }): string {
	const retained = row.retained >= 2 ? 'retenus' : 'retenu'
	return `${formatEuros(row.grantedCents)} accordés à ${pluralize(row.retained, 'projet', 'projets')} ${retained} sur ${row.presented} ; ${formatEuros(row.requestedCents)} demandés`
}

function amountsRow(key: string, label: string, row: Omit<AmountRow, 'key' | 'label'>, envelopeCents?: number | null): BilanRow {
	return {
		key,
		label,
		text: amountsText(row),
		measure: { kind: 'amounts', presented: row.presented, retained: row.retained, requestedCents: row.requestedCents, grantedCents: row.grantedCents },
		cells: {
			presented: row.presented,
			retained: row.retained,
			requested: euros(row.requestedCents),
			granted: euros(row.grantedCents),
			...(envelopeCents === undefined ? {} : { envelope: euros(envelopeCents) }),
		},
		note: null,
	}
}

/** Bars of the shares of a block's rows (0–100 %); a share too few answered has a bar of its count and no percent. */
function shareChart(rows: BilanRow[]): BilanChart {
	return {
		scale: 'percent',
		bars: rows.flatMap((row) => (row.measure.kind === 'share' ? [{ key: row.key, label: row.label, value: row.measure.share.count, percent: row.measure.share.percent, text: row.text }] : [])),
	}
}

function maxChart(rows: BilanRow[], value: (row: BilanRow) => number | null, text: (row: BilanRow) => string = (row) => row.text): BilanChart {
	return {
		scale: 'max',
		bars: rows.flatMap((row) => {
			const v = value(row)
			return v === null ? [] : [{ key: row.key, label: row.label, value: v, percent: null, text: text(row) }]
		}),
	}
}

/** A category's key across calls: option lists keep their values; themes (ids per call) are matched on their label. */
const labelKey = (label: string) =>
	label
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.trim()

function categoryRows(categories: CategoryShare[], unit: Unit): BilanRow[] {
	return categories.map((c) => shareRow(c.value, c.label, c.share, unit))
}

/** The largest groups (by presented projects, then amount requested), the others summed in one row. */
function boundedAmounts(rows: AmountRow[], others: string, keyOf: (row: AmountRow) => string): BilanRow[] {
	const sorted = [...rows].sort((a, b) => b.presented - a.presented || b.requestedCents - a.requestedCents || a.label.localeCompare(b.label, 'fr'))
	const shown = sorted.slice(0, MAX_GROUPS).map((row) => amountsRow(keyOf(row), row.label, row))
	const rest = sorted.slice(MAX_GROUPS)
	if (rest.length === 0) return shown
	const sum = rest.reduce(
		(total, row) => ({
			presented: total.presented + row.presented,
			retained: total.retained + row.retained,
			requestedCents: total.requestedCents + row.requestedCents,
			grantedCents: total.grantedCents + row.grantedCents,
		}),
		{ presented: 0, retained: 0, requestedCents: 0, grantedCents: 0 },
	)
	return [...shown, amountsRow('autres', `${others} (${rest.length})`, sum)]
}

const title = (key: SectionKey) => BILAN_SECTIONS.find((s) => s.key === key)!.title

function section(key: SectionKey, blocks: BilanBlock[], columns = FIGURE_COLUMNS): BilanTextSection {
	return { key, title: title(key), sheet: SHEETS[key], columns, blocks }
}

function block(key: string, blockTitle: string, note: string | null, rows: BilanRow[], chart: BilanChart | null = null): BilanBlock {
	return { key, title: blockTitle, note, rows, chart }
}

export function bilanTitle(call: CallBilan['call']): string {
	return `Bilan de l’appel à projets « ${call.title} »`
}

export function bilanSubtitle(call: CallBilan['call']): string {
	return [call.funderName, call.year === null ? null : String(call.year), call.imported ? 'appel importé d’un tableur : ses chiffres sont ceux du fichier importé' : null]
		.filter((part): part is string => part !== null)
		.join(' — ')
}

/** The download's name: « vivre-ensemble-2012-bilan.pdf », « …-bilan-compare-vivre-ensemble-2013.xlsx ». */
export function bilanFilename(call: CallBilan['call'], comparison: CallBilan['call'] | null, extension: 'pdf' | 'xlsx'): string {
	const stem = (title: string) => slugify(title).slice(0, 60) || 'appel'
	return `${stem(call.title)}-bilan${comparison ? `-compare-${stem(comparison.title)}` : ''}.${extension}`
}

/** Every figure of the bilan, in the order of BILAN_SECTIONS. */
export function bilanText(bilan: CallBilan): BilanText {
	const { projects, associations, profile, amounts, evaluations, indicators, budget } = bilan
	const project = UNITS.project
	const association = UNITS.association

	const projectRows = [
		countRow('presented', 'Projets présentés', projects.presented, project),
		shareRow('admissible', 'Projets recevables', safeShare(projects.admissible, projects.presented), project),
		shareRow('retained', 'Projets retenus', projects.retainedShare, project),
	]
	const projets = section('projets', [
		block('projets', 'Projets', 'parmi les projets présentés', projectRows, maxChart(projectRows, (row) => (row.measure.kind === 'share' ? row.measure.share.count : row.measure.kind === 'count' ? row.measure.value : null))),
		block('associations', 'Associations engagées', 'entités juridiques distinctes (SIREN, sinon RNA), chacune comptée une fois', [
			countRow('engaged', 'Associations engagées dans les projets présentés', associations.engaged, association),
			countRow('engaged-retained', 'Associations engagées dans les projets retenus', associations.engagedRetained, association),
			numberRow('per-project', 'Associations par projet présenté (moyenne)', associations.perProject, ASSOCIATIONS_PER_PROJECT, null),
		]),
	])

	const sectorRows = categoryRows(profile.sectors, association)
	const profil = section('profil', [
		block('profil', 'Les associations candidates', 'chaque association d’un projet présenté comptée une fois', [
			countRow('associations', 'Associations candidates', profile.associations, association),
			centsRow('median-budget', 'Budget annuel médian', profile.medianBudgetCents, { base: profile.budgetBase, note: `médiane des ${pluralize(profile.budgetBase, 'budget renseigné', 'budgets renseignés')}` }),
			numberRow('median-employees', 'Nombre médian de salariés', profile.medianEmployees, PEOPLE.employee, profile.employeesBase, `médiane des ${pluralize(profile.employeesBase, 'association', 'associations')} ayant répondu`),
			shareRow('volunteer-only', 'Associations sans salarié (bénévoles uniquement)', profile.volunteerOnly, association, 'parmi les associations ayant indiqué leur nombre de salariés'),
		]),
		block('secteurs', 'Secteurs des associations candidates', 'parmi les associations candidates ayant indiqué leur secteur', sectorRows, shareChart(sectorRows)),
	])

	const sortedThemes = [...bilan.themes].sort((a, b) => b.presented - a.presented || a.label.localeCompare(b.label, 'fr'))
	const shownThemes = sortedThemes.slice(0, MAX_GROUPS)
	const hiddenThemes = sortedThemes.length - shownThemes.length
	const themesNote = (base: string) =>
		`${base} ; un projet peut avoir plusieurs thèmes${hiddenThemes > 0 ? ` ; les ${MAX_GROUPS} thèmes les plus fréquents, ${pluralize(hiddenThemes, 'autre thème non détaillé', 'autres thèmes non détaillés')}` : ''}`
	const presentedThemes = shownThemes.map((t) => shareRow(labelKey(t.label), t.label, safeShare(t.presented, projects.presented), project))
	const retainedThemes = shownThemes.map((t) => shareRow(labelKey(t.label), t.label, safeShare(t.retained, projects.retained), project))
	const themes = section('themes', [
		block('themes-presentes', 'Thèmes des projets présentés', themesNote('parmi les projets présentés'), presentedThemes, shareChart(presentedThemes)),
		block('themes-retenus', 'Thèmes des projets retenus', themesNote('parmi les projets retenus'), retainedThemes, shareChart(retainedThemes)),
	])

	const granted = (row: BilanRow) => (row.measure.kind === 'amounts' ? row.measure.grantedCents : null)
	const grantedText = (row: BilanRow) => (row.measure.kind === 'amounts' ? `${formatEuros(row.measure.grantedCents)} accordés` : row.text)
	const totalRow = amountsRow(
		'total',
		'Tous les projets',
		{ presented: projects.presented, retained: projects.retained, requestedCents: amounts.requestedCents, grantedCents: amounts.grantedCents },
		amounts.envelopeCents,
	)
	const totalBars: BilanChart = {
		scale: 'max',
		bars: [
			{ key: 'requested', label: 'Demandé (projets présentés)', value: amounts.requestedCents, percent: null, text: formatEuros(amounts.requestedCents) },
			{ key: 'granted', label: 'Accordé (projets retenus)', value: amounts.grantedCents, percent: null, text: formatEuros(amounts.grantedCents) },
			...(amounts.envelopeCents === null ? [] : [{ key: 'envelope', label: 'Enveloppe de l’appel', value: amounts.envelopeCents, percent: null, text: formatEuros(amounts.envelopeCents) }]),
		],
	}
	const envelopeRow = centsRow('envelope', 'Enveloppe de l’appel', amounts.envelopeCents, { cell: 'envelope', missing: 'non fixée' })
	const byTheme = boundedAmounts(amounts.byTheme, 'Autres thèmes', (row) => labelKey(row.label))
	const byDepartement = boundedAmounts(amounts.byDepartement, 'Autres départements', (row) => row.key)
	const montants = section(
		'montants',
		[
			block('total', 'Ensemble de l’appel', 'demandé par les projets présentés, accordé aux projets retenus', [totalRow, envelopeRow], totalBars),
			block('par-theme', 'Par thème', `un projet à plusieurs thèmes compte dans chacun ; au plus ${MAX_GROUPS} thèmes détaillés, les autres regroupés`, byTheme, maxChart(byTheme, granted, grantedText)),
			block(
				'par-departement',
				'Par département du chef de file',
				`les ${MAX_GROUPS} départements qui présentent le plus de projets, les autres regroupés`,
				byDepartement,
				maxChart(byDepartement, granted, grantedText),
			),
		],
		AMOUNT_COLUMNS,
	)

	const levels = categoryRows(bilan.sharingLevels, project)
	const partnershipRows = [
		countRow('pairs', 'Partenariats entre associations (paires)', bilan.partnerships.pairs, UNITS.pair),
		shareRow('new', 'Partenariats nouveaux', bilan.partnerships.new, UNITS.pair),
		shareRow('existing', 'Partenariats existant avant l’appel', bilan.partnerships.existing, UNITS.pair, 'déjà co-porteuses d’un projet d’un appel précédent'),
	]
	const involvement = categoryRows(bilan.involvementForms, project)
	const cooperation = section('cooperation', [
		block('niveaux', 'Niveaux de partage des projets retenus', 'parmi les projets retenus', levels, shareChart(levels)),
		block('partenariats', 'Partenariats des projets retenus', 'paires d’associations co-portant un projet retenu', partnershipRows, shareChart(partnershipRows)),
		block('implication', 'Formes d’implication des co-porteurs', 'parmi les projets dont l’évaluation a été reçue et qui ont répondu ; plusieurs réponses possibles', involvement, shareChart(involvement)),
	])

	const interest = categoryRows(bilan.interest, project)
	const kinds = categoryRows(bilan.otherPartners.kinds, project)
	const effects = [
		shareRow('new-funding', 'Projets dont la coopération a apporté de nouveaux financements', bilan.newFunding, project, 'parmi les projets qui ont répondu'),
		shareRow('notoriety', 'Associations dont la notoriété a grandi', bilan.notoriety, association, 'parmi les associations qui ont répondu'),
	]
	const continueRows = categoryRows(bilan.continueTogether, association)
	const evaluation = section('evaluation', [
		block('evaluations', 'Évaluations reçues', 'seules les évaluations envoyées par les consortiums sont comptées dans cette partie', [
			shareRow('received', 'Projets retenus dont l’évaluation a été reçue', safeShare(evaluations.received, evaluations.expected), project),
		]),
		block('interet', 'Intérêt trouvé à coopérer', 'parmi les projets dont l’évaluation a été reçue et qui ont répondu ; le niveau d’un projet est le niveau médian de ses associations, le plus bas en cas d’égalité', interest, shareChart(interest)),
		block('au-dela', 'Coopération au-delà des associations', 'parmi les projets dont l’évaluation a été reçue et qui ont répondu', [
			shareRow('mobilised', 'Projets qui ont mobilisé d’autres partenaires', bilan.otherPartners.mobilised, project),
		]),
		block('partenaires', 'Autres partenaires mobilisés', 'parmi les projets qui ont mobilisé d’autres partenaires ; plusieurs réponses possibles', kinds, shareChart(kinds)),
		block('effets', 'Nouveaux financements et notoriété', null, effects, shareChart(effects)),
		block('continuer', 'Souhait de continuer ensemble', 'parmi les associations qui ont répondu', continueRows, shareChart(continueRows)),
	])

	const difficulties = categoryRows(bilan.difficulties, project)
	const ratio = budget.plannedCents > 0 ? Math.round((budget.actualCents / budget.plannedCents) * 1000) / 10 : null
	const budgetRows: BilanRow[] = [
		countRow('projects', 'Comptes rendus financiers reçus', budget.projects, project),
		centsRow('planned', 'Budget prévu (charges)', budget.plannedCents),
		centsRow('actual', 'Budget réalisé (charges)', budget.actualCents),
		{
			key: 'ratio',
			label: 'Réalisé par rapport au prévu',
			text: ratio === null ? NOT_GIVEN : `${formatDecimal(ratio)} % du budget prévu`,
			measure: { kind: 'ratio', percent: ratio },
			cells: { percent: fraction(ratio) },
			note: null,
		},
	]
	const resultats = section('resultats', [
		block('difficultes', 'Difficultés rencontrées, par catégorie', 'parmi les projets qui ont répondu ; plusieurs catégories possibles', difficulties, shareChart(difficulties)),
		block('indicateurs', 'Indicateurs atteints et prévus', 'indicateurs des projets dont l’évaluation a été reçue', [
			countRow('planned', 'Indicateurs prévus', indicators.planned, UNITS.indicator),
			shareRow('reported', 'Indicateurs dont le résultat est renseigné', safeShare(indicators.reported, indicators.planned), UNITS.indicator),
			countRow('measurable', 'Indicateurs mesurables (cible et résultat chiffrés)', indicators.measurable, UNITS.indicator),
			shareRow('reached', 'Indicateurs atteints (résultat au moins égal à la cible)', indicators.reached, UNITS.indicator, 'parmi les indicateurs mesurables'),
		]),
		block(
			'budget',
			'Budget réalisé et prévu',
			'charges prévues au budget de la candidature et réalisées au compte rendu financier, des projets qui l’ont envoyé',
			budgetRows,
			maxChart(budgetRows.slice(1, 3), (row) => (row.measure.kind === 'cents' ? row.measure.value : null)),
		),
	])

	return { call: bilan.call, title: bilanTitle(bilan.call), subtitle: bilanSubtitle(bilan.call), sections: [projets, profil, themes, montants, cooperation, evaluation, resultats] }
}

// ——— Comparison with another call ———

export type Difference = { value: number; format: 'points' | 'count' | 'euros' | 'number'; text: string }

const signed = (value: number, body: string) => `${value > 0 ? '+' : value < 0 ? '−' : ''}${body}`

/** First minus second, where it means something: percentage points of two percents, counts, amounts; null otherwise. */
export function difference(first: BilanMeasure, second: BilanMeasure): Difference | null {
	const points = (a: number | null, b: number | null): Difference | null => {
		if (a === null || b === null) return null
		const value = Math.round((a - b) * 10) / 10
		return { value, format: 'points', text: signed(value, `${formatDecimal(Math.abs(value))} ${Math.abs(value) >= 2 ? 'points' : 'point'}`) }
	}
	const cents = (a: number | null, b: number | null): Difference | null => {
		if (a === null || b === null) return null
		const value = Math.round(a) - Math.round(b)
		return { value, format: 'euros', text: signed(value, formatEuros(Math.abs(value))) }
	}
	if (first.kind === 'share' && second.kind === 'share') return points(first.share.percent, second.share.percent)
	if (first.kind === 'ratio' && second.kind === 'ratio') return points(first.percent, second.percent)
	if (first.kind === 'cents' && second.kind === 'cents') return cents(first.value, second.value)
	if (first.kind === 'amounts' && second.kind === 'amounts') {
		// A group's difference is that of the amounts granted (the requested ones are beside it).
		const granted = cents(first.grantedCents, second.grantedCents)!
		return { ...granted, text: `${granted.text} accordés` }
	}
	if (first.kind === 'count' && second.kind === 'count') {
		const value = first.value - second.value
		return { value, format: 'count', text: signed(value, pluralize(Math.abs(value), first.unit.one, first.unit.many)) }
	}
	if (first.kind === 'number' && second.kind === 'number' && first.value !== null && second.value !== null) {
		const value = Math.round((first.value - second.value) * 10) / 10
		return { value, format: 'number', text: signed(value, formatDecimal(Math.abs(value))) }
	}
	return null
}

export type SideBySideRow = { key: string; label: string; note: string | null; a: BilanRow | null; b: BilanRow | null; difference: Difference | null }
export type SideBySideBar = { key: string; label: string; a: BilanBar | null; b: BilanBar | null }
export type SideBySideChart = { scale: 'percent' | 'max'; bars: SideBySideBar[] }
export type SideBySideBlock = { key: string; title: string; note: string | null; rows: SideBySideRow[]; chart: SideBySideChart | null }
export type SideBySideSection = Omit<BilanTextSection, 'blocks'> & { blocks: SideBySideBlock[] }
export type SideBySide = {
	a: BilanText
	/** The call compared with, or null: then every row's `b` is null. */
	b: BilanText | null
	/** How each call is named in a column: the years when they differ, else the titles (told apart when they are the same). */
	labels: { a: string; b: string | null }
	sections: SideBySideSection[]
}

/** Pairs of the same key in both lists, in the first list's order, those only in the second after. */
function align<T extends { key: string }>(first: T[], second: T[] | null): { key: string; a: T | null; b: T | null }[] {
	if (second === null) return first.map((a) => ({ key: a.key, a, b: null }))
	const seconds = new Map(second.map((item) => [item.key, item]))
	const firsts = new Set(first.map((item) => item.key))
	return [...first.map((a) => ({ key: a.key, a, b: seconds.get(a.key) ?? null })), ...second.filter((b) => !firsts.has(b.key)).map((b) => ({ key: b.key, a: null, b }))]
}

export function callLabels(a: CallBilan['call'], b: CallBilan['call'] | null): { a: string; b: string | null } {
	if (b === null) return { a: a.title, b: null }
	if (a.year !== null && b.year !== null && a.year !== b.year) return { a: String(a.year), b: String(b.year) }
	if (a.title !== b.title) return { a: a.title, b: b.title }
	return { a: 'Cet appel', b: 'Appel comparé' }
}

/** Pairs already worded on the server, by the key of the two bilans and their data versions. */
const worded = new Map<string, SideBySide>()
const WORDED_KEPT = 20

/**
 * sideBySide, worded once per pair of bilans on the server: the page is read again and again
 * while the bilan does not change, and wording its 300 figures was a tenth of its render. The
 * key (bilan-page.server.ts) changes whenever a figure can; the browser words it itself.
 */
export function sideBySideOnce(key: string | null, bilan: CallBilan, comparison: CallBilan | null): SideBySide {
	if (key === null || typeof document !== 'undefined') return sideBySide(bilan, comparison)
	const found = worded.get(key)
	if (found) return found
	const view = sideBySide(bilan, comparison)
	worded.set(key, view)
	while (worded.size > WORDED_KEPT) worded.delete(worded.keys().next().value!)
	return view
}

/**
 * The bilan alone (comparison null) or beside another call of the same funder: each row with
 * both calls' figures and their difference (first minus second), each chart with both bars.
 */
export function sideBySide(bilan: CallBilan, comparison: CallBilan | null): SideBySide {
	const a = bilanText(bilan)
	const b = comparison === null ? null : bilanText(comparison)
	const sections = a.sections.map((sectionA, index): SideBySideSection => {
		const sectionB = b?.sections[index] ?? null
		return {
			...sectionA,
			blocks: align(sectionA.blocks, sectionB?.blocks ?? null).map(({ key, a: blockA, b: blockB }) => {
				const reference = (blockA ?? blockB)!
				const rows = align(blockA?.rows ?? [], blockB ? blockB.rows : null).map(({ key: rowKey, a: rowA, b: rowB }) => ({
					key: rowKey,
					label: (rowA ?? rowB)!.label,
					note: (rowA ?? rowB)!.note,
					a: rowA,
					b: rowB,
					difference: rowA && rowB ? difference(rowA.measure, rowB.measure) : null,
				}))
				const chartA = blockA?.chart ?? null
				const chartB = blockB?.chart ?? null
				const chart =
					chartA || chartB
						? {
								scale: (chartA ?? chartB)!.scale,
								bars: align(chartA?.bars ?? [], b === null ? null : (chartB?.bars ?? [])).map(({ key: barKey, a: barA, b: barB }) => ({ key: barKey, label: (barA ?? barB)!.label, a: barA, b: barB })),
							}
						: null
				return { key, title: reference.title, note: reference.note, rows, chart }
			}),
		}
	})
	return { a, b, labels: callLabels(bilan.call, comparison?.call ?? null), sections }
}
