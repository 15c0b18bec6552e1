/**
 * The partner directory (issue 12). The directory's search and published profiles are
 * public (no check). An association's members read and preview its profile; its
 * référents write it, publish it, read its messages, answer and report them. Anyone
 * signed in writes to an association they do not belong to. A supporter structure's staff
 * see the associations of their territory and recommend partners to them. A thread is read
 * by its sender and by the référents of the association written to. Moderation (lifting a
 * report) is the platform admin's: can(user, 'administer', PLATFORM).
 */
import { ALLOWED, type Decision, membershipIn, type PolicyUser, refuse } from './decision.ts'

export type DirectoryAction =
	/** Read the profile settings and preview the unpublished profile: any member of the association. */
	| 'preview-profile'
	/** Write the profile, publish or unpublish it: its référents. */
	| 'edit-profile'
	/** Read the association's messages and recommendations, answer, report: its référents. */
	| 'read-inbox'
	/** Write to this association through the directory: anyone signed in who is not one of its members. */
	| 'contact'
	/** The supporter structure's territory view and recommendations: its staff. */
	| 'recommend'

export type DirectoryResource = { kind: 'directory'; organizationId: string }

export function canOnDirectory(user: PolicyUser, action: DirectoryAction, resource: DirectoryResource): Decision {
	const membership = membershipIn(user, resource.organizationId)
	switch (action) {
		case 'contact':
			return membership ? refuse('not-visible') : ALLOWED
		case 'recommend':
			return membership?.kind === 'supporter' ? ALLOWED : refuse('not-staff')
		case 'preview-profile':
			return membership?.kind === 'association' ? ALLOWED : refuse('not-member')
		case 'edit-profile':
		case 'read-inbox':
			if (membership?.kind !== 'association') return refuse('not-member')
			return membership.role === 'referent' ? ALLOWED : refuse('not-referent')
	}
}

export type PartnerThreadAction = 'read-thread'

/** A conversation through the directory: who wrote it, to which association. */
export type PartnerThreadResource = { kind: 'partner-thread'; senderUserId: string; recipientOrganizationId: string }

/** Which side of the thread the viewer is on, or a refusal (404: the thread is not theirs to know of). */
export function threadSideOf(user: PolicyUser, thread: PartnerThreadResource): 'sender' | 'association' | null {
	if (thread.senderUserId === user.id) return 'sender'
	return canOnDirectory(user, 'read-inbox', { kind: 'directory', organizationId: thread.recipientOrganizationId }).allowed ? 'association' : null
}

export function canOnPartnerThread(user: PolicyUser, _action: PartnerThreadAction, thread: PartnerThreadResource): Decision {
	return threadSideOf(user, thread) ? ALLOWED : refuse('not-visible')
}
