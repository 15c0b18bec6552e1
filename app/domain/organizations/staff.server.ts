/**
 * Structures (funders and supporters) and their staff, managed by the platform admin; and
 * the read models of the funder back office and of the supporter space.
 */
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm'
import { db, type Executor } from '#db/client.server.ts'
import { calls, invitations, memberships, organizations, users } from '#db/schema/index.ts'
import { can, PLATFORM, type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { redetectConflictsFor } from '#app/domain/jury/conflicts.server.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { normalizeEmail } from '#app/utils/tokens.server.ts'
import { departementsOfTerritory, type StructureKind } from './staff-form.ts'
import { createMemberInvitation, invitationLimit, stillValid } from '#app/domain/invitations/invitations.server.ts'


type Refusal = { ok: false; message: string }
type Actor = { id: string } | PolicyUser

const NOT_ADMIN = 'Seul un administrateur de la plateforme peut gérer les structures et leurs équipes.'

/** The acting user: only a platform admin passes (the policy's 'administer'). */
async function loadAdmin(tx: Executor, actor: Actor) {
	if (!can(await policyUserOf(tx, actor), 'administer', PLATFORM).allowed) return null
	const [row] = await tx.select({ id: users.id, displayName: users.displayName }).from(users).where(eq(users.id, actor.id))
	return row ?? null
}

async function loadStructure(tx: Executor, organizationId: string) {
	const [organization] = await tx
		.select({ id: organizations.id, kind: organizations.kind, name: organizations.name })
		.from(organizations)
		.where(and(eq(organizations.id, organizationId), inArray(organizations.kind, ['funder', 'supporter'])))
	return organization ?? null
}

const spaceOf = (kind: 'funder' | 'supporter' | 'association') => (kind === 'supporter' ? '/accompagnement' : '/gestion')

export async function createStructure(input: {
	admin: Actor
	kind: StructureKind
	name: string
	territory: string
	contactEmail: string
}): Promise<{ ok: true; organizationId: string } | Refusal> {
	const name = input.name.trim()
	return db.transaction(async (tx) => {
		const admin = await loadAdmin(tx, input.admin)
		if (!admin) return { ok: false as const, message: NOT_ADMIN }
		const [homonym] = await tx
			.select({ id: organizations.id })
			.from(organizations)
			.where(and(eq(organizations.kind, input.kind), sql`lower(${organizations.name}) = lower(${name})`))
		if (homonym) {
			return {
				ok: false as const,
				message: `Une structure du même type porte déjà le nom « ${name} ». Ouvrez-la depuis l’administration plutôt que d’en créer une seconde.`,
			}
		}
		const [organization] = await tx
			.insert(organizations)
			.values({
				kind: input.kind,
				name,
				territory: input.territory.trim(),
				contactEmail: normalizeEmail(input.contactEmail),
				createdById: admin.id,
			})
			.returning({ id: organizations.id })
		await recordAudit(tx, {
			actorUserId: admin.id,
			action: 'organization.created',
			subjectType: 'organization',
			subjectId: organization!.id,
			data: { kind: input.kind, name },
		})
		return { ok: true as const, organizationId: organization!.id }
	})
}

/**
 * Names a person to a funder's or supporter's staff. A known account joins at once and is
 * told by email; an unknown address receives an invitation valid 14 days.
 */
export async function nameStaff(input: {
	admin: Actor
	organizationId: string
	email: string
}): Promise<{ ok: true; outcome: 'added' | 'invited'; email: string } | Refusal> {
	const email = normalizeEmail(input.email)
	return db.transaction(async (tx) => {
		const admin = await loadAdmin(tx, input.admin)
		if (!admin) return { ok: false as const, message: NOT_ADMIN }
		const organization = await loadStructure(tx, input.organizationId)
		if (!organization) return { ok: false as const, message: 'Cette structure n’existe pas ou n’est ni un financeur ni une structure d’accompagnement.' }

		const [user] = await tx
			.select({ id: users.id, email: users.email, displayName: users.displayName })
			.from(users)
			.where(eq(users.email, email))
		if (user) {
			const [membership] = await tx
				.insert(memberships)
				.values({ organizationId: organization.id, userId: user.id, role: 'staff' })
				.onConflictDoNothing()
				.returning({ id: memberships.id })
			if (!membership) {
				return { ok: false as const, message: `${user.displayName} (${email}) fait déjà partie de l’équipe de ${organization.name}.` }
			}
			await enqueueEmail(tx, {
				to: user.email,
				template: 'staff-added',
				data: { displayName: user.displayName, organizationName: organization.name, url: `${appUrl()}${spaceOf(organization.kind)}` },
			})
			await recordAudit(tx, {
				actorUserId: admin.id,
				action: 'organization.staff_added',
				subjectType: 'organization',
				subjectId: organization.id,
				data: { membershipId: membership.id, userId: user.id },
			})
			// A person's memberships changed: the conflicts of the juries they sit on are checked again.
			await redetectConflictsFor(tx, { userIds: [user.id] }, { actorUserId: admin.id })
			return { ok: true as const, outcome: 'added' as const, email }
		}

		const [pending] = await tx
			.select({ id: invitations.id })
			.from(invitations)
			.where(
				and(
					eq(invitations.kind, 'organization_member'),
					eq(invitations.organizationId, organization.id),
					eq(invitations.email, email),
					stillValid(),
				),
			)
		if (pending) {
			return { ok: false as const, message: `Une invitation est déjà en attente pour ${email}. Elle reste valable 14 jours après son envoi.` }
		}
		const limited = await invitationLimit(tx, { email, inviterId: admin.id })
		if (limited) return { ok: false as const, message: limited }
		const invitation = await createMemberInvitation(tx, {
			organization,
			email,
			role: 'staff',
			roleLabel: 'membre de l’équipe',
			inviter: { id: admin.id, displayName: admin.displayName },
		})
		await recordAudit(tx, {
			actorUserId: admin.id,
			action: 'organization.staff_invited',
			subjectType: 'organization',
			subjectId: organization.id,
			data: { invitationId: invitation.invitationId, email },
		})
		return { ok: true as const, outcome: 'invited' as const, email }
	})
}

/** Removes a staff membership (of the given structure, when one is given). */
export async function removeStaff(input: {
	admin: Actor
	membershipId: string
	organizationId?: string
}): Promise<{ ok: true; displayName: string } | Refusal> {
	return db.transaction(async (tx) => {
		const admin = await loadAdmin(tx, input.admin)
		if (!admin) return { ok: false as const, message: NOT_ADMIN }
		const conditions = [
			eq(memberships.id, input.membershipId),
			eq(memberships.role, 'staff'),
			inArray(organizations.kind, ['funder', 'supporter']),
		]
		if (input.organizationId) conditions.push(eq(memberships.organizationId, input.organizationId))
		const [membership] = await tx
			.select({ id: memberships.id, organizationId: memberships.organizationId, userId: memberships.userId, displayName: users.displayName })
			.from(memberships)
			.innerJoin(organizations, eq(organizations.id, memberships.organizationId))
			.innerJoin(users, eq(users.id, memberships.userId))
			.where(and(...conditions))
		const gone = { ok: false as const, message: 'Cette personne ne fait plus partie de l’équipe (la page était peut-être ancienne).' }
		if (!membership) return gone
		// Locking the structure serialises removals: of two simultaneous removals of its last
		// two members, the second sees only one left and is refused.
		await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, membership.organizationId)).for('update')
		const team = await tx
			.select({ id: memberships.id })
			.from(memberships)
			.where(and(eq(memberships.organizationId, membership.organizationId), eq(memberships.role, 'staff')))
		if (!team.some((m) => m.id === membership.id)) return gone
		if (team.length <= 1) {
			return {
				ok: false as const,
				message: `${membership.displayName} est la dernière personne de l’équipe : une structure garde toujours au moins un membre. Nommez d’abord quelqu’un d’autre.`,
			}
		}
		await tx.delete(memberships).where(eq(memberships.id, membership.id))
		await recordAudit(tx, {
			actorUserId: admin.id,
			action: 'organization.staff_removed',
			subjectType: 'organization',
			subjectId: membership.organizationId,
			data: { membershipId: membership.id, userId: membership.userId },
		})
		// A person's memberships changed: the conflicts of the juries they sit on are checked again.
		await redetectConflictsFor(tx, { userIds: [membership.userId] }, { actorUserId: admin.id })
		return { ok: true as const, displayName: membership.displayName }
	})
}

