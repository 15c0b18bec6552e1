/**
 * The deliberation's forms and the table's query (issue 9), the pure part shared by the
 * pages and decisions.server.ts: the settings, a proposed amount, a decision, and the sort
 * and filters of the ranking table read from GET parameters (bounded: an unknown value is
 * ignored, never an error).
 */
import { z } from 'zod'
import { parseEuroAmount } from '#app/utils/format.ts'
import type { ApplicationStatus } from '#db/schema/application-statuses.ts'
import type { DeliberationDossier } from './deliberation.server.ts'
import { drawLots, type FundingLine, type Lottery } from './ranking.ts'

export const DECISIONS = ['selected', 'waitlisted', 'rejected'] as const
export type DecisionChoice = (typeof DECISIONS)[number]

export const DECISION_LABELS: Record<DecisionChoice, string> = {
	selected: 'Retenu',
	waitlisted: 'Liste d’attente',
	rejected: 'Non retenu',
}

export const RANKING_SCORE_LABELS = { raw: 'Moyenne brute pondérée', calibrated: 'Score calibré' } as const

/** The longest motivation kept (it goes into the letter and the minutes). */
export const MAX_MOTIVATION_LENGTH = 2000
/** A waiting list is short; a larger number is a typing slip. */
export const MAX_WAITLIST_POSITION = 1000

export const DELIBERATION_MESSAGES = {
	staleSettings: 'Les réglages ont été modifiés par quelqu’un d’autre entre-temps : rechargez la page pour voir les réglages actuels.',
	threshold: 'Indiquez un seuil de désaccord entre 1 et 100 points.',
	rankingScore: 'Choisissez le score qui classe les dossiers.',
	amount: 'Indiquez un montant en euros, en chiffres (exemple : 12 500 ou 12 500,50).',
	amountAboveRequested: (requested: string) => `Le montant ne peut pas dépasser le montant demandé (${requested}).`,
	amountZeroForSelected: 'Un dossier retenu reçoit un montant supérieur à zéro.',
	amountAboveMax: (max: string) => `Le montant ne peut pas dépasser le plafond de l’appel par projet (${max}).`,
	amountRequiredForSelected: 'Indiquez le montant attribué au dossier retenu.',
	decision: 'Choisissez une décision : retenu, liste d’attente ou non retenu.',
	motivationRequired: 'Motivez la décision : la motivation est obligatoire pour un dossier non retenu.',
	motivationTooLong: `La motivation ne peut pas dépasser ${MAX_MOTIVATION_LENGTH} caractères.`,
	waitlistPosition: `Indiquez un rang sur la liste d’attente entre 1 et ${MAX_WAITLIST_POSITION}, ou laissez vide pour l’ajouter à la fin.`,
	notInDeliberation: 'La délibération de cet appel n’est pas ouverte : les décisions ne peuvent pas être modifiées ici.',
	notDecidable: 'Ce dossier ne peut pas recevoir de décision à ce stade.',
	lotteryDisabled: 'Le tirage au sort n’est pas activé dans les réglages de la délibération.',
	lotteryNothingToDraw: 'Aucun dossier n’est à départager : il n’y a rien à tirer au sort.',
	lotteryAlreadyDrawn: 'Le tirage au sort a déjà eu lieu ; modifiez les réglages pour en refaire un.',
	lotteryConflicted: 'Vous êtes en conflit d’intérêts avec un dossier de cet appel : une autre personne de l’équipe doit procéder au tirage.',
} as const

const text = z.string().optional()

/** The settings form. The checkbox is absent when unticked. */
export const SettingsSchema = z.object({
	intent: z.literal('settings'),
	rankingScore: z.enum(['raw', 'calibrated'], { errorMap: () => ({ message: DELIBERATION_MESSAGES.rankingScore }) }),
	disagreementThreshold: z
		.string({ required_error: DELIBERATION_MESSAGES.threshold })
		.trim()
		.regex(/^\d{1,3}$/, DELIBERATION_MESSAGES.threshold)
		.transform(Number)
		.pipe(z.number().int().min(1, DELIBERATION_MESSAGES.threshold).max(100, DELIBERATION_MESSAGES.threshold)),
	lotteryEnabled: text.transform((value) => value === 'on'),
	version: z
		.string({ required_error: DELIBERATION_MESSAGES.staleSettings })
		.regex(/^\d{1,9}$/, DELIBERATION_MESSAGES.staleSettings)
		.transform(Number),
})

/** A euro amount as typed (« 12 500 », « 12500,50 »), into cents, with the field's message. */
const euros = z
	.string({ required_error: DELIBERATION_MESSAGES.amount, invalid_type_error: DELIBERATION_MESSAGES.amount })
	.max(100, DELIBERATION_MESSAGES.amount)
	.transform((value, ctx) => {
	const parsed = parseEuroAmount(value)
	if (!parsed.ok) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, message: value.trim() === '' ? DELIBERATION_MESSAGES.amount : parsed.message })
		return z.NEVER
	}
	return parsed.cents
})

