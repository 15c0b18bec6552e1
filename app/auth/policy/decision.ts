/**
 * What the policy answers, and the part of the signed-in user it reads. Plain module: the
 * decisions are pure, so they are unit-tested role by role without a database.
 */
import type { CurrentUser } from '#app/auth/permissions.server.ts'

/** Why an action is refused. 'not-visible' means the row is not the user's to know of (the page answers 404). */
export type RefusalReason =
	| 'not-visible'
	| 'not-member'
	| 'not-referent'
	| 'not-lead'
	| 'not-staff'
	| 'not-assigned'
	/** A conflict of interest (open or confirmed) keeps this juror away from the dossier. */
	| 'conflict'
	| 'read-only'
	| 'status'
	| 'deadline-passed'

export type Decision = { allowed: true } | { allowed: false; reason: RefusalReason }

export const ALLOWED: Decision = { allowed: true }
export const refuse = (reason: RefusalReason): Decision => ({ allowed: false, reason })

/** The facts about a person the policy decides on: the CurrentUser loaded once per page satisfies it. */
export type PolicyUser = Pick<CurrentUser, 'id' | 'isPlatformAdmin' | 'jurorCallIds'> & {
	memberships: Pick<CurrentUser['memberships'][number], 'organizationId' | 'kind' | 'role'>[]
}

/** The funders this person works for (any membership of a funder organisation). */
export function funderIdsOf(user: PolicyUser): string[] {
	return user.memberships.filter((m) => m.kind === 'funder').map((m) => m.organizationId)
}

/** The organisations this person belongs to, of any kind. */
export function organizationIdsOf(user: PolicyUser): string[] {
	return user.memberships.map((m) => m.organizationId)
}

export function membershipIn(user: PolicyUser, organizationId: string | null) {
	return organizationId === null ? undefined : user.memberships.find((m) => m.organizationId === organizationId)
}

/** The decision is a refusal for this reason (e.g. 403 on 'not-lead', while a status refusal gets the domain's own message). */
export function refusedFor(decision: Decision, reason: RefusalReason): boolean {
	return !decision.allowed && decision.reason === reason
}
