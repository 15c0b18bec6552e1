/**
 * The follow-up of a retained dossier (issue 10): its agreement, its payment tranches and
 * its end-of-project evaluation.
 *
 * - The co-porters (members of a confirmed association of the consortium) read all of it;
 *   any of them writes the consortium's part of the evaluation while it is open (or the
 *   sections the staff reopened); each association's référent — and no one else — signs
 *   for it and answers its own part; the lead's référent sends the evaluation and sets how the
 *   grant is split between the associations, while the agreement is not yet signed.
 * - The staff of the call's funder read all of it, sign for the funder, manage the
 *   agreement and the payments, and review the evaluation.
 * - Nobody else knows of it (jurors, supporters, the platform admin, other associations), and
 *   nobody before the call is decided: until then a decision is provisional
 *   (decision-disclosure.ts), with no agreement to draw up nor follow-up to read.
 *
 * Whether a step is possible from a status is the lifecycle tables' answer
 * (app/domain/follow-up/lifecycles.ts, app/domain/applications/lifecycle.ts).
 */
import type { ConsortiumRow } from '#app/domain/applications/consortium-of.ts'
import { decisionsDisclosed } from '#app/domain/applications/decision-disclosure.ts'
import { evaluationReportTransitions } from '#app/domain/follow-up/lifecycles.ts'
import { canFire } from '#app/domain/lifecycle/transitions.ts'
import { ALLOWED, type Decision, funderIdsOf, membershipIn, type PolicyUser, refuse } from './decision.ts'

export type FollowUpAction =
	/** The agreement, the tranches and the evaluation's pages. */
	| 'read-follow-up'
	/** Sign the agreement for `organizationId` (an association's référent), or for the funder (organizationId null: its staff). */
	| 'sign-agreement'
	/** Generate, revise or cancel the agreement; record payments; open the evaluation (the funder's staff). */
	| 'manage-follow-up'
	/** The consortium's part of the evaluation (`section`). */
	| 'edit-consortium-part'
	/** `organizationId`'s own part of the evaluation: its référent only. */
	| 'edit-association-part'
	| 'submit-evaluation'
	/** Approve or ask for changes on named sections. */
	| 'review-evaluation'
	/** How the grant is split between the associations (the lead's référent), until the agreement is signed. */
	| 'set-grant-split'

/** A retained dossier is followed from its decision (selected) to its close. */
export const FOLLOWED_STATUSES = ['selected', 'agreement_signed', 'in_progress', 'evaluation_due', 'evaluated', 'closed'] as const

/** A dossier has a follow-up once retained and its call's decisions final (followUpApplicationsWhere in SQL). */
export function isFollowed(applicationStatus: string, callStatus: string): boolean {
	return (FOLLOWED_STATUSES as readonly string[]).includes(applicationStatus) && decisionsDisclosed(callStatus)
}

export type FollowUpResource = {
	kind: 'follow-up'
	applicationStatus: string
	/** The call's status: the follow-up exists once its decisions are final. */
	callStatus: string
	funderId: string
	/** The consortium rows (only confirmed associations take part in the follow-up). */
	members: readonly Pick<ConsortiumRow, 'organizationId' | 'role' | 'status'>[]
	/** For 'sign-agreement' and 'edit-association-part': the association concerned (null: the funder). */
	organizationId?: string | null
	/** For the evaluation's actions: the report's status and the sections the staff reopened. */
	reportStatus?: string | null
	reopenedSections?: readonly string[]
	/** For 'edit-consortium-part' and 'edit-association-part': the section written ('association:<id>' for a part). */
	section?: string
	/** The agreement's status, null before it is drawn up ('set-grant-split': unknown is refused). */
	agreementStatus?: string | null
}

export function canOnFollowUp(user: PolicyUser, action: FollowUpAction, resource: FollowUpResource): Decision {
	if (!isFollowed(resource.applicationStatus, resource.callStatus)) return refuse('not-visible')
	const staff = funderIdsOf(user).includes(resource.funderId)
	const mine = resource.members.filter((m) => m.status === 'confirmed' && m.organizationId !== null && membershipIn(user, m.organizationId))
	if (!staff && mine.length === 0) return refuse('not-visible')

	switch (action) {
		case 'read-follow-up':
			return ALLOWED
		case 'manage-follow-up':
		case 'review-evaluation':
			return staff ? ALLOWED : refuse('not-staff')
		case 'sign-agreement': {
			// The funder signs with an explicit null: a caller that forgot the association is not taken for the funder.
			if (resource.organizationId === undefined) return refuse('not-visible')
			if (resource.organizationId === null) return staff ? ALLOWED : refuse('not-staff')
			const row = mine.find((m) => m.organizationId === resource.organizationId)
			if (!row) return refuse('not-member')
			return membershipIn(user, row.organizationId)?.role === 'referent' ? ALLOWED : refuse('not-referent')
		}
		case 'submit-evaluation': {
			const lead = mine.find((m) => m.role === 'lead')
			if (!lead) return refuse('not-lead')
			if (membershipIn(user, lead.organizationId)?.role !== 'referent') return refuse('not-referent')
			return resource.applicationStatus === 'evaluation_due' && canFire(evaluationReportTransitions.submit, resource.reportStatus ?? '') ? ALLOWED : refuse('status')
		}
		case 'set-grant-split': {
			const lead = mine.find((m) => m.role === 'lead')
			if (!lead) return refuse('not-lead')
			if (membershipIn(user, lead.organizationId)?.role !== 'referent') return refuse('not-referent')
			// Before the agreement, or while it awaits signatures (the funder then issues a new version); never once signed.
			const agreementOpen = resource.agreementStatus === null || resource.agreementStatus === 'awaiting_signatures'
			return resource.applicationStatus === 'selected' && agreementOpen ? ALLOWED : refuse('status')
		}
		case 'edit-consortium-part':
		case 'edit-association-part': {
			if (mine.length === 0) return refuse('not-member')
			if (action === 'edit-association-part') {
				const row = mine.find((m) => m.organizationId === resource.organizationId)
				if (!row) return refuse('not-member')
				if (membershipIn(user, row.organizationId)?.role !== 'referent') return refuse('not-referent')
			}
			if (resource.applicationStatus !== 'evaluation_due') return refuse('status')
			if (resource.reportStatus === 'open') return ALLOWED
			// After a request for changes, only the sections named reopen.
			if (resource.reportStatus === 'changes_requested' && resource.section && resource.reopenedSections?.includes(resource.section)) return ALLOWED
			return refuse('read-only')
		}
	}
}
