/**
 * The server helpers of the policy: the person as the policy reads them, and the call of a
 * funder's staff member loaded with its ownership in the WHERE.
 */
import { and, eq, exists, or, sql } from 'drizzle-orm'
import { notFound } from '#app/auth/permissions.server.ts'
import { callDataVersionOf } from '#app/domain/calls/data-version.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { preparedOnce } from '#db/prepared.server.ts'
import { applications, calls, jurors, memberships, organizations, users } from '#db/schema/index.ts'
import { funderIdsOf, type PolicyUser } from './decision.ts'
import type { DeliberationResource } from './deliberation.ts'
import { jurorFactsOf, personParameters, seatedJurorsWhere, seatedJurorsWhereByParameters, staffCallsWhere, staffCallsWhereByParameters } from './visibility.server.ts'

/**
 * The person as the policy reads them. A page passes the CurrentUser it loaded once
 * (no query); a caller that only has an id (a job, the seed, a test) has it read here.
 */
export async function policyUserOf(executor: Executor, actor: { id: string } | PolicyUser): Promise<PolicyUser> {
	if ('memberships' in actor && 'jurorCallIds' in actor && 'isPlatformAdmin' in actor) return actor
	const [[user], rows, juryRows] = await Promise.all([
		executor.select({ platformRole: users.platformRole }).from(users).where(eq(users.id, actor.id)),
		executor
			.select({ organizationId: memberships.organizationId, kind: organizations.kind, role: memberships.role })
			.from(memberships)
			.innerJoin(organizations, eq(organizations.id, memberships.organizationId))
			.where(eq(memberships.userId, actor.id)),
		// Only a seat on the jury counts: an invited, declined or removed juror sees nothing.
		executor.select({ callId: jurors.callId }).from(jurors).where(and(eq(jurors.userId, actor.id), eq(jurors.status, 'active'))),
	])
	return { id: actor.id, isPlatformAdmin: user?.platformRole === 'admin', memberships: rows, jurorCallIds: juryRows.map((r) => r.callId) }
}

export const CALL_NOT_VISIBLE = 'Cet appel à projets n’existe pas ou ne relève pas de votre financeur.'

/**
 * The call with its funder's name, loaded only if it belongs to one of the person's
 * funders (staffCallsWhere in the WHERE); null otherwise. `lock` takes the row lock the
 * caller's transaction needs: 'update' to change the call, 'share' to keep it from moving
 * (e.g. entering the jury) while a decision on one of its applications is recorded.
 */
export async function findCallForStaff(executor: Executor, user: PolicyUser, callId: string, lock?: 'update' | 'share') {
	if (funderIdsOf(user).length === 0) return null
	// Outside a transaction, a page's read: the statement built once (db/prepared.server.ts).
	if (!lock && executor === db) {
		const [row] = await callForStaffStatement().execute({ callId, ...personParameters(user) })
		return row ?? null
	}
	let query = executor
		.select({ call: calls, funderName: organizations.name, dataVersion: callDataVersionColumn })
		.from(calls)
		.innerJoin(organizations, eq(organizations.id, calls.funderId))
		.where(and(eq(calls.id, callId), staffCallsWhere(user)))
		.$dynamic()
	if (lock) query = query.for(lock, { of: calls })
	const [row] = await query
	return row ?? null
}

/** The call's data version (decision 032), read with the call. */
const callDataVersionColumn = callDataVersionOf(calls.id)

const callForStaffStatement = () =>
	preparedOnce('call_for_staff', (connection) =>
		connection
			.select({ call: calls, funderName: organizations.name, dataVersion: callDataVersionColumn })
			.from(calls)
			.innerJoin(organizations, eq(organizations.id, calls.funderId))
			.where(and(eq(calls.id, sql.placeholder('callId')), staffCallsWhereByParameters()))
			.prepare('call_for_staff'),
	)

