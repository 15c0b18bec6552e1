/**
 * The application lifecycle table (DESIGN.md, "Lifecycles"): every transition the code
 * fires, from which states, to which, who may fire it and what it requires. The engine
 * (app/domain/lifecycle/engine.server.ts) reads it; nothing else moves a status. Later
 * steps (jury: startReview; decision: select, waitlist, reject; agreement, evaluation)
 * add their rows here when their code fires them.
 *
 * Requirements other than 'reason' are checked by the domain function before it fires:
 * - 'complete-dossier': checkSubmission finds nothing missing (co-porters, sections,
 *   files, the call open and its deadline to come);
 * - 'before-deadline': the call's deadline has not passed;
 * - 'call-before-jury': the call has not reached the jury (an admissibility decision may
 *   be reversed until then).
 */
import { canFire, defineLifecycle } from '#app/domain/lifecycle/transitions.ts'
import type { ApplicationStatus } from './statuses.ts'

export type ApplicationRequirement = 'complete-dossier' | 'before-deadline' | 'call-before-jury'

export const applicationTransitions = defineLifecycle('application', {
	submit: { from: ['draft'], to: 'submitted', by: ['referent:lead'], requires: ['complete-dossier'], action: 'application.submitted' },
	withdrawDraft: { from: ['draft'], to: 'withdrawn', by: ['referent:lead'], requires: ['reason'], action: 'application.withdrawn' },
	withdrawSubmitted: { from: ['submitted'], to: 'withdrawn', by: ['referent:lead'], requires: ['reason', 'before-deadline'], action: 'application.withdrawn' },
	markAdmissible: { from: ['submitted'], to: 'admissible', by: ['funder-staff'], requires: [], action: 'application.marked_admissible' },
	markInadmissible: { from: ['submitted'], to: 'inadmissible', by: ['funder-staff'], requires: ['reason'], action: 'application.marked_inadmissible' },
	/** Staff change their mind: inadmissible → admissible, until the jury starts. */
	reverseToAdmissible: { from: ['inadmissible'], to: 'admissible', by: ['funder-staff'], requires: ['call-before-jury'], action: 'application.marked_admissible' },
	/** admissible → inadmissible, until the jury starts. */
	reverseToInadmissible: {
		from: ['admissible'],
		to: 'inadmissible',
		by: ['funder-staff'],
		requires: ['reason', 'call-before-jury'],
		action: 'application.marked_inadmissible',
	},
} as const satisfies Record<string, { from: readonly ApplicationStatus[]; to: ApplicationStatus; requires: readonly (ApplicationRequirement | 'reason')[] } & Record<string, unknown>>)

export type ApplicationTransition = (typeof applicationTransitions)[keyof typeof applicationTransitions]

/** The consortium edits its dossier (sections, partners, engagements) while it can still be submitted. */
export const EDITABLE_STATUSES: readonly ApplicationStatus[] = applicationTransitions.submit.from

/** The withdrawal that leaves this state, if any. */
export function withdrawalFrom(status: string): ApplicationTransition | null {
	if (canFire(applicationTransitions.withdrawDraft, status)) return applicationTransitions.withdrawDraft
	if (canFire(applicationTransitions.withdrawSubmitted, status)) return applicationTransitions.withdrawSubmitted
	return null
}

/** The admissibility transition that records this decision from this state, if any. */
export function admissibilityTransition(status: string, decision: 'admissible' | 'inadmissible'): ApplicationTransition | null {
	const candidates = [
		applicationTransitions.markAdmissible,
		applicationTransitions.markInadmissible,
		applicationTransitions.reverseToAdmissible,
		applicationTransitions.reverseToInadmissible,
	]
	return candidates.find((t) => t.to === decision && canFire(t, status)) ?? null
}

/** Whether a withdrawal leaves this state with the deadline as it is (what the page offers). */
export function canWithdraw(status: string, deadlineHasPassed: boolean): boolean {
	const withdrawal = withdrawalFrom(status)
	return withdrawal !== null && !(deadlineHasPassed && (withdrawal.requires as readonly string[]).includes('before-deadline'))
}
