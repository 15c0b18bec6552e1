/**
 * Applications (DESIGN.md, "Roles"). Who does what on one dossier, from its facts: its
 * status, its call (funder, status, deadline) and its consortium rows.
 *
 * - A member of an association of the consortium (the lead, or a partner invited or
 *   confirmed) reads it; any member of the lead edits it while it can be submitted (or
 *   the section the funder reopened); the lead's référent submits and withdraws it; each
 *   association's référent answers for it.
 * - The staff of the call's funder read it once submitted and decide its admissibility.
 * - A juror seated on the call's jury reads only the dossiers assigned to them and not in
 *   conflict (a conflict open or confirmed in jury_conflicts).
 * - The platform admin and the supporters' staff do not read dossiers (the supporter the
 *   consortium names reads its summary to give an opinion: supporters.ts).
 *
 * Whether a step is possible from the status is the lifecycle table's answer
 * (app/domain/applications/lifecycle.ts); the policy asks it, the route does not.
 */
import { readsTheDossier, type ConsortiumRow } from '#app/domain/applications/consortium-of.ts'
import { decisionsDisclosed } from '#app/domain/applications/decision-disclosure.ts'
import { canDecideAdmissibility } from '#app/domain/applications/instruction.ts'
import { applicationTransitions, canWithdraw } from '#app/domain/applications/lifecycle.ts'
import { deadlinePassed, isEditable } from '#app/domain/applications/rules.ts'
import { JURY_APPLICATION_STATUSES } from '#app/domain/jury/conflicts.ts'
import { canFire } from '#app/domain/lifecycle/transitions.ts'
import { ALLOWED, type Decision, funderIdsOf, membershipIn, type PolicyUser, refuse } from './decision.ts'

export type ApplicationAction =
	/** The consortium's pages of the dossier. */
	| 'read'
	/** Its sections, partners and pieces (the lead). */
	| 'edit'
	/** Answer the funder's requests for supplements (the lead). */
	| 'send-supplement'
	| 'submit'
	| 'withdraw'
	/** Confirm, decline or withdraw an association's engagement (its référent). */
	| 'answer'
	/** Confirm the engagement of the association answered for (its référent, while the dossier is a draft and the invitation runs). */
	| 'confirm-engagement'
	/** A partner's référent declines the invitation (draft) or withdraws the confirmed engagement (until the dossier is withdrawn). */
	| 'decline-engagement'
	/** Give or remove a piece of a slot (the lead any; a partner its own association's 'each' pieces). */
	| 'give-piece'
	/** The funder's pages of the dossier: read, files, messages. */
	| 'instruct'
	| 'decide-admissibility'
	/** A juror reads and scores it (issue 8). */
	| 'review'
	/** The lead's référent gives up a retained grant (issue 9): the amount goes back to the envelope. */
	| 'renounce'

type EngagementRow = ConsortiumRow & { invitationExpiresAt?: Date | null }

export type ApplicationResource<M extends EngagementRow = EngagementRow> = {
	kind: 'application'
	status: string
	callId: string
	/** The call's funder and status: needed by the funder's actions. */
	funderId?: string
	callStatus?: string
	/** Needed by 'withdraw': a submitted dossier is withdrawn before the deadline only. */
	deadlineAt?: Date | null
	now?: Date
	/** The consortium rows: all of them, or at least the ones of the viewer's associations. */
	members?: readonly M[]
	/** For 'answer': the association the viewer answers for (default: their main one in the consortium). */
	organizationId?: string
	/** For 'edit': the funder reopened this part of a submitted dossier (dossier-messages). */
	reopened?: boolean
	/** For 'give-piece': the slot (which association gives it, and whether it is the lead's piece or each association's). */
	slot?: { givenBy: 'lead' | 'each'; organizationId: string }
	/**
	 * For 'review': the viewer's jury assignment to this dossier, if any, and whether a
	 * conflict of interest (jury_conflicts, open or confirmed) keeps them away from it
	 * (jurorAssignmentOf in load.server.ts loads both).
	 */
	jurorAssignment?: { inConflict: boolean } | null
	/** For 'review' without an assignment: a conflict recorded all the same. */
	inConflict?: boolean
}

/**
 * The viewer's rows in the consortium, main one first: the lead's if they belong to it,
 * else one they are référent of (a person may be référent of two associations of one
 * consortium and act for each).
 */
