/**
 * The supporter's opinion (issue 8). The staff of the supporter structure a consortium named
 * as its accompanying structure read the dossier's summary (title, call, associations) once
 * it is submitted, and give or change their opinion until the call's deliberation begins.
 * Nobody else: another supporter, the funder's staff and the consortium read the opinion
 * through the dossier (read-model.server.ts), never through this page.
 */
import { HIDDEN_FROM_SUPPORTERS, isOpinionOpen } from '#app/domain/supporters/opinions.ts'
import { ALLOWED, type Decision, membershipIn, type PolicyUser, refuse } from './decision.ts'

export type SupporterOpinionAction = 'read-for-opinion' | 'give-opinion'

export type SupporterOpinionResource = {
	kind: 'supporter-opinion'
	/** applications.supporter_organization_id */
	supporterOrganizationId: string | null
	applicationStatus: string
	callStatus: string
}

export function canOnSupporterOpinion(user: PolicyUser, action: SupporterOpinionAction, resource: SupporterOpinionResource): Decision {
	const membership = membershipIn(user, resource.supporterOrganizationId)
	if (!membership || membership.kind !== 'supporter') return refuse('not-visible')
	if ((HIDDEN_FROM_SUPPORTERS as readonly string[]).includes(resource.applicationStatus)) return refuse('not-visible')
	if (action === 'read-for-opinion') return ALLOWED
	return isOpinionOpen(resource.callStatus) ? ALLOWED : refuse('status')
}
