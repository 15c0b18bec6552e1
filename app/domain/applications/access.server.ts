/**
 * Who reaches which application on the consortium's side: every function loads it WITH
 * the policy's clause in the WHERE (app/auth/policy/visibility.server.ts: an association
 * of the user in the consortium), so a forgotten check cannot leak a row, then asks the
 * policy (`can`) for the action.
 */
import { and, eq, inArray, sql, type Placeholder, type SQL } from 'drizzle-orm'
import { type CurrentUser, forbidden, notFound } from '#app/auth/permissions.server.ts'
import { type ApplicationAction, type ApplicationResource, can, type Decision, organizationIdsOf, type PolicyUser, viewerRows } from '#app/auth/policy/index.ts'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { consortiumParameters, consortiumRowsWhere, consortiumRowsWhereByParameters } from '#app/auth/policy/visibility.server.ts'
import { preparedOnce } from '#db/prepared.server.ts'
import { type Actor as LifecycleActor } from '#app/domain/lifecycle/transitions.ts'
import { appUrl } from '#app/env.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applicationMembers, applications, memberships, organizations, users } from '#db/schema/index.ts'
import { findConsortiumDossier } from './read-model.server.ts'


export type Actor = { id: string }
export type Refusal<F extends string = string> = { ok: false; message: string; field?: F }

/** The lead's référent, as the lifecycle table names them (requireEditor and the référent check come first). */
export const leadReferent = (user: Actor): LifecycleActor => ({ userId: user.id, capacities: ['referent:lead'] })

export const url = (applicationId: string, page = '') => `${appUrl()}/candidatures/${applicationId}${page ? `/${page}` : ''}`

export type ApplicationAccess = {
	application: typeof applications.$inferSelect
	/** The consortium row of the viewer's association (the lead's when they belong to both). */
	member: typeof applicationMembers.$inferSelect
	isLead: boolean
	/** The viewer is the référent of that association. */
	isReferent: boolean
	/** Every row of the consortium the viewer belongs to (a person may be référent of two of its associations), the lead's first. */
	members: { member: typeof applicationMembers.$inferSelect; isReferent: boolean }[]
	/** The viewer as the policy reads them, and the dossier's facts it decides on. */
	user: PolicyUser
	resource: ApplicationResource
}

/** The policy's answer for this viewer on this dossier; `facts` adds what the action needs (the deadline for 'withdraw'…). */
export function decide(access: Pick<ApplicationAccess, 'user' | 'resource'>, action: ApplicationAction, facts: Partial<ApplicationResource> = {}): Decision {
	return can(access.user, action, { ...access.resource, ...facts })
}

/**
 * The application as this user may see it on the consortium's side: loaded WITH the
 * policy's clause (a row of one of their associations that is the lead, or a partner
 * invited or confirmed) in the WHERE, then read through `can`. Otherwise null (the caller
 * answers 404).
 */
export async function findAccess(executor: Executor, id: string, actor: Actor | PolicyUser, lock = false): Promise<ApplicationAccess | null> {
	const user = await policyUserOf(executor, actor)
	const rows = await accessRows(executor, id, user, lock)
	if (rows.length === 0) return null
	return accessOf(user, rows[0]!.application, rows.map((r) => r.member))
}

/** The access given by the viewer's consortium rows of the application (read with the policy's clause), if the policy lets them read it. */
function accessOf(user: PolicyUser, application: typeof applications.$inferSelect, viewerMembers: (typeof applicationMembers.$inferSelect)[]): ApplicationAccess | null {
	const resource: ApplicationResource = { kind: 'application', status: application.status, callId: application.callId, members: viewerMembers }
	const members = viewerRows(user, viewerMembers)
	const main = members[0]
	if (!main || !can(user, 'read', resource).allowed) return null
	return { application, member: main.member, isLead: main.member.role === 'lead', isReferent: main.isReferent, members, user, resource }
}

/**
 * getApplicationForUser and the dossier (loadDossier's read model) in one statement, for the
 * consortium's pages: 404 unless the user belongs to an association of the consortium.
 */
export async function getDossierForUser({ id, user: actor }: { id: string; user: Actor | PolicyUser }, options: { now?: Date; history?: boolean } = {}) {
	const user = await policyUserOf(db, actor)
	const found = await findConsortiumDossier(id, user, options)
	const access = found && accessOf(user, found.application, found.viewerMembers)
	if (!found || !access) notFound(NOT_VISIBLE)
	const { application: _application, viewerMembers: _viewerMembers, funderId: _funderId, ...dossier } = found
	return { access, dossier }
}

/** A page's read uses the prepared statement; in a transaction, or to lock, the query is built for the person. */
function accessRows(executor: Executor, id: string, user: PolicyUser, lock: boolean) {
	if (executor === db && !lock) return consortiumAccessStatement().execute({ applicationId: id, ...consortiumParameters(user) })
	const query = accessQuery(executor, id, consortiumRowsWhere(user))
	return lock ? query.for('update', { of: applications }) : query
}

