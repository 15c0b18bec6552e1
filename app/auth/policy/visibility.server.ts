/**
 * The SQL side of the policy: the WHERE conditions that list what a person may see, built
 * from the same CurrentUser as `can` (no query of their own). Loaders put them in the
 * WHERE of the query that loads the rows, so a forgotten check cannot leak a row; then
 * they ask `can` for the action. Each role is one named branch; the visible set is their
 * union, and `policy.test.ts` / tests/integration/visibility.test.ts pin each branch.
 */
import { and, eq, exists, inArray, ne, not, notInArray, or, sql, type SQL } from 'drizzle-orm'
import { BLOCKING_CONFLICT_STATUSES, JURY_APPLICATION_STATUSES } from '#app/domain/jury/conflicts.ts'
import { HIDDEN_FROM_SUPPORTERS } from '#app/domain/supporters/opinions.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers, applications, calls, juryAssignments, juryConflicts, jurors, memberships, organizations } from '#db/schema/index.ts'
import { funderIdsOf, organizationIdsOf, type PolicyUser } from './decision.ts'
import { DECISIONS_DISCLOSED_AT } from '#app/domain/applications/decision-disclosure.ts'
import { FOLLOWED_STATUSES } from './follow-up.ts'

const NOTHING: SQL = sql`false`

/**
 * The consortium rows through which this person reads a dossier: a row of one of their
 * associations that is the lead, or a partner invited or confirmed (readsTheDossier).
 * A condition on application_members.
 */
export function consortiumRowsWhere(user: PolicyUser): SQL {
	const organizationIds = organizationIdsOf(user)
	if (organizationIds.length === 0) return NOTHING
	return and(
		inArray(applicationMembers.organizationId, organizationIds),
		or(eq(applicationMembers.role, 'lead'), inArray(applicationMembers.status, ['invited', 'confirmed'])),
	)!
}

/** Applications of which one of the person's associations is in the consortium (consortium members, référents). */
export function consortiumApplicationsWhere(user: PolicyUser): SQL {
	if (organizationIdsOf(user).length === 0) return NOTHING
	return hasConsortiumRow(consortiumRowsWhere(user))
}

/** The application has a consortium row meeting `rows` (consortiumRowsWhere, for the person or by parameters). */
function hasConsortiumRow(rows: SQL): SQL {
	return exists(db.select({ one: sql`1` }).from(applicationMembers).where(and(eq(applicationMembers.applicationId, applications.id), rows)))
}

/** The calls of the person's funders (funder staff). A condition on calls. */
export function staffCallsWhere(user: PolicyUser): SQL {
	const funderIds = funderIdsOf(user)
	return funderIds.length === 0 ? NOTHING : inArray(calls.funderId, funderIds)
}

/** Submitted (not draft) applications to a call of the person's funders (funder staff). */
export function funderApplicationsWhere(user: PolicyUser): SQL {
	return funderIdsOf(user).length === 0 ? NOTHING : submittedToCallsWhere(staffCallsWhere(user))
}

/** Submitted applications to the calls that `funderCalls` (a condition on calls) names. */
function submittedToCallsWhere(funderCalls: SQL): SQL {
	return and(ne(applications.status, 'draft'), inArray(applications.callId, db.select({ id: calls.id }).from(calls).where(funderCalls)))!
}

/**
 * A conflict of interest keeps the juror (jury_assignments.juror_id or jurors.id given)
 * away from the application while it is open or confirmed; only a dismissal lifts it.
 */
function conflictBetween(jurorId: SQL | typeof jurors.id): SQL {
	return exists(
		db
			.select({ one: sql`1` })
			.from(juryConflicts)
			.where(
				and(
					eq(juryConflicts.jurorId, jurorId),
					eq(juryConflicts.applicationId, applications.id),
					inArray(juryConflicts.status, BLOCKING_CONFLICT_STATUSES),
				),
			),
	)
}

/**
 * The juror's branch: the applications the jury judges (recevable, or decided after the
 * jury: JURY_APPLICATION_STATUSES; not a dossier only submitted, declared inadmissible or
 * withdrawn) of a call they sit on (status active) that are assigned to them, with no
 * conflict of interest open or confirmed between them. Nothing until an assignment exists.
 */
export function jurorApplicationsWhere(user: PolicyUser): SQL {
	return user.jurorCallIds.length === 0 ? NOTHING : judgedApplicationsWhere(inArray(applications.callId, user.jurorCallIds), seatedJurorsWhere(user))
}