// ---------------------------------------------------------------------------------------
// Read models

const structureColumns = {
	id: organizations.id,
	kind: organizations.kind,
	name: organizations.name,
	territory: organizations.territory,
	contactEmail: organizations.contactEmail,
	createdAt: organizations.createdAt,
}

/** The platform administration's home: counts and every funder and supporter. */
export async function getAdminOverview() {
	const [[userCount], organizationCounts, [callCount], rows, staffCounts] = await Promise.all([
		db.select({ value: count() }).from(users),
		db.select({ kind: organizations.kind, value: count() }).from(organizations).groupBy(organizations.kind),
		db.select({ value: count() }).from(calls),
		db
			.select(structureColumns)
			.from(organizations)
			.where(inArray(organizations.kind, ['funder', 'supporter']))
			.orderBy(asc(organizations.name)),
		db
			.select({ organizationId: memberships.organizationId, value: count() })
			.from(memberships)
			.innerJoin(organizations, eq(organizations.id, memberships.organizationId))
			.where(and(eq(memberships.role, 'staff'), inArray(organizations.kind, ['funder', 'supporter'])))
			.groupBy(memberships.organizationId),
	])
	const structures = rows.map((s) => ({ ...s, staffCount: staffCounts.find((c) => c.organizationId === s.id)?.value ?? 0 }))
	const byKind = (kind: string) => organizationCounts.find((c) => c.kind === kind)?.value ?? 0
	return {
		counts: {
			users: userCount?.value ?? 0,
			associations: byKind('association'),
			funders: byKind('funder'),
			supporters: byKind('supporter'),
			organizations: organizationCounts.reduce((sum, c) => sum + c.value, 0),
			calls: callCount?.value ?? 0,
		},
		funders: structures.filter((s) => s.kind === 'funder'),
		supporters: structures.filter((s) => s.kind === 'supporter'),
	}
}

