/**
 * Who reaches which application: every function loads it WITH the user's membership in the
 * WHERE clause (an association of the consortium), so a forgotten check cannot leak a row.
 */
import { and, asc, eq, inArray, or } from 'drizzle-orm'
import { forbidden, notFound } from '#app/auth/permissions.server.ts'
import { type Actor as LifecycleActor } from '#app/domain/lifecycle/transitions.ts'
import { appUrl } from '#app/env.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applicationMembers, applications, memberships, organizations, users } from '#db/schema/index.ts'


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
}

/**
 * The application as this user may see it: only if one of their associations is the lead,
 * or a partner that is invited or has confirmed. Otherwise null (the caller answers 404).
 */
export async function findAccess(executor: Executor, id: string, user: Actor, lock = false): Promise<ApplicationAccess | null> {
	let query = executor
		.select({ application: applications, member: applicationMembers, membershipRole: memberships.role })
		.from(applications)
		.innerJoin(applicationMembers, eq(applicationMembers.applicationId, applications.id))
		.innerJoin(memberships, and(eq(memberships.organizationId, applicationMembers.organizationId), eq(memberships.userId, user.id)))
		.where(
			and(
				eq(applications.id, id),
				or(eq(applicationMembers.role, 'lead'), inArray(applicationMembers.status, ['invited', 'confirmed'])),
			),
		)
		.$dynamic()
	if (lock) query = query.for('update', { of: applications })
	const rows = await query
	if (rows.length === 0) return null
	const row = rows.find((r) => r.member.role === 'lead') ?? rows.find((r) => r.membershipRole === 'referent') ?? rows[0]!
	const members = [row, ...rows.filter((r) => r !== row)].map((r) => ({ member: r.member, isReferent: r.membershipRole === 'referent' }))
	return { application: row.application, member: row.member, isLead: row.member.role === 'lead', isReferent: row.membershipRole === 'referent', members }
}

/** 404 unless the user belongs to an association of the consortium. */
export async function getApplicationForUser({ id, user }: { id: string; user: Actor }): Promise<ApplicationAccess> {
	const access = await findAccess(db, id, user)
	if (!access) notFound('Ce dossier n’existe pas ou vous n’y avez pas accès.')
	return access
}

/** For the routes of the lead's pages: 404 for outsiders, 403 for partners, before reading the form. */
export async function getApplicationForEditor({ id, user }: { id: string; user: Actor }): Promise<ApplicationAccess> {
	return requireEditor(db, id, user, false)
}

export const READ_ONLY_MESSAGE = 'Ce dossier a été déposé : il n’est plus modifiable.'

/** For the attachments module: the same checks, inside its transaction. */
export async function requireApplicationEditor(executor: Executor, id: string, user: Actor) {
	return requireEditor(executor, id, user)
}

/**
 * For the attachments module: any association of the consortium (each gives its own pieces),
 * 404 for outsiders; locked inside the caller's transaction. Also returns every association
 * of the user in the consortium (a person may belong to the lead and to a partner).
 */
export async function requireApplicationMember(executor: Executor, id: string, user: Actor, lock = true) {
	const access = await findAccess(executor, id, user, lock)
	if (!access) notFound('Ce dossier n’existe pas ou vous n’y avez pas accès.')
	const rows = await executor.select({ organizationId: memberships.organizationId }).from(memberships).where(eq(memberships.userId, user.id))
	return { ...access, organizationIds: rows.map((r) => r.organizationId) }
}

/** The lead association's members edit a draft; partners only read it (403). */
export async function requireEditor(executor: Executor, id: string, user: Actor, lock = true) {
	const access = await findAccess(executor, id, user, lock)
	if (!access) notFound('Ce dossier n’existe pas ou vous n’y avez pas accès.')
	if (!access.isLead) forbidden('Seule l’association chef de file modifie le dossier. Vous pouvez le lire et répondre à l’invitation.')
	return access
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


/** The associations the user is référent of (to answer an invitation received by email). */
export async function referentAssociationsOf(user: Actor) {
	return db
		.select({ id: organizations.id, name: organizations.name })
		.from(memberships)
		.innerJoin(organizations, eq(organizations.id, memberships.organizationId))
		.where(and(eq(memberships.userId, user.id), eq(memberships.role, 'referent'), eq(organizations.kind, 'association')))
		.orderBy(asc(organizations.name))
}