export function viewerRows<M extends EngagementRow>(user: PolicyUser, members: readonly M[]): { member: M; isReferent: boolean }[] {
	const rows = members
		.filter((m) => readsTheDossier(m) && membershipIn(user, m.organizationId))
		.map((member) => ({ member, isReferent: membershipIn(user, member.organizationId)?.role === 'referent' }))
	const main = rows.find((r) => r.member.role === 'lead') ?? rows.find((r) => r.isReferent) ?? rows[0]
	return main ? [main, ...rows.filter((r) => r !== main)] : []
}

export function canOnApplication(user: PolicyUser, action: ApplicationAction, application: ApplicationResource): Decision {
	if (action === 'instruct' || action === 'decide-admissibility') {
		const staff = application.funderId !== undefined && funderIdsOf(user).includes(application.funderId)
		// A draft belongs to the consortium until submitted: not the funder's to know of.
		if (!staff || application.status === 'draft') return refuse('not-visible')
		if (action === 'instruct') return ALLOWED
		return application.callStatus !== undefined && canDecideAdmissibility(application.status, application.callStatus) ? ALLOWED : refuse('status')
	}
	if (action === 'review') return jurorDecision(user, application)

	const rows = viewerRows(user, application.members ?? [])
	if (rows.length === 0) return refuse('not-visible')
	if (action === 'read') return ALLOWED
	if (action === 'answer' || action === 'confirm-engagement' || action === 'decline-engagement') {
		const chosen = application.organizationId ? rows.find((r) => r.member.organizationId === application.organizationId) : rows[0]
		if (!chosen) return refuse('not-visible')
		if (!chosen.isReferent) return refuse('not-referent')
		if (action === 'answer') return ALLOWED
		const { member } = chosen
		const editable = isEditable(application.status)
		if (action === 'confirm-engagement') {
			if (!editable) return refuse('read-only')
			const now = application.now ?? new Date()
			const expired = member.role === 'co_carrier' && !!member.invitationExpiresAt && member.invitationExpiresAt.getTime() <= now.getTime()
			return member.status === 'invited' && !expired ? ALLOWED : refuse('status')
		}
		if (member.role !== 'co_carrier' || application.status === 'withdrawn') return refuse('status')
		return member.status === 'confirmed' || (member.status === 'invited' && editable) ? ALLOWED : refuse('status')
	}
	const lead = rows.find((r) => r.member.role === 'lead')
	if (action === 'give-piece') {
		if (lead) return ALLOWED
		const slot = application.slot
		// A partner gives its own association's pieces, invited or confirmed (tests/integration/application-files.test.ts).
		return slot?.givenBy === 'each' && membershipIn(user, slot.organizationId) ? ALLOWED : refuse('not-lead')
	}
	if (!lead) return refuse('not-lead')
	switch (action) {
		case 'edit':
			return isEditable(application.status) || application.reopened === true ? ALLOWED : refuse('read-only')
		case 'send-supplement':
			return ALLOWED
		case 'submit':
			if (!lead.isReferent) return refuse('not-referent')
			return canFire(applicationTransitions.submit, application.status) ? ALLOWED : refuse('status')
		case 'renounce':
			if (!lead.isReferent) return refuse('not-referent')
			// A decision is final only once the deliberation is closed (decision-disclosure.ts).
			return canFire(applicationTransitions.renounce, application.status) && decisionsDisclosed(application.callStatus ?? '') ? ALLOWED : refuse('status')
		case 'withdraw': {
			if (!lead.isReferent) return refuse('not-referent')
			const passed = deadlinePassed(application.deadlineAt ?? null, application.now ?? new Date())
			if (canWithdraw(application.status, passed)) return ALLOWED
			return canWithdraw(application.status, false) ? refuse('deadline-passed') : refuse('status')
		}
	}
}

/**
 * The juror's branch: a juror seated on the call's jury reads a dossier the jury judges
 * (recevable, or decided after the jury: JURY_APPLICATION_STATUSES) once it
 * is assigned to them (jury_assignments) and no conflict of interest keeps them away
 * (jury_conflicts open or confirmed: 'conflict', whether assigned or not); unassigned they
 * are refused ('not-assigned'); anyone else does not know of it.
 */
function jurorDecision(user: PolicyUser, application: ApplicationResource): Decision {
	if (!user.jurorCallIds.includes(application.callId) || !(JURY_APPLICATION_STATUSES as readonly string[]).includes(application.status)) return refuse('not-visible')
	const assignment = application.jurorAssignment
	if (assignment?.inConflict === true || application.inConflict === true) return refuse('conflict')
	if (!assignment) return refuse('not-assigned')
	return ALLOWED
}