/** The same, or a 404: another funder's call is not the person's to know of. */
export async function requireCallForStaff(executor: Executor, user: PolicyUser, callId: string, lock?: 'update' | 'share') {
	const row = await findCallForStaff(executor, user, callId, lock)
	if (!row) notFound(CALL_NOT_VISIBLE)
	return row
}

/**
 * The `jurorAssignment` of an application resource for 'review': null unless the viewer
 * holds a seat on its jury and the dossier is assigned to them; `inConflict` when a
 * conflict of interest (open or confirmed) keeps them away. One statement.
 */
export async function jurorAssignmentOf(executor: Executor, user: PolicyUser, applicationId: string): Promise<{ inConflict: boolean } | null> {
	if (user.jurorCallIds.length === 0) return null
	const facts = jurorFactsOf(user)
	const [row] = await executor
		.select({ assigned: sql<boolean>`${facts.assigned}`, inConflict: sql<boolean>`${facts.inConflict}` })
		.from(applications)
		.where(eq(applications.id, applicationId))
	return row?.assigned ? { inConflict: row.inConflict } : null
}

/**
 * A call as the deliberation's pages load it (issue 9): for its funder's staff, or for the
 * seated chair of its jury; null for anyone else. With the facts the policy's
 * 'deliberation' resource needs, and the viewer's seat (to leave out the dossiers a chair is
 * in conflict with). `lock` as in findCallForStaff: 'update' for a decision, whose envelope
 * check reads the retained total under it.
 */
export async function findCallForDeliberation(executor: Executor, user: PolicyUser, callId: string, lock?: 'update' | 'share') {
	const row = !lock && executor === db ? (await callForDeliberationStatement().execute({ callId, ...personParameters(user) }))[0] : await callForDeliberationQuery(executor, user, callId, lock)
	if (!row) return null
	const resource: DeliberationResource = {
		kind: 'deliberation',
		callId: row.call.id,
		funderId: row.call.funderId,
		status: row.call.status,
		viewerIsChair: row.chairSeatId !== null,
	}
	return { call: row.call, funderName: row.funderName, resource, chairSeatId: row.chairSeatId, isStaff: funderIdsOf(user).includes(row.call.funderId) }
}

/** The statement built for this person (inside a transaction, or with a lock). */
async function callForDeliberationQuery(executor: Executor, user: PolicyUser, callId: string, lock?: 'update' | 'share') {
	const chairSeat = executor
		.select({ id: jurors.id })
		.from(jurors)
		.where(and(eq(jurors.callId, calls.id), eq(jurors.isChair, true), seatedJurorsWhere(user)))
	let query = executor
		.select({ call: calls, funderName: organizations.name, chairSeatId: sql<string | null>`(${chairSeat})` })
		.from(calls)
		.innerJoin(organizations, eq(organizations.id, calls.funderId))
		.where(and(eq(calls.id, callId), or(staffCallsWhere(user), exists(chairSeat))))
		.$dynamic()
	if (lock) query = query.for(lock, { of: calls })
	const [row] = await query
	return row
}

/** The same, built once, for a page's read outside a transaction. */
const callForDeliberationStatement = () =>
	preparedOnce('call_for_deliberation', (connection) => {
		const chairSeat = connection
			.select({ id: jurors.id })
			.from(jurors)
			.where(and(eq(jurors.callId, calls.id), eq(jurors.isChair, true), seatedJurorsWhereByParameters()))
		return connection
			.select({ call: calls, funderName: organizations.name, chairSeatId: sql<string | null>`(${chairSeat})` })
			.from(calls)
			.innerJoin(organizations, eq(organizations.id, calls.funderId))
			.where(and(eq(calls.id, sql.placeholder('callId')), or(staffCallsWhereByParameters(), exists(chairSeat))))
			.prepare('call_for_deliberation')
	})

/** The same, or a 404. */
export async function requireCallForDeliberation(executor: Executor, user: PolicyUser, callId: string, lock?: 'update' | 'share') {
	const row = await findCallForDeliberation(executor, user, callId, lock)
	if (!row) notFound(CALL_NOT_VISIBLE)
	return row
}
