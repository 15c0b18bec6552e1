/**
 * Who may leave: a person leaves the portal (or, later, an association) only if every
 * association where they are référent keeps another référent, and the platform keeps another
 * administrator. The rule reads roles, so it lives with the policy; the erasure
 * (app/domain/personal-data/account-deletion.server.ts) asks it inside its transaction.
 */
import { and, eq, inArray, isNull, ne, sql } from 'drizzle-orm'
import { type Executor } from '#db/client.server.ts'
import { memberships, organizations, users } from '#db/schema/index.ts'
import { ownMembershipsWhere } from './visibility.server.ts'

export type LeavingBlocker = { organizationId: string; organizationName: string }

/**
 * What stops this person from leaving: the associations where they are the only référent,
 * and whether they are the last platform administrator.
 */
export async function leavingBlockers(executor: Executor, userId: string): Promise<{ associations: LeavingBlocker[]; lastAdmin: boolean }> {
	const mine = await executor
		.select({ organizationId: memberships.organizationId, organizationName: organizations.name })
		.from(memberships)
		.innerJoin(organizations, eq(organizations.id, memberships.organizationId))
		.where(and(ownMembershipsWhere({ id: userId }), eq(memberships.role, 'referent'), eq(organizations.kind, 'association')))
		.orderBy(organizations.name)
	const associations: LeavingBlocker[] = []
	if (mine.length > 0) {
		const others = await executor
			.select({ organizationId: memberships.organizationId })
			.from(memberships)
			.innerJoin(users, eq(users.id, memberships.userId))
			.where(
				and(
					inArray(memberships.organizationId, mine.map((m) => m.organizationId)),
					eq(memberships.role, 'referent'),
					ne(memberships.userId, userId),
					isNull(users.deletedAt),
				),
			)
		const covered = new Set(others.map((o) => o.organizationId))
		associations.push(...mine.filter((m) => !covered.has(m.organizationId)))
	}
	const [me] = await executor.select({ platformRole: users.platformRole }).from(users).where(eq(users.id, userId))
	let lastAdmin = false
	if (me?.platformRole === 'admin') {
		const [{ admins } = { admins: 0 }] = await executor
			.select({ admins: sql<number>`count(*)::int` })
			.from(users)
			.where(and(eq(users.platformRole, 'admin'), ne(users.id, userId), isNull(users.deletedAt)))
		lastAdmin = admins === 0
	}
	return { associations, lastAdmin }
}

/**
 * Locks the référent rows of the person's organisations, so that two référents of one
 * association leaving at once are decided one after the other (the second sees the first gone).
 */
export async function lockReferentsAround(tx: Executor, userId: string) {
	const myOrganizations = tx.select({ id: memberships.organizationId }).from(memberships).where(ownMembershipsWhere({ id: userId }))
	await tx
		.select({ id: memberships.id })
		.from(memberships)
		.where(and(inArray(memberships.organizationId, myOrganizations), eq(memberships.role, 'referent')))
		.for('update')
}