const id = z.string({ invalid_type_error: 'Dossier manquant.' }).trim().min(1, 'Dossier manquant.').max(100, 'Dossier manquant.')

export const ProposedAmountSchema = z.object({
	intent: z.literal('propose'),
	applicationId: id,
	amount: euros,
})

/** The decision form: the amount only for a retained dossier, the list place only for the waiting list. */
export const DecisionSchema = z
	.object({
		intent: z.literal('decide'),
		decision: z.enum(DECISIONS, { errorMap: () => ({ message: DELIBERATION_MESSAGES.decision }) }),
		amount: text,
		motivation: text,
		waitlistPosition: text,
	})
	.transform((input, ctx) => {
		let amountCents: number | undefined
		if (input.decision === 'selected') {
			const parsed = parseEuroAmount(input.amount ?? '')
			if ((input.amount ?? '').trim() === '') ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['amount'], message: DELIBERATION_MESSAGES.amountRequiredForSelected })
			else if (!parsed.ok) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['amount'], message: parsed.message })
			else amountCents = parsed.cents
		}
		const motivation = input.motivation?.trim() ?? ''
		if (motivation.length > MAX_MOTIVATION_LENGTH) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['motivation'], message: DELIBERATION_MESSAGES.motivationTooLong })
		if (input.decision === 'rejected' && motivation === '') {
			ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['motivation'], message: DELIBERATION_MESSAGES.motivationRequired })
		}
		let waitlistPosition: number | undefined
		const place = (input.waitlistPosition ?? '').trim()
		if (input.decision === 'waitlisted' && place !== '') {
			const n = /^\d{1,4}$/.test(place) ? Number(place) : NaN
			if (!(n >= 1 && n <= MAX_WAITLIST_POSITION)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['waitlistPosition'], message: DELIBERATION_MESSAGES.waitlistPosition })
			else waitlistPosition = n
		}
		return { decision: input.decision, amountCents, motivation, waitlistPosition }
	})

export const LotterySchema = z.object({ intent: z.literal('draw-lottery') })

/** The decision a dossier's status stands for, if any. */
export function decisionOf(status: ApplicationStatus): DecisionChoice | null {
	if (status === 'waitlisted' || status === 'rejected') return status
	return status === 'admissible' ? null : 'selected'
}

/** Euros for an input's value: « 12500 » or « 12500,50 » (what parseEuroAmount reads back). */
export function centsToInput(cents: number | null | undefined): string {
	if (cents === null || cents === undefined) return ''
	const euros = Math.floor(cents / 100)
	const rest = cents % 100
	return rest === 0 ? String(euros) : `${euros},${String(rest).padStart(2, '0')}`
}

// ——— The table's sort and filters (GET parameters) ———

export const SORT_KEYS = ['rang', 'titre', 'porteur', 'departement', 'brut', 'calibre', 'evaluations', 'ecart', 'demande', 'propose', 'decision'] as const
export type SortKey = (typeof SORT_KEYS)[number]
export const FLAGS = ['desaccord', 'a-departager', 'finance', 'sans-decision', 'retenu', 'attente', 'non-retenu'] as const
export type Flag = (typeof FLAGS)[number]
export const FLAG_LABELS: Record<Flag, string> = {
	desaccord: 'Désaccord entre jurés',
	'a-departager': 'À départager',
	finance: 'Au-dessus de la ligne',
	'sans-decision': 'Sans décision',
	retenu: 'Retenus',
	attente: 'Liste d’attente',
	'non-retenu': 'Non retenus',
}

export type TableQuery = { sort: SortKey; direction: 'asc' | 'desc'; theme: string | null; departement: string | null; flag: Flag | null }

const MAX_PARAM_LENGTH = 200

/** The table's query from the URL: the first value of each parameter, kept only when known. */
export function readTableQuery(params: URLSearchParams, known: { themes: readonly string[]; departements: readonly string[] }): TableQuery {
	const first = (name: string) => {
		const value = params.get(name)
		return value === null || value.length > MAX_PARAM_LENGTH ? null : value
	}
	const sort = first('tri')
	const direction = first('ordre')
	const theme = first('theme')
	const departement = first('departement')
	const flag = first('signal')
	return {
		sort: (SORT_KEYS as readonly string[]).includes(sort ?? '') ? (sort as SortKey) : 'rang',
		direction: direction === 'desc' ? 'desc' : 'asc',
		theme: theme !== null && known.themes.includes(theme) ? theme : null,
		departement: departement !== null && known.departements.includes(departement) ? departement : null,
		flag: (FLAGS as readonly string[]).includes(flag ?? '') ? (flag as Flag) : null,
	}
}