/** The juror's branch, given the calls they sit on (a condition on applications) and their seat (a condition on jurors). */
function judgedApplicationsWhere(jurorCalls: SQL, seat: SQL): SQL {
	return and(
		inArray(applications.status, JURY_APPLICATION_STATUSES),
		jurorCalls,
		exists(
			db
				.select({ one: sql`1` })
				.from(juryAssignments)
				.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
				.where(and(eq(juryAssignments.applicationId, applications.id), seat, not(conflictBetween(jurors.id)))),
		),
	)!
}

/**
 * For 'review' on one application (a condition on applications): the viewer's seat on its
 * jury, whether it is assigned to them and whether a conflict keeps them away.
 */
export function jurorFactsOf(user: PolicyUser) {
	return jurorFactsFor(seatedJurorsWhere(user))
}

/** The juror's facts, given their seat (a condition on jurors). */
function jurorFactsFor(seat: SQL) {
	return {
		assigned: exists(
			db
				.select({ one: sql`1` })
				.from(juryAssignments)
				.innerJoin(jurors, eq(jurors.id, juryAssignments.jurorId))
				.where(and(eq(juryAssignments.applicationId, applications.id), seat)),
		),
		inConflict: exists(
			db
				.select({ one: sql`1` })
				.from(jurors)
				.where(and(eq(jurors.callId, applications.callId), seat, conflictBetween(jurors.id))),
		),
	}
}

/**
 * The jury seats this person holds (status active): a condition on jurors, e.g. "the chair
 * of this call's jury is the viewer". Invited, declined and removed jurors hold no seat.
 */
export function seatedJurorsWhere(user: PolicyUser): SQL {
	return and(eq(jurors.userId, user.id), eq(jurors.status, 'active'))!
}

/**
 * staffCallsWhere and seatedJurorsWhere with the person as parameters, for the statements that
 * load a call on every page and are prepared once (load.server.ts): `funderIds` and `userId`,
 * given by personParameters.
 */
export const staffCallsWhereByParameters = (): SQL => sql`${calls.funderId} = any(${sql.placeholder('funderIds')}::text[])`
export const seatedJurorsWhereByParameters = (): SQL => and(eq(jurors.userId, sql.placeholder('userId')), eq(jurors.status, 'active'))!
export const personParameters = (user: PolicyUser) => ({ funderIds: funderIdsOf(user), userId: user.id })
/** consortiumRowsWhere with the person's associations as a parameter (an empty list matches nothing). */
export const consortiumRowsWhereByParameters = (): SQL =>
	and(
		sql`${applicationMembers.organizationId} = any(${sql.placeholder('organizationIds')}::text[])`,
		or(eq(applicationMembers.role, 'lead'), inArray(applicationMembers.status, ['invited', 'confirmed'])),
	)!
export const consortiumParameters = (user: PolicyUser) => ({ organizationIds: organizationIdsOf(user) })

/** jurorApplicationsWhere and jurorFactsOf with the person as parameters: `jurorCallIds` and `userId`, given by jurorParameters. */
export const jurorApplicationsWhereByParameters = (): SQL =>
	judgedApplicationsWhere(sql`${applications.callId} = any(${sql.placeholder('jurorCallIds')}::text[])`, seatedJurorsWhereByParameters())
export const jurorFactsByParameters = () => jurorFactsFor(seatedJurorsWhereByParameters())
export const jurorParameters = (user: PolicyUser) => ({ jurorCallIds: user.jurorCallIds, userId: user.id })

/**
 * Which applications of one call a viewer reads a dossier of, in the form a statement prepared
 * once takes (read-model.server.ts): the clause with parameters, and their values for this
 * person. The same conditions as funderApplicationsWhere and jurorApplicationsWhere, built by the same functions.
 */
export type PreparedVisibility = { name: string; clause: () => SQL; parameters: Record<string, unknown> }

export function funderDossierVisibility(user: PolicyUser, callId: string): PreparedVisibility {
	return {
		name: 'funder',
		clause: () => and(eq(applications.callId, sql.placeholder('callId')), submittedToCallsWhere(staffCallsWhereByParameters()))!,
		parameters: { callId, funderIds: funderIdsOf(user) },
	}
}

/** The consortium's side (consortiumApplicationsWhere): an association of the person in the consortium. */
export function consortiumDossierVisibility(user: PolicyUser): PreparedVisibility {
	return {
		name: 'consortium',
		clause: () => hasConsortiumRow(consortiumRowsWhereByParameters()),
		parameters: consortiumParameters(user),
	}
}

