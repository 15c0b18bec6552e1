/**
 * The call lifecycle table (DESIGN.md, "Lifecycles"): draft → published → closed, by hand
 * or at the deadline, → jury → deliberation. Later steps (decided, follow-up, archived) add
 * their rows here when their code fires them. The engine reads it; nothing else moves a
 * call's status.
 *
 * Requirements checked by the domain function before it fires:
 * - 'publishable': publishBlockers finds nothing (title, presentation, a theme, a
 *   deadline to come, an envelope, a calendar in order);
 * - 'deadline-passed': the deadline has come (also part of the job's guarded update);
 * - 'admissibility-decided': no dossier of the call still waits for its admissibility
 *   decision. Entering the jury freezes admissibility (`isCallBeforeJury` turns false:
 *   a decision can no longer be reversed), so nothing may be left undecided;
 * - 'all-decided': every recevable dossier is retenu, en liste d'attente or non retenu, and
 *   the retained total is within the envelope;
 * - 'chair-validated': the jury's chair (if the jury has one) validated the decisions as
 *   they stand.
 */
import { defineLifecycle } from '#app/domain/lifecycle/transitions.ts'

/** The call_status enum of db/schema/calls.ts, in lifecycle order (a unit test compares them). */
export const CALL_STATUSES = ['draft', 'published', 'closed', 'jury', 'deliberation', 'decided', 'follow_up', 'archived'] as const
export type CallStatus = (typeof CALL_STATUSES)[number]

export type CallRequirement = 'publishable' | 'deadline-passed' | 'admissibility-decided' | 'all-decided' | 'chair-validated'

export const callTransitions = defineLifecycle('call', {
	publish: { from: ['draft'], to: 'published', by: ['funder-staff'], requires: ['publishable'], action: 'call.published' },
	close: { from: ['published'], to: 'closed', by: ['funder-staff'], requires: [], action: 'call.closed' },
	closeAtDeadline: { from: ['published'], to: 'closed', by: ['system'], requires: ['deadline-passed'], action: 'call.closed' },
	/** The recevable dossiers go to the jury (app/domain/jury/jury-lifecycle.server.ts). */
	startJury: { from: ['closed'], to: 'jury', by: ['funder-staff'], requires: ['admissibility-decided'], action: 'call.jury_started' },
	/** The jury has scored: the funder deliberates (ranking, amounts, envelope). */
	startDeliberation: { from: ['jury'], to: 'deliberation', by: ['funder-staff'], requires: [], action: 'call.deliberation_started' },
	/** The decisions are final (later changes are amendments); the minutes are stored. */
	closeDeliberation: {
		from: ['deliberation'],
		to: 'decided',
		by: ['funder-staff'],
		requires: ['all-decided', 'chair-validated'],
		action: 'call.decided',
	},
} as const satisfies Record<string, { from: readonly CallStatus[]; to: CallStatus; requires: readonly (CallRequirement | 'reason')[] } & Record<string, unknown>>)

export type CallTransition = (typeof callTransitions)[keyof typeof callTransitions]