function matchesFlag(dossier: DeliberationDossier, flag: Flag): boolean {
	const decision = decisionOf(dossier.status)
	switch (flag) {
		case 'desaccord':
			return dossier.disagreement
		case 'a-departager':
			return dossier.onTheLine
		case 'finance':
			return dossier.funded
		case 'sans-decision':
			return decision === null
		case 'retenu':
			return decision === 'selected'
		case 'attente':
			return decision === 'waitlisted'
		case 'non-retenu':
			return decision === 'rejected'
	}
}

const DECISION_ORDER: Record<string, number> = { selected: 0, waitlisted: 1, rejected: 2, none: 3 }
const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true })

/** The value a column sorts by; null always goes last, whatever the direction. */
function sortValue(d: DeliberationDossier, key: SortKey): number | string | null {
	switch (key) {
		case 'rang':
			return d.rank
		case 'titre':
			return d.title
		case 'porteur':
			return d.leadName
		case 'departement':
			return d.departement
		case 'brut':
			return d.raw
		case 'calibre':
			return d.calibrated
		case 'evaluations':
			return d.evaluations
		case 'ecart':
			return d.spread
		case 'demande':
			return d.amountRequestedCents
		case 'propose':
			return d.proposedAmountCents
		case 'decision':
			return DECISION_ORDER[decisionOf(d.status) ?? 'none']! + (d.waitlistPosition ?? 0) / 10_000
	}
}

/**
 * The rows shown: filtered, then sorted (stable: equal values keep the ranking's order).
 * The funding line stays where the ranking puts it; the page draws it only in rank order.
 */
export function sortAndFilter(dossiers: readonly DeliberationDossier[], query: TableQuery): DeliberationDossier[] {
	const kept = dossiers.filter(
		(d) =>
			(query.theme === null || d.themeLabels.includes(query.theme)) &&
			(query.departement === null || d.departement === query.departement) &&
			(query.flag === null || matchesFlag(d, query.flag)),
	)
	const sign = query.direction === 'desc' ? -1 : 1
	return kept
		.map((d, index) => ({ d, index, value: sortValue(d, query.sort) }))
		.sort((a, b) => {
			if (a.value === null || b.value === null) return a.value === b.value ? a.index - b.index : a.value === null ? 1 : -1
			const order = typeof a.value === 'string' ? collator.compare(a.value, b.value as string) : a.value - (b.value as number)
			return order * sign || a.index - b.index
		})
		.map((row) => row.d)
}

// ——— The lottery ———

/** The funding line of the read model's rows, as drawLots reads it (rows in ranking order). */
export function fundingOfRows(dossiers: readonly DeliberationDossier[], envelopeCents: number): FundingLine {
	let cumulative = 0
	const rows = dossiers.map((d) => {
		cumulative += d.proposedAmountCents
		return { applicationId: d.applicationId, score: null, rank: d.rank, interval: d.interval, amount: d.proposedAmountCents, cumulative, funded: d.funded, onTheLine: d.onTheLine }
	})
	const used = rows.filter((r) => r.funded).reduce((s, r) => s + r.amount, 0)
	return { rows, envelope: envelopeCents, used, remaining: envelopeCents - used, line: rows.filter((r) => r.funded).length }
}

/** The draw recorded with `seed` on these rows: the same seed and rows give the same order (the minutes replay it). */
export function lotteryOf(dossiers: readonly DeliberationDossier[], envelopeCents: number, seed: number): Lottery {
	return drawLots(fundingOfRows(dossiers, envelopeCents), seed)
}

// ——— The envelope by theme and by département ———

const RETAINED = new Set<ApplicationStatus>(['selected', 'agreement_signed', 'in_progress', 'evaluation_due', 'evaluated', 'closed'])

/**
 * What a dossier takes from the envelope: its granted amount once retained; before any
 * decision, its proposed amount when above the funding line; nothing otherwise.
 */
export function envelopeShare(d: DeliberationDossier): number {
	if (RETAINED.has(d.status)) return d.amountGrantedCents ?? 0
	return d.status === 'admissible' && d.funded ? d.proposedAmountCents : 0
}

export type Share = { label: string; cents: number; dossiers: number }

/** The envelope used by theme (a dossier with two themes counts in both) and by département. */
export function envelopeByGroup(dossiers: readonly DeliberationDossier[]): { byTheme: Share[]; byDepartement: Share[] } {
	const themes = new Map<string, Share>()
	const departements = new Map<string, Share>()
	const add = (map: Map<string, Share>, label: string, cents: number) => {
		const share = map.get(label) ?? { label, cents: 0, dossiers: 0 }
		share.cents += cents
		share.dossiers += 1
		map.set(label, share)
	}
	for (const d of dossiers) {
		const cents = envelopeShare(d)
		if (cents <= 0) continue
		for (const theme of d.themeLabels.length ? d.themeLabels : ['Sans thème']) add(themes, theme, cents)
		add(departements, d.departement ?? 'Non renseigné', cents)
	}
	const sorted = (map: Map<string, Share>) => [...map.values()].sort((a, b) => b.cents - a.cents || collator.compare(a.label, b.label))
	return { byTheme: sorted(themes), byDepartement: sorted(departements) }
}
