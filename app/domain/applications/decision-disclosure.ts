/**
 * Decisions are provisional until the deliberation closes (issue 9): staff may change them
 * freely while the call is in deliberation. Until then the consortium — and the structure that
 * accompanies it — sees its recevable dossier as « en cours d'examen », with no decision event
 * in its history and no renunciation to offer; the letters go out after the close. Plain module.
 */
import { DECISION_STATUSES } from './lifecycle.ts'

/** The call's stages from which its decisions are final (changed only by a recorded amendment). */
export const DECISIONS_DISCLOSED_AT = ['decided', 'follow_up', 'archived'] as const

const PROVISIONAL: readonly string[] = DECISION_STATUSES

/** The audit events of decisions taken during the deliberation (the amendments after the close are final). */
export const PROVISIONAL_DECISION_ACTIONS: readonly string[] = ['application.selected', 'application.waitlisted', 'application.rejected', 'application.decision_updated']

export function decisionsDisclosed(callStatus: string): boolean {
	return (DECISIONS_DISCLOSED_AT as readonly string[]).includes(callStatus)
}

/** The status the consortium and its supporter see: a provisional decision shows as « en cours d'examen ». */
export function statusShownToApplicants<S extends string>(status: S, callStatus: string): S | 'under_review' {
	return PROVISIONAL.includes(status) && !decisionsDisclosed(callStatus) ? 'under_review' : status
}
