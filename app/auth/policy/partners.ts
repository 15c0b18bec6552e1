/**
 * « Je cherche des partenaires » and the tirage au sort of a call (issue 12). Anyone reads
 * the open announcements of a published call; an association acts through its own members
 * (référent or not), never through the platform admin nor the funder's staff:
 * - 'announce', 'volunteer': a member of the association, while the call is open;
 * - 'answer': a member of another association than the announcer's, while the call is open;
 * - 'manage-announcement' (close it, read and decide its answers): a member of the announcer;
 * - 'manage-answer' (withdraw it): a member of the answering association;
 * - 'answer-place' (confirm or decline a drawn place): a member of the association drawn.
 * The draw's settings and launch are the call's staff's ('manage' on the call, calls.ts).
 */
import { ALLOWED, type Decision, membershipIn, type PolicyUser, refuse } from './decision.ts'

export type PartnersAction = 'announce' | 'volunteer' | 'answer' | 'manage-announcement' | 'manage-answer' | 'answer-place'

export type PartnersResource = {
	kind: 'partners'
	/** The association the person acts for, or the one that owns the record (announcement, answer, place). */
	organizationId: string
	/** For 'answer': the announcing association (nobody answers its own announcement). */
	announcerOrganizationId?: string
	/** For 'announce', 'answer', 'volunteer': the call is published and its deadline not passed. */
	callOpen?: boolean
}

export function canOnPartners(user: PolicyUser, action: PartnersAction, resource: PartnersResource): Decision {
	const membership = membershipIn(user, resource.organizationId)
	if (!membership || membership.kind !== 'association') return refuse('not-member')
	// Answering one's own announcement: the person is not a member of *another* association here.
	if (action === 'answer' && resource.organizationId === resource.announcerOrganizationId) return refuse('not-member')
	if ((action === 'announce' || action === 'answer' || action === 'volunteer') && !resource.callOpen) return refuse('deadline-passed')
	return ALLOWED
}