export function jurorDossierVisibility(user: PolicyUser, callId: string): PreparedVisibility {
	return {
		name: 'juror',
		clause: () => and(eq(applications.callId, sql.placeholder('callId')), jurorApplicationsWhereByParameters())!,
		parameters: { callId, ...jurorParameters(user) },
	}
}

/** This person's own memberships, of any organisation and role (their personal data: the export, the erasure). */
export function ownMembershipsWhere(user: Pick<PolicyUser, 'id'>): SQL {
	return eq(memberships.userId, user.id)
}

/** This person's own rows in the jurors table, whatever their status (to answer an invitation, to decline). */
export function ownJurorRowsWhere(user: Pick<PolicyUser, 'id'>): SQL {
	return eq(jurors.userId, user.id)
}

/**
 * The supporter's branch (issue 8): applications whose consortium named one of the
 * person's supporter structures as its accompanying structure, submitted onwards. Only for
 * the supporter's pages (the opinion): a supporter reads the dossier's summary there, never
 * the dossier itself, so this branch is not part of visibleApplicationsWhere.
 */
export function supporterApplicationsWhere(user: PolicyUser): SQL {
	const supporterIds = user.memberships.filter((m) => m.kind === 'supporter').map((m) => m.organizationId)
	if (supporterIds.length === 0) return NOTHING
	return and(inArray(applications.supporterOrganizationId, supporterIds), notInArray(applications.status, [...HIDDEN_FROM_SUPPORTERS]))!
}

/**
 * Every application this person may see, whatever the page: the union of the branches.
 * The platform admin and the supporters' staff have no branch: they see no dossier (as
 * the authorization matrix says).
 */
export function visibleApplicationsWhere(user: PolicyUser): SQL {
	return or(consortiumApplicationsWhere(user), funderApplicationsWhere(user), jurorApplicationsWhere(user))!
}

/** Calls: published ones (any state but draft) for everyone, and every call of the person's funders. */
export function visibleCallsWhere(user: PolicyUser | null): SQL {
	const published = ne(calls.status, 'draft')
	return user ? or(published, staffCallsWhere(user))! : published
}

/** Organisations whose page the person opens: their own, every one for the platform admin. */
export function visibleOrganizationsWhere(user: PolicyUser): SQL {
	if (user.isPlatformAdmin) return sql`true`
	const organizationIds = organizationIdsOf(user)
	return organizationIds.length === 0 ? NOTHING : inArray(organizations.id, organizationIds)
}

/**
 * The deliberation (issue 9): the dossiers none of the viewer's jury seats is in conflict
 * with (open or confirmed). A chair in conflict with a dossier sees nothing of it, not even
 * through the calibration of the others, so the read model leaves it out before computing
 * anything. A condition on applications; always true for a viewer without a seat.
 */
export function notInViewersConflictsWhere(user: PolicyUser): SQL {
	if (user.jurorCallIds.length === 0) return sql`true`
	return not(jurorFactsOf(user).inConflict)
}

/**
 * The follow-up (issue 10): retained dossiers (selected onwards) of a decided call, of which
 * one of the person's associations is a confirmed co-porter, or of a call of the person's funders.
 */
export function followUpApplicationsWhere(user: PolicyUser): SQL {
	const organizationIds = organizationIdsOf(user)
	const coPorter = organizationIds.length === 0 ? NOTHING : confirmedCoPorterWhere(inArray(applicationMembers.organizationId, organizationIds))
	return followedWhere(coPorter, funderApplicationsWhere(user))
}

/** The same, the person's associations and funders as parameters (consortiumParameters, personParameters). */
export const followUpApplicationsWhereByParameters = (): SQL =>
	followedWhere(
		confirmedCoPorterWhere(sql`${applicationMembers.organizationId} = any(${sql.placeholder('organizationIds')}::text[])`),
		submittedToCallsWhere(staffCallsWhereByParameters()),
	)

function confirmedCoPorterWhere(ofThePerson: SQL): SQL {
	return exists(
		db
			.select({ one: sql`1` })
			.from(applicationMembers)
			.where(and(eq(applicationMembers.applicationId, applications.id), ofThePerson, eq(applicationMembers.status, 'confirmed'))),
	)
}

function followedWhere(coPorter: SQL, funder: SQL): SQL {
	// Only once the call is decided: a decision taken during the deliberation is provisional.
	const decided = inArray(applications.callId, db.select({ id: calls.id }).from(calls).where(inArray(calls.status, [...DECISIONS_DISCLOSED_AT])))
	return and(inArray(applications.status, [...FOLLOWED_STATUSES]), decided, or(coPorter, funder))!
}
