/**
 * Calls. Anyone reads a call once published; the staff of the call's funder manage it, and
 * the lifecycle table (app/domain/calls/lifecycle.ts) says which of its steps are possible
 * from its status.
 */
import { isEditable, isGridEditable } from '#app/domain/calls/call-rules.ts'
import { callTransitions } from '#app/domain/calls/lifecycle.ts'
import { canFire } from '#app/domain/lifecycle/transitions.ts'
import { ALLOWED, type Decision, funderIdsOf, type PolicyUser, refuse } from './decision.ts'

export type CallAction = 'read' | 'manage' | 'edit' | 'edit-grid' | 'publish' | 'close'

export type CallResource = { kind: 'call'; funderId: string; status: string }

export function canOnCall(user: PolicyUser, action: CallAction, call: CallResource): Decision {
	const staff = funderIdsOf(user).includes(call.funderId)
	if (action === 'read') return staff || call.status !== 'draft' ? ALLOWED : refuse('not-visible')
	// Another funder's call is not theirs to know of (404), whoever they are.
	if (!staff) return refuse('not-visible')
	switch (action) {
		case 'manage':
			return ALLOWED
		case 'edit':
			return isEditable(call.status) ? ALLOWED : refuse('status')
		case 'edit-grid':
			return isGridEditable(call.status) ? ALLOWED : refuse('status')
		case 'publish':
			return canFire(callTransitions.publish, call.status) ? ALLOWED : refuse('status')
		case 'close':
			return canFire(callTransitions.close, call.status) ? ALLOWED : refuse('status')
	}
}
