/**
 * Conflicts of interest between a juror and a dossier (DESIGN.md, "Jury"): the pure part,
 * shared with the pages. Detected from the organisations (conflicts.server.ts) or declared
 * by the juror; the chair or the funder's staff confirm or dismiss each with a reason.
 * While open or confirmed, the juror never sees the dossier (app/auth/policy).
 */
import { z } from 'zod'

export const CONFLICT_CAUSES = [
	'member_of_consortium',
	'recent_partnership',
	'accompanied_by_juror_structure',
	'declared_member',
	'declared_recent_partnership',
	'declared_personal',
	'declared_other',
] as const
export type ConflictCause = (typeof CONFLICT_CAUSES)[number]

export const CONFLICT_CAUSE_LABELS: Record<ConflictCause, string> = {
	member_of_consortium: 'Membre d’une association du consortium',
	recent_partnership: 'Son association a porté un projet avec une association du consortium (3 dernières années)',
	accompanied_by_juror_structure: 'Travaille pour la structure d’accompagnement du dossier',
	declared_member: 'Déclaré : membre d’une association du consortium',
	declared_recent_partnership: 'Déclaré : partenariat récent',
	declared_personal: 'Déclaré : lien personnel',
	declared_other: 'Déclaré : autre',
}

/** What the juror picks when declaring a conflict, and the cause it is recorded as. */
export const DECLARED_TYPES = {
	membre: 'declared_member',
	partenariat: 'declared_recent_partnership',
	personnel: 'declared_personal',
	autre: 'declared_other',
} as const satisfies Record<string, ConflictCause>
export type DeclaredType = keyof typeof DECLARED_TYPES

export const DECLARED_TYPE_LABELS: Record<DeclaredType, string> = {
	membre: 'Membre d’une association du consortium',
	partenariat: 'Partenariat récent',
	personnel: 'Lien personnel',
	autre: 'Autre',
}

export type ConflictStatus = 'open' | 'confirmed' | 'dismissed'

export const CONFLICT_STATUS_LABELS: Record<ConflictStatus, string> = {
	open: 'À examiner',
	confirmed: 'Confirmé',
	dismissed: 'Écarté',
}

/** An open conflict keeps the juror away as a confirmed one does: only a dismissal lifts it. */
export const BLOCKING_CONFLICT_STATUSES = ['open', 'confirmed'] as const satisfies readonly ConflictStatus[]

export function isBlocking(status: ConflictStatus): boolean {
	return (BLOCKING_CONFLICT_STATUSES as readonly string[]).includes(status)
}

/** The dossiers a jury judges: recevable, and the statuses that follow while the jury and decisions run. */
export const JURY_APPLICATION_STATUSES = ['admissible', 'under_review', 'selected', 'waitlisted', 'rejected'] as const

/** How far back a co-carried application counts as a recent partnership. */
export const RECENT_PARTNERSHIP_YEARS = 3

export const DETAIL_MAX = 1000
export const DECISION_REASON_MAX = 1000

export const DeclareConflictSchema = z.object({
	intent: z.literal('declare-conflict'),
	applicationId: z.string().trim().min(1).max(100),
	type: z.enum(Object.keys(DECLARED_TYPES) as [DeclaredType, ...DeclaredType[]], { errorMap: () => ({ message: 'Choisissez le type de lien.' }) }),
	detail: z
		.string({ required_error: 'Décrivez le lien en quelques mots.' })
		.trim()
		.min(1, 'Décrivez le lien en quelques mots.')
		.max(DETAIL_MAX, `La description ne doit pas dépasser ${DETAIL_MAX.toLocaleString('fr-FR')} caractères.`),
})

export const DecideConflictSchema = z.object({
	intent: z.literal('decide-conflict'),
	conflictId: z.string().trim().min(1).max(100),
	decision: z.enum(['confirm', 'dismiss'], { errorMap: () => ({ message: 'Choisissez « confirmer » ou « écarter ».' }) }),
	reason: z
		.string({ required_error: 'Indiquez le motif de la décision : il est gardé dans l’historique.' })
		.trim()
		.min(1, 'Indiquez le motif de la décision : il est gardé dans l’historique.')
		.max(DECISION_REASON_MAX, `Le motif ne doit pas dépasser ${DECISION_REASON_MAX.toLocaleString('fr-FR')} caractères.`),
})
export type ConflictDecision = 'confirm' | 'dismiss'