/** The viewer's consortium rows of the application, with it; `where` is the policy's clause, for the person or by parameters. */
function accessQuery(executor: Executor, id: string | Placeholder, where: SQL) {
	return executor
		.select({ application: applications, member: applicationMembers })
		.from(applications)
		.innerJoin(applicationMembers, eq(applicationMembers.applicationId, applications.id))
		.where(and(eq(applications.id, id), where))
		.$dynamic()
}

/** A page's read (outside a transaction): the same query, its text built once (decision 034). */
const consortiumAccessStatement = () =>
	preparedOnce('consortium_access', (connection) => accessQuery(connection, sql.placeholder('applicationId'), consortiumRowsWhereByParameters()).prepare('consortium_access'))

/**
 * Whether the page offers editing (the policy's 'edit'); whether the funder reopened this
 * part of a submitted dossier is asked only when the status alone refuses it.
 */
export async function mayEdit(access: Pick<ApplicationAccess, 'user' | 'resource'>, reopened?: () => Promise<boolean>): Promise<boolean> {
	const decision = decide(access, 'edit')
	if (decision.allowed) return true
	if (decision.reason !== 'read-only' || !reopened) return false
	return decide(access, 'edit', { reopened: await reopened() }).allowed
}

const NOT_VISIBLE = 'Ce dossier n’existe pas ou vous n’y avez pas accès.'

/** 404 unless the user belongs to an association of the consortium. */
export async function getApplicationForUser({ id, user }: { id: string; user: Actor | PolicyUser }): Promise<ApplicationAccess> {
	const access = await findAccess(db, id, user)
	if (!access) notFound(NOT_VISIBLE)
	return access
}

/** For the routes of the lead's pages: 404 for outsiders, 403 for partners, before reading the form. */
export async function getApplicationForEditor({ id, user }: { id: string; user: Actor | PolicyUser }): Promise<ApplicationAccess> {
	return requireEditor(db, id, user, false)
}

export const READ_ONLY_MESSAGE = 'Ce dossier a été déposé : il n’est plus modifiable.'

/** For the attachments module: the same checks, inside its transaction. */
export async function requireApplicationEditor(executor: Executor, id: string, user: Actor | PolicyUser) {
	return requireEditor(executor, id, user)
}

/**
 * For the attachments module: any association of the consortium (each gives its own pieces),
 * 404 for outsiders; locked inside the caller's transaction. Also returns every organisation
 * of the user (a person may belong to the lead and to a partner).
 */
export async function requireApplicationMember(executor: Executor, id: string, user: Actor | PolicyUser, lock = true) {
	const access = await findAccess(executor, id, user, lock)
	if (!access) notFound(NOT_VISIBLE)
	return { ...access, organizationIds: organizationIdsOf(access.user) }
}

/**
 * The lead association's members edit; partners only read (403). A dossier that is no
 * longer editable passes here: the domain function answers with its own message.
 */
export async function requireEditor(executor: Executor, id: string, user: Actor | PolicyUser, lock = true) {
	const access = await findAccess(executor, id, user, lock)
	if (!access) notFound(NOT_VISIBLE)
	const decision = decide(access, 'edit')
	if (!decision.allowed && decision.reason === 'not-lead') {
		forbidden('Seule l’association chef de file modifie le dossier. Vous pouvez le lire et répondre à l’invitation.')
	}
	return access
}

/**
 * The association the user answers for (engagement): the one named (a person may be
 * référent of two associations of the consortium), else their main one. 404 if it is not
 * one of theirs in the consortium, 403 unless they are its référent. Locked.
 */
export async function requireAnswerFor(executor: Executor, id: string, user: Actor | PolicyUser, organizationId?: string) {
	const access = await findAccess(executor, id, user, true)
	if (!access) notFound(NOT_VISIBLE)
	const decision = decide(access, 'answer', { organizationId })
	if (!decision.allowed && decision.reason === 'not-visible') notFound(NOT_VISIBLE)
	if (!decision.allowed) forbidden('Seul le référent de votre association peut répondre pour elle.')
	const chosen = organizationId ? access.members.find((m) => m.member.organizationId === organizationId)! : access.members[0]!
	return { ...access, member: chosen.member, isReferent: chosen.isReferent }
}

export async function referentEmails(executor: Executor, organizationIds: string[]) {
	if (organizationIds.length === 0) return []
	return executor
		.select({ organizationId: memberships.organizationId, email: users.email })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(inArray(memberships.organizationId, organizationIds), eq(memberships.role, 'referent')))
}

export async function displayName(executor: Executor, userId: string) {
	const [row] = await executor.select({ displayName: users.displayName }).from(users).where(eq(users.id, userId))
	return row?.displayName ?? 'Une personne'
}

export async function organizationName(executor: Executor, organizationId: string) {
	const [row] = await executor.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, organizationId))
	return row?.name ?? ''
}


/** The associations the user is référent of (to answer an invitation received by email), by name: read from the loaded user. */
export function referentAssociationsOf(user: CurrentUser) {
	return user.memberships
		.filter((m) => can(user, 'answer-for', { kind: 'organization', id: m.organizationId }).allowed)
		.map((m) => ({ id: m.organizationId, name: m.organizationName }))
}
