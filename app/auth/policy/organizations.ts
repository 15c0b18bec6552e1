/**
 * Organisations. Members read their organisation; its référent (staff, for a funder or a
 * supporter) updates it and invites members; the platform admin may do everything.
 */
import { ALLOWED, type Decision, membershipIn, type PolicyUser, refuse } from './decision.ts'

export type OrganizationAction =
	| 'read'
	| 'update'
	| 'invite-member'
	| 'cancel-invitation'
	/** Start an application with this association as its lead: any of its members. */
	| 'lead-application'
	/** Answer for this association (a partner invitation received by email): its référent. */
	| 'answer-for'

export type OrganizationResource = {
	kind: 'organization'
	id: string
	/** Needed for 'cancel-invitation': only an association's référent cancels one (staff are named by the admin). */
	organizationKind?: 'funder' | 'association' | 'supporter'
}

export function canOnOrganization(user: PolicyUser, action: OrganizationAction, organization: OrganizationResource): Decision {
	const membership = membershipIn(user, organization.id)
	// An association acts in a consortium through its own members, never through the admin.
	if (action === 'lead-application' || action === 'answer-for') {
		if (!membership || membership.kind !== 'association') return refuse('not-member')
		return action === 'lead-application' || membership.role === 'referent' ? ALLOWED : refuse('not-referent')
	}
	if (user.isPlatformAdmin) return ALLOWED
	if (!membership) return refuse('not-member')
	if (action === 'read') return ALLOWED
	if (action === 'cancel-invitation') {
		return organization.organizationKind === 'association' && membership.role === 'referent' ? ALLOWED : refuse('not-referent')
	}
	const manages = membership.role === 'referent' || membership.role === 'staff'
	return manages ? ALLOWED : refuse('not-referent')
}

/** The portal itself: its administration (structures, their staff) is the platform admin's. */
export type PlatformResource = { kind: 'platform' }

export function canOnPlatform(user: PolicyUser, _action: 'administer'): Decision {
	return user.isPlatformAdmin ? ALLOWED : refuse('not-staff')
}