/** The staff of these organisations, by organisation then name. */
export async function listStaffOf(organizationIds: string[]) {
	if (organizationIds.length === 0) return []
	return db
		.select({
			membershipId: memberships.id,
			organizationId: memberships.organizationId,
			userId: users.id,
			displayName: users.displayName,
			email: users.email,
			since: memberships.createdAt,
		})
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(inArray(memberships.organizationId, organizationIds), eq(memberships.role, 'staff')))
		.orderBy(asc(memberships.organizationId), asc(users.displayName))
}

/** A funder or supporter with its staff and pending invitations; null for anything else. */
export async function getStructureForAdmin(organizationId: string) {
	const [organization] = await db
		.select(structureColumns)
		.from(organizations)
		.where(and(eq(organizations.id, organizationId), inArray(organizations.kind, ['funder', 'supporter'])))
	if (!organization) return null
	const [staff, pendingInvitations, [callCount]] = await Promise.all([
		listStaffOf([organization.id]),
		db
			.select({ id: invitations.id, email: invitations.email, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt })
			.from(invitations)
			.where(
				and(
					eq(invitations.kind, 'organization_member'),
					eq(invitations.organizationId, organization.id),
					stillValid(),
				),
			)
			.orderBy(asc(invitations.createdAt)),
		db.select({ value: count() }).from(calls).where(eq(calls.funderId, organization.id)),
	])
	return { organization, staff, pendingInvitations, callCount: callCount?.value ?? 0 }
}

/** The funders or supporters a staff member works for, with their details. */
export async function getStructures(organizationIds: string[]) {
	if (organizationIds.length === 0) return []
	return db.select(structureColumns).from(organizations).where(inArray(organizations.id, organizationIds)).orderBy(asc(organizations.name))
}

/**
 * The associations a supporter accompanies: those whose département is written in one of
 * its structures' territories ("Rhône (69)"); every association when no territory names a
 * département. Only the associations' public identity, never their applications.
 */
export async function listAssociationsForSupporters(territories: (string | null)[]) {
	const departements = [...new Set(territories.flatMap((t) => departementsOfTerritory(t)))].sort()
	const rows = await db
		.select({
			id: organizations.id,
			name: organizations.name,
			commune: organizations.commune,
			postalCode: organizations.postalCode,
			departement: organizations.departement,
			sector: organizations.sector,
		})
		.from(organizations)
		.where(
			departements.length > 0
				? and(eq(organizations.kind, 'association'), inArray(organizations.departement, departements))
				: eq(organizations.kind, 'association'),
		)
		.orderBy(asc(organizations.departement), asc(organizations.commune), asc(organizations.name))
	return { scope: departements.length > 0 ? ('territory' as const) : ('all' as const), departements, associations: rows }
}
