/**
 * The jury's conflicts of interest (issue 8). A juror of the call declares a conflict on a
 * dossier of its jury; the funder's staff or the jury's chair confirm or dismiss one, never
 * the juror concerned (a declared conflict cannot be dismissed by the juror who declared it,
 * a detected one not by the juror it keeps away).
 */
import { ALLOWED, type Decision, funderIdsOf, type PolicyUser, refuse } from './decision.ts'

export type JuryConflictAction = 'declare-conflict' | 'decide-conflict'

export type JuryConflictResource = {
	kind: 'jury-conflict'
	callId: string
	funderId: string
	/** The user of the juror the conflict concerns (for 'declare-conflict': the viewer's own seat). */
	jurorUserId: string
	/** The viewer chairs this call's jury (read with seatedJurorsWhere). */
	viewerIsChair?: boolean
}

export function canOnJuryConflict(user: PolicyUser, action: JuryConflictAction, conflict: JuryConflictResource): Decision {
	const juror = user.jurorCallIds.includes(conflict.callId)
	if (action === 'declare-conflict') return juror && conflict.jurorUserId === user.id ? ALLOWED : refuse('not-visible')
	if (conflict.jurorUserId === user.id) return refuse('not-staff')
	if (funderIdsOf(user).includes(conflict.funderId)) return ALLOWED
	if (juror && conflict.viewerIsChair === true) return ALLOWED
	return refuse('not-visible')
}
