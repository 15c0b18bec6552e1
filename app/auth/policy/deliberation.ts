/**
 * The deliberation and what follows it (issue 9). The funder's staff deliberate and decide;
 * the jury's chair sees the deliberation and validates the decisions, but does not decide
 * (the funder does, within its envelope). What a chair in conflict with a dossier may see of
 * it is not a question of this file: the deliberation's read model leaves such dossiers out
 * altogether (app/domain/deliberation/deliberation.server.ts).
 */
import { ALLOWED, type Decision, funderIdsOf, type PolicyUser, refuse } from './decision.ts'

export type DeliberationAction =
	/** The ranking, amounts, envelope and decisions: staff and chair, once the jury has started to deliberate. */
	| 'view-deliberation'
	/** Settings, proposed amounts, decisions, the lottery, the close: staff while in deliberation. */
	| 'decide'
	/** The chair validates the decisions as they stand (name and time, in the minutes). */
	| 'validate-decisions'
	/** After the close: amendments, waiting-list promotion, a consortium's renunciation recorded by staff. */
	| 'amend'
	/** The texts of the call's emails and letters: staff, at any stage. */
	| 'edit-templates'
	/** The bulk sending of the decision letters: staff, once decided. */
	| 'send-letters'
	/** The minutes (procès-verbal): staff and chair, from the deliberation on. */
	| 'read-minutes'

export type DeliberationResource = {
	kind: 'deliberation'
	callId: string
	funderId: string
	status: string
	/** The viewer chairs this call's jury and still sits on it (read with seatedJurorsWhere). */
	viewerIsChair?: boolean
}

const FROM_DELIBERATION = ['deliberation', 'decided', 'follow_up', 'archived']
const AFTER_DECISION = ['decided', 'follow_up', 'archived']

export function canOnDeliberation(user: PolicyUser, action: DeliberationAction, call: DeliberationResource): Decision {
	const staff = funderIdsOf(user).includes(call.funderId)
	const chair = user.jurorCallIds.includes(call.callId) && call.viewerIsChair === true
	if (!staff && !chair) return refuse('not-visible')
	switch (action) {
		case 'view-deliberation':
		case 'read-minutes':
			return FROM_DELIBERATION.includes(call.status) ? ALLOWED : refuse('status')
		case 'validate-decisions':
			if (!chair) return refuse('not-visible')
			return call.status === 'deliberation' ? ALLOWED : refuse('status')
		case 'decide':
			if (!staff) return refuse('not-staff')
			return call.status === 'deliberation' ? ALLOWED : refuse('status')
		case 'amend':
		case 'send-letters':
			if (!staff) return refuse('not-staff')
			return AFTER_DECISION.includes(call.status) ? ALLOWED : refuse('status')
		case 'edit-templates':
			return staff ? ALLOWED : refuse('not-visible')
	}
}
