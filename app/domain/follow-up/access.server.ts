/**
 * A retained dossier as the follow-up's pages load it (issue 10): loaded WITH the policy's
 * clause (followUpApplicationsWhere) in the WHERE, then read through `can`; null for anyone
 * who may not know of it (the caller answers 404). One statement for the application, its
 * call's follow-up settings, its consortium, its agreement and its evaluation report.
 */
import { and, asc, eq, sql, type Placeholder, type SQL } from 'drizzle-orm'
import { can, isFollowed, type FollowUpAction, type FollowUpResource, type PolicyUser } from '#app/auth/policy/index.ts'
import { notFound } from '#app/auth/permissions.server.ts'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { consortiumParameters, followUpApplicationsWhere, followUpApplicationsWhereByParameters, personParameters } from '#app/auth/policy/visibility.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { preparedOnce } from '#db/prepared.server.ts'
import { agreements, applicationMembers, applications, calls, evaluationReports, memberships, organizations, users } from '#db/schema/index.ts'

function followUpQuery(executor: Executor, applicationId: string | Placeholder, where: SQL) {
	return executor
		.select({
			application: applications,
			call: {
				id: calls.id,
				title: calls.title,
				funderId: calls.funderId,
				status: calls.status,
				tranchePlan: calls.tranchePlan,
				reportGapThresholdPercent: calls.reportGapThresholdPercent,
				projectStartsOn: calls.projectStartsOn,
				projectEndsOn: calls.projectEndsOn,
				evaluationDueOn: calls.evaluationDueOn,
			},
			funderName: organizations.name,
			funderSiret: organizations.siret,
			agreement: agreements,
			report: evaluationReports,
		})
		.from(applications)
		.innerJoin(calls, eq(calls.id, applications.callId))
		.innerJoin(organizations, eq(organizations.id, calls.funderId))
		.leftJoin(agreements, eq(agreements.applicationId, applications.id))
		.leftJoin(evaluationReports, eq(evaluationReports.applicationId, applications.id))
		.where(and(eq(applications.id, applicationId), where))
		.$dynamic()
}

const lockedIf = (query: ReturnType<typeof followUpQuery>, lock: 'update' | 'share' | undefined) => (lock ? query.for(lock, { of: applications }) : query)

/** A page's read (outside a transaction): the same query, its text built once (decision 034). */
const followUpStatement = () =>
	preparedOnce('follow_up', (connection) => followUpQuery(connection, sql.placeholder('applicationId'), followUpApplicationsWhereByParameters()).prepare('follow_up'))

export type FollowUpAccess = NonNullable<Awaited<ReturnType<typeof findFollowUp>>>

/**
 * findFollowUp for a page that has already read the application and its call: when the
 * policy's clause could not match (the dossier is not retained, or its call not decided),
 * null without asking the database.
 */
export async function findFollowUpOf(executor: Executor, actor: { id: string } | PolicyUser, application: { id: string; status: string }, callStatus: string) {
	if (!isFollowed(application.status, callStatus)) return null
	return findFollowUp(executor, actor, application.id)
}

export async function findFollowUp(executor: Executor, actor: { id: string } | PolicyUser, applicationId: string, lock?: 'update' | 'share') {
	const user = await policyUserOf(executor, actor)
	const [row] =
		!lock && executor === db
			? await followUpStatement().execute({ applicationId, ...consortiumParameters(user), ...personParameters(user) })
			: await lockedIf(followUpQuery(executor, applicationId, followUpApplicationsWhere(user)), lock)
	if (!row) return null
	const members = await executor
		.select({
			id: applicationMembers.id,
			organizationId: applicationMembers.organizationId,
			role: applicationMembers.role,
			status: applicationMembers.status,
			grantShareCents: applicationMembers.grantShareCents,
			name: organizations.name,
			siret: organizations.siret,
			rna: organizations.rna,
			// Who represents the association on the portal: its référent·es, named in the agreement.
			representative: sql<string | null>`(select string_agg(${users.displayName}, ', ' order by ${users.displayName}) from ${memberships} inner join ${users} on ${users.id} = ${memberships.userId} where ${memberships.organizationId} = ${applicationMembers.organizationId} and ${memberships.role} = 'referent')`,
		})
		.from(applicationMembers)
		.innerJoin(organizations, eq(organizations.id, applicationMembers.organizationId))
		.where(and(eq(applicationMembers.applicationId, applicationId), eq(applicationMembers.status, 'confirmed')))
		.orderBy(asc(applicationMembers.role), asc(organizations.name))
	const resource: FollowUpResource = {
		kind: 'follow-up',
		applicationStatus: row.application.status,
		callStatus: row.call.status,
		funderId: row.call.funderId,
		members,
		reportStatus: row.report?.status ?? null,
		reopenedSections: row.report?.reopenedSections ?? [],
		agreementStatus: row.agreement?.status ?? null,
	}
	if (!can(user, 'read-follow-up', resource).allowed) return null
	return { ...row, members, user, resource }
}

const NOT_VISIBLE = 'Ce suivi n’existe pas ou vous n’y avez pas accès.'

export async function requireFollowUp(executor: Executor, actor: { id: string } | PolicyUser, applicationId: string, lock?: 'update' | 'share') {
	const access = await findFollowUp(executor, actor, applicationId, lock)
	if (!access) notFound(NOT_VISIBLE)
	return access
}

/** The policy's answer on this follow-up; `facts` adds what the action needs (the association, the section…). */
export function decideFollowUp(access: Pick<FollowUpAccess, 'user' | 'resource'>, action: FollowUpAction, facts: Partial<FollowUpResource> = {}) {
	return can(access.user, action, { ...access.resource, ...facts })
}
