/**
 * A juror's evaluation of one dossier (issue 8, "Scoring"): the pure part, shared with the
 * pages. One score per criterion of the call's grid (0..scaleMax, null while drafting), a
 * comment per criterion and a general opinion; saved as the juror goes (version-checked),
 * then sent, which locks it until the funder's staff reopen it with a reason.
 */
import { z } from 'zod'
import { MAX_CRITERIA } from '#app/domain/calls/call-rules.ts'

export const COMMENT_MAX = 5000
export const OPINION_MAX = 10000
export const REOPEN_REASON_MAX = 1000

/** The lists the scoring form sends (readFormData bounds them before anything is parsed). */
export const EVALUATION_LISTS = { scores: { max: MAX_CRITERIA, label: 'critères' } }

export type EvaluationProgress = 'todo' | 'in_progress' | 'sent'

export const PROGRESS_LABELS: Record<EvaluationProgress, string> = {
	todo: 'À faire',
	in_progress: 'En cours',
	sent: 'Envoyée',
}

export function progressOf(assignment: { startedAt: Date | string | null; submittedAt: Date | string | null }): EvaluationProgress {
	if (assignment.submittedAt) return 'sent'
	return assignment.startedAt ? 'in_progress' : 'todo'
}

export type ScoresVisibility = 'never' | 'after_sending' | 'always'

export const SCORES_VISIBILITY_LABELS: Record<ScoresVisibility, string> = {
	never: 'Jamais',
	after_sending: 'Après l’envoi de sa propre évaluation',
	always: 'Toujours',
}

/** Blind until sent (the call's setting): whether this juror sees the other jurors' scores of the dossier. */
export function seesOthersScores(setting: ScoresVisibility, ownSent: boolean): boolean {
	if (setting === 'always') return true
	if (setting === 'never') return false
	return ownSent
}

/** The call statuses in which a juror writes and sends evaluations. */
export function isScoringOpen(callStatus: string): boolean {
	return callStatus === 'jury'
}

export const EVALUATION_MESSAGES = {
	stale:
		'Cette évaluation a été enregistrée entre-temps ailleurs (un autre onglet, un autre appareil) : votre saisie n’a pas été enregistrée. Elle est gardée ci-dessous : enregistrez de nouveau pour la garder à la place, ou rechargez la page pour reprendre la version enregistrée.',
	locked: 'Cette évaluation est envoyée : elle ne peut plus être modifiée. Le financeur peut la rouvrir si besoin.',
	closed: 'Le jury n’est pas ouvert : les évaluations ne peuvent pas être modifiées en ce moment.',
	unknownCriterion: 'Le formulaire ne correspond plus à la grille de l’appel : rechargez la page.',
	missing: 'Donnez une note à ce critère avant d’envoyer.',
	notInteger: 'La note est un nombre entier.',
	outOfScale: (scaleMax: number) => `La note va de 0 à ${scaleMax}.`,
	incomplete: 'Chaque critère doit être noté avant l’envoi : les critères à noter sont signalés ci-dessous. Votre saisie est enregistrée.',
	notSent: 'Cette évaluation n’est pas envoyée : il n’y a rien à rouvrir.',
	reopenReason: 'Indiquez le motif de la réouverture : il est envoyé au juré et gardé dans l’historique.',
} as const

const text = (max: number, label: string) =>
	z
		.string()
		.max(max, `${label} ne doit pas dépasser ${max.toLocaleString('fr-FR')} caractères.`)
		.optional()
		.transform((value) => value ?? '')

/** A score as typed: empty (not scored yet) or a whole number; its scale is checked against the criterion. */
const scoreValue = z
	.string()
	.optional()
	.transform((value, ctx) => {
		const typed = (value ?? '').trim()
		if (!typed) return null
		if (!/^\d{1,4}$/.test(typed)) {
			ctx.addIssue({ code: z.ZodIssueCode.custom, message: EVALUATION_MESSAGES.notInteger })
			return z.NEVER
		}
		return Number(typed)
	})

export const EvaluationSchema = z.object({
	intent: z.enum(['save', 'autosave', 'send'], { errorMap: () => ({ message: 'Action inconnue : rechargez la page.' }) }),
	version: z.coerce.number({ invalid_type_error: 'Rechargez la page : le formulaire est incomplet.' }).int().min(1).max(2_000_000_000),
	generalOpinion: text(OPINION_MAX, 'L’avis général'),
	scores: z
		.array(
			z.object({
				criterionId: z.string().trim().min(1).max(100),
				value: scoreValue,
				comment: text(COMMENT_MAX, 'Le commentaire'),
			}),
		)
		.max(MAX_CRITERIA)
		.optional()
		.transform((rows) => rows ?? []),
})
export type EvaluationInput = Omit<z.infer<typeof EvaluationSchema>, 'intent'>

export const ReopenSchema = z.object({
	intent: z.literal('reopen'),
	reason: z
		.string({ required_error: EVALUATION_MESSAGES.reopenReason })
		.trim()
		.min(1, EVALUATION_MESSAGES.reopenReason)
		.max(REOPEN_REASON_MAX, `Le motif ne doit pas dépasser ${REOPEN_REASON_MAX.toLocaleString('fr-FR')} caractères.`),
})

export type Criterion = { id: string; label: string; scaleMax: number }

/** A problem on one field of the form, by its Conform name (`scores[2].value`), or on the whole form (field null). */
export type EvaluationProblem = { field: string | null; message: string }

/**
 * The scores checked against the call's grid: every criterion id known and given once, each
 * value on its scale; with `complete`, every criterion scored (for sending). Returns the
 * problems (empty when the evaluation may be saved / sent).
 */
export function checkScores(criteria: readonly Criterion[], input: EvaluationInput, options: { complete: boolean }): EvaluationProblem[] {
	const byId = new Map(criteria.map((c) => [c.id, c]))
	const seen = new Set<string>()
	const problems: EvaluationProblem[] = []
	input.scores.forEach((row, index) => {
		const criterion = byId.get(row.criterionId)
		if (!criterion || seen.has(row.criterionId)) {
			problems.push({ field: null, message: EVALUATION_MESSAGES.unknownCriterion })
			return
		}
		seen.add(row.criterionId)
		if (row.value !== null && (row.value < 0 || row.value > criterion.scaleMax)) {
			problems.push({ field: `scores[${index}].value`, message: EVALUATION_MESSAGES.outOfScale(criterion.scaleMax) })
		} else if (options.complete && row.value === null) {
			problems.push({ field: `scores[${index}].value`, message: EVALUATION_MESSAGES.missing })
		}
	})
	if (options.complete) {
		const missing = criteria.filter((c) => !seen.has(c.id))
		if (missing.length > 0) problems.push({ field: null, message: EVALUATION_MESSAGES.unknownCriterion })
	}
	// One form-level message is enough when the form does not match the grid.
	return problems.filter((p, i) => p.field !== null || problems.findIndex((q) => q.field === null && q.message === p.message) === i)
}

/** The weighted score of an evaluation on 100 (null unless every criterion is scored). */
export function weightedScore(criteria: readonly (Criterion & { weight: number })[], values: ReadonlyMap<string, number | null>): number | null {
	let total = 0
	let weights = 0
	for (const criterion of criteria) {
		const value = values.get(criterion.id)
		if (value === null || value === undefined) return null
		total += (criterion.weight * value) / criterion.scaleMax
		weights += criterion.weight
	}
	return weights === 0 ? null : Math.round((total / weights) * 1000) / 10
}
