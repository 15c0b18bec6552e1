/**
 * The one permission policy (docs/decisions/012-permission-policy.md): `can(user, action,
 * resource)` answers every "may this person do this?" of the portal, allowed or refused
 * with a reason, from the CurrentUser loaded once per page and the facts of the resource.
 * The SQL clauses that list what a person may see are in visibility.server.ts; both read
 * the same roles. Plain module: pure, unit-tested role by role (policy.test.ts).
 */
import { type ApplicationAction, type ApplicationResource, canOnApplication } from './applications.ts'
import { type CallAction, type CallResource, canOnCall } from './calls.ts'
import type { Decision, PolicyUser } from './decision.ts'
import { canOnDeliberation, type DeliberationAction, type DeliberationResource } from './deliberation.ts'
import { canOnDirectory, canOnPartnerThread, type DirectoryAction, type DirectoryResource, type PartnerThreadAction, type PartnerThreadResource } from './directory.ts'
import { canOnFollowUp, type FollowUpAction, type FollowUpResource } from './follow-up.ts'
import { canOnJuryConflict, type JuryConflictAction, type JuryConflictResource } from './jury.ts'
import { canReadMail, type MailReader, type MailResource } from './mail.ts'
import { canOnOrganization, canOnPlatform, type OrganizationAction, type OrganizationResource, type PlatformResource } from './organizations.ts'
import { canOnPartners, type PartnersAction, type PartnersResource } from './partners.ts'
import { canOnSupporterOpinion, type SupporterOpinionAction, type SupporterOpinionResource } from './supporters.ts'
import { canOnPublication, type PublicationAction, type PublicationResource } from './showcase.ts'

export type { ApplicationAction, ApplicationResource } from './applications.ts'
export type { CallAction, CallResource } from './calls.ts'
export type { OrganizationAction, OrganizationResource, PlatformResource } from './organizations.ts'
export type { MailReader, MailResource } from './mail.ts'
export type { JuryConflictAction, JuryConflictResource } from './jury.ts'
export type { SupporterOpinionAction, SupporterOpinionResource } from './supporters.ts'
export type { DeliberationAction, DeliberationResource } from './deliberation.ts'
export type { FollowUpAction, FollowUpResource } from './follow-up.ts'
export { isFollowed } from './follow-up.ts'
export type { PartnersAction, PartnersResource } from './partners.ts'
export type { PublicationAction, PublicationResource } from './showcase.ts'
export { publicationOpen } from './showcase.ts'
export type { DirectoryAction, DirectoryResource, PartnerThreadAction, PartnerThreadResource } from './directory.ts'
export { threadSideOf } from './directory.ts'
export const PLATFORM: PlatformResource = { kind: 'platform' }
export { ALLOWED, funderIdsOf, organizationIdsOf, refuse, refusedFor, type Decision, type PolicyUser, type RefusalReason } from './decision.ts'
export { viewerRows } from './applications.ts'

export function can(user: PolicyUser, action: OrganizationAction, resource: OrganizationResource): Decision
export function can(user: PolicyUser, action: CallAction, resource: CallResource): Decision
export function can(user: PolicyUser, action: ApplicationAction, resource: ApplicationResource): Decision
export function can(user: PolicyUser, action: JuryConflictAction, resource: JuryConflictResource): Decision
export function can(user: PolicyUser, action: SupporterOpinionAction, resource: SupporterOpinionResource): Decision
export function can(user: PolicyUser, action: DeliberationAction, resource: DeliberationResource): Decision
export function can(user: PolicyUser, action: FollowUpAction, resource: FollowUpResource): Decision
export function can(user: PolicyUser, action: PartnersAction, resource: PartnersResource): Decision
export function can(user: PolicyUser, action: PublicationAction, resource: PublicationResource): Decision
export function can(user: PolicyUser, action: DirectoryAction, resource: DirectoryResource): Decision
export function can(user: PolicyUser, action: PartnerThreadAction, resource: PartnerThreadResource): Decision
export function can(user: PolicyUser, action: 'administer', resource: PlatformResource): Decision
export function can(user: MailReader, action: 'read', resource: MailResource): Decision
export function can(
	user: PolicyUser | MailReader,
	action: OrganizationAction | CallAction | ApplicationAction | JuryConflictAction | SupporterOpinionAction | DeliberationAction | FollowUpAction | PartnersAction | PublicationAction | DirectoryAction | PartnerThreadAction | 'administer',
	resource:
		| OrganizationResource
		| CallResource
		| ApplicationResource
		| JuryConflictResource
		| SupporterOpinionResource
		| DeliberationResource
		| FollowUpResource
		| PartnersResource
		| PublicationResource
		| DirectoryResource
		| PartnerThreadResource
		| PlatformResource
		| MailResource,
): Decision {
	if (resource.kind === 'dev-mail') return canReadMail(user as MailReader, resource)
	const viewer = user as PolicyUser
	switch (resource.kind) {
		case 'platform':
			return canOnPlatform(viewer, 'administer')
		case 'organization':
			return canOnOrganization(viewer, action as OrganizationAction, resource)
		case 'call':
			return canOnCall(viewer, action as CallAction, resource)
		case 'application':
			return canOnApplication(viewer, action as ApplicationAction, resource)
		case 'jury-conflict':
			return canOnJuryConflict(viewer, action as JuryConflictAction, resource)
		case 'supporter-opinion':
			return canOnSupporterOpinion(viewer, action as SupporterOpinionAction, resource)
		case 'deliberation':
			return canOnDeliberation(viewer, action as DeliberationAction, resource)
		case 'follow-up':
			return canOnFollowUp(viewer, action as FollowUpAction, resource)
		case 'partners':
			return canOnPartners(viewer, action as PartnersAction, resource)
		case 'project-publication':
			return canOnPublication(viewer, action as PublicationAction, resource)
		case 'directory':
			return canOnDirectory(viewer, action as DirectoryAction, resource)
		case 'partner-thread':
			return canOnPartnerThread(viewer, action as PartnerThreadAction, resource)
	}
}
