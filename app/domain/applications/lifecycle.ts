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
 *   be reversed until then);
 * - 'call-in-deliberation': the call is in deliberation (decisions are free until it closes);
 * - 'call-decided': the call is decided (a change is an amendment, with its reason);
 * - 'within-envelope': with this amount retained, the call's retained total stays within its
 *   envelope, read under the call's row lock (app/domain/deliberation/decisions.server.ts);
 * - 'all-signed': every association of the consortium and the funder signed the current
 *   version of the agreement (app/domain/agreements/);
 * - 'report-approved': the staff approved the end-of-project evaluation;
 * - 'tranches-paid': every payment tranche is paid (a project is never closed with money owed).
 */
import { canFire, defineLifecycle } from '#app/domain/lifecycle/transitions.ts'
import type { ApplicationStatus } from './statuses.ts'

export type ApplicationRequirement =
	| 'complete-dossier'
	| 'before-deadline'
	| 'call-before-jury'
	| 'call-in-deliberation'
	| 'call-decided'
	| 'within-envelope'
	| 'all-signed'
	| 'report-approved'
	| 'tranches-paid'

/** The three decisions of the deliberation, and the statuses a decision may be changed from. */
export const DECISION_STATUSES = ['selected', 'waitlisted', 'rejected'] as const
export type DecisionStatus = (typeof DECISION_STATUSES)[number]

/** A retained dossier keeps its decision (and its amount on the envelope) through its agreement, project and evaluation. */
export const RETAINED_STATUSES = ['selected', 'agreement_signed', 'in_progress', 'evaluation_due', 'evaluated', 'closed'] as const satisfies readonly ApplicationStatus[]

/** The decision a status stands for: retenu for a retained dossier at any later step; none before the decision or after a withdrawal. */
export function decisionOfStatus(status: string): DecisionStatus | null {
	if ((RETAINED_STATUSES as readonly string[]).includes(status)) return 'selected'
	return status === 'waitlisted' || status === 'rejected' ? status : null
}
const DECIDABLE = ['admissible', 'selected', 'waitlisted', 'rejected'] as const

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
	/**
	 * The deliberation's decisions, free to change while the call is in deliberation. Keeping
	 * the same decision (a new amount, motivation or place on the list) is not a transition.
	 */
	select: {
		from: DECIDABLE.filter((s) => s !== 'selected'),
		to: 'selected',
		by: ['funder-staff'],
		requires: ['call-in-deliberation', 'within-envelope'],
		action: 'application.selected',
	},
	waitlist: { from: DECIDABLE.filter((s) => s !== 'waitlisted'), to: 'waitlisted', by: ['funder-staff'], requires: ['call-in-deliberation'], action: 'application.waitlisted' },
	reject: { from: DECIDABLE.filter((s) => s !== 'rejected'), to: 'rejected', by: ['funder-staff'], requires: ['reason', 'call-in-deliberation'], action: 'application.rejected' },
	/** After the call is decided, a change is a recorded amendment (decision_amendments), with its reason. */
	amendToSelected: {
		from: ['waitlisted', 'rejected'],
		to: 'selected',
		by: ['funder-staff'],
		requires: ['reason', 'call-decided', 'within-envelope'],
		action: 'application.decision_amended',
	},
	amendToWaitlisted: { from: ['selected', 'rejected'], to: 'waitlisted', by: ['funder-staff'], requires: ['reason', 'call-decided'], action: 'application.decision_amended' },
	amendToRejected: { from: ['selected', 'waitlisted'], to: 'rejected', by: ['funder-staff'], requires: ['reason', 'call-decided'], action: 'application.decision_amended' },
	/** The next dossier of the waiting list takes an amount freed by a withdrawal (its own letter). */
	promoteFromWaitlist: {
		from: ['waitlisted'],
		to: 'selected',
		by: ['funder-staff'],
		requires: ['call-decided', 'within-envelope'],
		action: 'application.promoted_from_waitlist',
	},
	/** A retained consortium gives up its grant (or the funder records it): the amount is freed. */
	renounce: { from: ['selected'], to: 'withdrawn', by: ['referent:lead', 'funder-staff'], requires: ['reason', 'call-decided'], action: 'application.renounced' },
	/** The follow-up (issue 10): the last signature of the agreement moves the application. */
	agreementSigned: { from: ['selected'], to: 'agreement_signed', by: ['referent:member', 'funder-staff'], requires: ['all-signed'], action: 'application.agreement_signed' },
	/** The project starts (its start date has come, or the staff say so). */
	startProject: { from: ['agreement_signed'], to: 'in_progress', by: ['funder-staff', 'system'], requires: [], action: 'application.project_started' },
	/** The end-of-project evaluation opens (the project's end date has come, or the staff open it). */
	openEvaluation: { from: ['in_progress'], to: 'evaluation_due', by: ['funder-staff', 'system'], requires: [], action: 'application.evaluation_opened' },
	evaluationApproved: { from: ['evaluation_due'], to: 'evaluated', by: ['funder-staff'], requires: ['report-approved'], action: 'application.evaluated' },
	/** Closed only once the evaluation is approved and every tranche paid. */
	closeProject: { from: ['evaluated'], to: 'closed', by: ['funder-staff', 'system'], requires: ['tranches-paid'], action: 'application.closed' },
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
