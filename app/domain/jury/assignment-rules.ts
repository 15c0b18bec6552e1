/**
 * The assignment page's pure part, shared with the page: the jury's settings on the call,
 * the manual changes' forms, the evaluation's progress and its French labels. The solver
 * is assignment.ts; loading and writing, assignment.server.ts and progress.server.ts.
 */
import { z } from 'zod'
import { JUROR_KINDS } from './composition.ts'

/**
 * The dossiers the assignment works on: those of JURY_APPLICATION_STATUSES (conflicts.ts)
 * still undecided. While the call is `jury` they are recevable (or already under review);
 * selected, waitlisted and rejected come with the decisions, after the jury.
 */
export const ASSIGNABLE_APPLICATION_STATUSES = ['admissible', 'under_review'] as const

export const JURORS_PER_APPLICATION_MAX = 10
/** Dossiers per page of the assignments by dossier (a call may have 2,000). */
export const ASSIGNMENT_PAGE_SIZE = 50
/** The automatic reminder goes out this many days before the jury's end date. */
export const JURY_REMINDER_DAYS_BEFORE = 3

export const SCORES_VISIBILITIES = ['never', 'after_sending', 'always'] as const
export type ScoresVisibility = (typeof SCORES_VISIBILITIES)[number]

export const SCORES_VISIBILITY_LABELS: Record<ScoresVisibility, string> = {
	never: 'Jamais',
	after_sending: 'Après l’envoi de sa propre évaluation',
	always: 'Toujours',
}

export const NOT_AT_JURY = 'Les affectations se font pendant l’étape « Jury » de l’appel : ouvrez d’abord le jury depuis la page « Jury ».'

export type Progress = 'todo' | 'in_progress' | 'sent'

export const PROGRESS_LABELS: Record<Progress, string> = { todo: 'À faire', in_progress: 'En cours', sent: 'Envoyée' }

export function progressOf(a: { startedAt: Date | string | null; submittedAt: Date | string | null }): Progress {
	return a.submittedAt ? 'sent' : a.startedAt ? 'in_progress' : 'todo'
}

const id = (message: string) => z.string({ required_error: message, invalid_type_error: message }).trim().min(1, message).max(100)

export const JurySettingsSchema = z.object({
	intent: z.literal('settings'),
	version: z.number({ required_error: 'Rechargez la page : la version lue manque.' }).int().min(1),
	jurorsPerApplication: z
		.number({ required_error: 'Indiquez le nombre de jurés par dossier.', invalid_type_error: 'Le nombre de jurés par dossier est un nombre entier.' })
		.int('Le nombre de jurés par dossier est un nombre entier.')
		.min(1, 'Il faut au moins un juré par dossier.')
		.max(JURORS_PER_APPLICATION_MAX, `Au plus ${JURORS_PER_APPLICATION_MAX} jurés par dossier.`),
	requiredJurorKind: z
		.enum([...JUROR_KINDS, ''], { errorMap: () => ({ message: 'Choisissez un profil de la liste.' }) })
		.nullish()
		.transform((value) => (value ? value : null)),
	juryScoresVisibility: z.enum(SCORES_VISIBILITIES, { errorMap: () => ({ message: 'Choisissez quand un juré voit les notes des autres.' }) }),
})
export type JurySettingsInput = Omit<z.infer<typeof JurySettingsSchema>, 'intent'>

/** The settings the preview was computed with: applying on other settings is refused. */
export const ApplySchema = z.object({
	intent: z.literal('apply'),
	jurorsPerApplication: z.number({ required_error: 'Prévisualisez d’abord l’affectation.' }).int().min(1).max(JURORS_PER_APPLICATION_MAX),
	requiredJurorKind: z
		.enum([...JUROR_KINDS, ''], { errorMap: () => ({ message: 'Prévisualisez d’abord l’affectation.' }) })
		.nullish()
		.transform((value) => (value ? value : null)),
})

export const AddAssignmentSchema = z.object({
	intent: z.literal('add'),
	applicationId: id('Choisissez le dossier.'),
	jurorId: id('Choisissez le juré.'),
})

export const RemoveAssignmentSchema = z.object({
	intent: z.literal('remove'),
	assignmentId: id('Choisissez l’affectation à retirer.'),
})

export const MoveAssignmentSchema = z.object({
	intent: z.literal('move'),
	assignmentId: id('Choisissez l’affectation à déplacer.'),
	toJurorId: id('Choisissez le juré qui reprend le dossier.'),
})
