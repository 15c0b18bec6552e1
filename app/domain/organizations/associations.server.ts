/**
 * Associations on the portal: creation by their future référent, members invited by email,
 * invitations accepted by the invited person. Each change checks and writes in one
 * transaction, with its audit event and its emails.
 */
import { and, asc, eq, ne, or, sql } from 'drizzle-orm'
import { forbidden, notFound, type CurrentUser } from '#app/auth/permissions.server.ts'
import { can } from '#app/auth/policy/index.ts'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { redetectConflictsFor } from '#app/domain/jury/conflicts.server.ts'
import { normalizeEmail } from '#app/utils/tokens.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { invitations, memberships, organizations, users } from '#db/schema/index.ts'
import type { AssociationFormField, AssociationInput } from './association-form.ts'
import { MEMBER_ROLE_LABELS } from './association-form.ts'
import { sirenOf } from './identifiers.ts'
import { byToken, createMemberInvitation, invitationLimit, invitationState, stillValid, unanswered, type InvitationState } from '#app/domain/invitations/invitations.server.ts'


type Actor = (Pick<CurrentUser, 'id' | 'isPlatformAdmin'> & Partial<Pick<CurrentUser, 'email' | 'displayName' | 'emailVerified' | 'memberships' | 'jurorCallIds'>>)
type Refusal<F extends string = string> = { ok: false; message: string; field?: F }

function isUniqueViolation(error: unknown): boolean {
	for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
		if (e.code === '23505') return true
	}
	return false
}

function alreadyRegistered(name: string, what: string) {
	return `L’association « ${name} » est déjà inscrite sur Ensemble avec ce ${what}. Demandez à son référent de vous inviter à la rejoindre.`
}

/** Creates an association; its creator becomes its référent. */
export async function createAssociation({
	user,
	input,
}: {
	user: Actor
	input: AssociationInput
}): Promise<{ ok: true; organizationId: string } | Refusal<AssociationFormField>> {
	const siren = sirenOf(input.siret)
	try {
		return await db.transaction(async (tx) => {
			const conditions = [eq(organizations.siret, input.siret), and(eq(organizations.kind, 'association'), eq(organizations.siren, siren))]
			if (input.rna) conditions.push(eq(organizations.rna, input.rna))
			const existing = await tx
				.select({ name: organizations.name, siret: organizations.siret, rna: organizations.rna })
				.from(organizations)
				.where(or(...conditions))
			const sameSiret = existing.find((o) => o.siret === input.siret)
			if (sameSiret) return { ok: false as const, field: 'siret' as const, message: alreadyRegistered(sameSiret.name, 'numéro SIRET') }
			const sameRna = input.rna ? existing.find((o) => o.rna === input.rna) : undefined
			if (sameRna) return { ok: false as const, field: 'rna' as const, message: alreadyRegistered(sameRna.name, 'numéro RNA') }
			const sameSiren = existing[0]
			if (sameSiren) {
				return {
					ok: false as const,
					field: 'siret' as const,
					message: alreadyRegistered(sameSiren.name, 'numéro SIREN (9 premiers chiffres du SIRET)'),
				}
			}

			const [organization] = await tx
				.insert(organizations)
				.values({
					kind: 'association',
					name: input.name,
					rna: input.rna,
					localRegisterNumber: input.localRegisterNumber,
					siret: input.siret,
					siren,
					sector: input.sector,
					annualBudgetCents: input.annualBudgetCents,
					employees: input.employees,
					volunteers: input.volunteers,
					addressLine: input.addressLine,
					postalCode: input.postalCode,
					commune: input.commune,
					departement: input.departement,
					createdById: user.id,
				})
				.returning({ id: organizations.id })
			await tx.insert(memberships).values({ organizationId: organization!.id, userId: user.id, role: 'referent' })
			await recordAudit(tx, {
				actorUserId: user.id,
				action: 'organization.created',
				subjectType: 'organization',
				subjectId: organization!.id,
				data: { kind: 'association', name: input.name, siret: input.siret, rna: input.rna },
			})
			return { ok: true as const, organizationId: organization!.id }
		})
	} catch (error) {
		// Two people registering the same association at the same instant: the unique index decides.
		if (isUniqueViolation(error)) {
			return { ok: false, field: 'siret', message: 'Cette association vient d’être inscrite sur Ensemble. Demandez à son référent de vous inviter à la rejoindre.' }
		}
		throw error
	}
}

const PROFILE_FIELDS = [
	'name',
	'rna',
	'localRegisterNumber',
	'siret',
	'addressLine',
	'postalCode',
	'commune',
	'departement',
	'sector',
	'annualBudgetCents',
	'employees',
	'volunteers',
] as const satisfies readonly (keyof AssociationInput)[]

/**
 * The référent (or a platform admin) edits the association's profile. A new SIRET or RNA is
 * checked again against the other associations; the audit event keeps the old and new value
 * of every changed field.
 */
export async function updateAssociation({
	user,
	organizationId,
	input,
}: {
	user: Actor
	organizationId: string
	input: AssociationInput
}): Promise<{ ok: true; changed: string[] } | Refusal<AssociationFormField>> {
	const siren = sirenOf(input.siret)
	try {
		return await db.transaction(async (tx) => {
			const [current] = await tx
				.select()
				.from(organizations)
				.where(and(eq(organizations.id, organizationId), eq(organizations.kind, 'association')))
				.for('update')
			if (!current) notFound()
			const decision = can(await policyUserOf(tx, user), 'update', { kind: 'organization', id: organizationId })
			if (!decision.allowed && decision.reason === 'not-member') notFound()
			if (!decision.allowed) forbidden('Seul le référent de l’association peut modifier son profil.')

			const conditions = [eq(organizations.siret, input.siret), and(eq(organizations.kind, 'association'), eq(organizations.siren, siren))]
			if (input.rna) conditions.push(eq(organizations.rna, input.rna))
			const others = await tx
				.select({ name: organizations.name, siret: organizations.siret, rna: organizations.rna })
				.from(organizations)
				.where(and(ne(organizations.id, organizationId), or(...conditions)))
			const sameSiret = others.find((o) => o.siret === input.siret)
			if (sameSiret) return { ok: false as const, field: 'siret' as const, message: alreadyRegistered(sameSiret.name, 'numéro SIRET') }
			const sameRna = input.rna ? others.find((o) => o.rna === input.rna) : undefined
			if (sameRna) return { ok: false as const, field: 'rna' as const, message: alreadyRegistered(sameRna.name, 'numéro RNA') }
			if (others[0]) {
				return { ok: false as const, field: 'siret' as const, message: alreadyRegistered(others[0].name, 'numéro SIREN (9 premiers chiffres du SIRET)') }
			}

			const changes: Record<string, { from: unknown; to: unknown }> = {}
			for (const field of PROFILE_FIELDS) {
				if (current[field] !== input[field]) changes[field] = { from: current[field], to: input[field] }
			}
			const changed = Object.keys(changes)
			if (changed.length === 0) return { ok: true as const, changed }
			await tx
				.update(organizations)
				.set({ ...Object.fromEntries(PROFILE_FIELDS.map((field) => [field, input[field]])), siren })
				.where(eq(organizations.id, organizationId))
			await recordAudit(tx, {
				actorUserId: user.id,
				action: 'organization.updated',
				subjectType: 'organization',
				subjectId: organizationId,
				data: { changes },
			})
			return { ok: true as const, changed }
		})
	} catch (error) {
		if (isUniqueViolation(error)) {
			return { ok: false, field: 'siret', message: 'Ce numéro vient d’être enregistré pour une autre association. Vérifiez-le.' }
		}
		throw error
	}
}

/** The profile as the edit form shows it: what the person would type. */
export function profileFormValues(organization: typeof organizations.$inferSelect): Record<AssociationFormField, string> {
	const cents = organization.annualBudgetCents ?? 0
	return {
		name: organization.name,
		rna: organization.rna ?? '',
		localRegisterNumber: organization.localRegisterNumber ?? '',
		siret: organization.siret ?? '',
		addressLine: organization.addressLine ?? '',
		postalCode: organization.postalCode ?? '',
		commune: organization.commune ?? '',
		sector: organization.sector ?? '',
		annualBudget: cents % 100 === 0 ? String(cents / 100) : (cents / 100).toFixed(2).replace('.', ','),
		employees: String(organization.employees ?? 0),
		volunteers: String(organization.volunteers ?? 0),
	}
}

/** The association's members, référents first, for its page. */
export async function listMembers(organizationId: string) {
	return db
		.select({ userId: users.id, displayName: users.displayName, email: users.email, role: memberships.role, since: memberships.createdAt })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.organizationId, organizationId))
		.orderBy(sql`case ${memberships.role} when 'referent' then 0 else 1 end`, asc(users.displayName))
}

/** Invitations to join the organisation that are still waiting for an answer. */
export async function listPendingInvitations(organizationId: string) {
	return db
		.select({ id: invitations.id, email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt })
		.from(invitations)
		.where(
			and(
				eq(invitations.organizationId, organizationId),
				eq(invitations.kind, 'organization_member'),
				stillValid(),
			),
		)
		.orderBy(asc(invitations.createdAt))
}

/**
 * The référent (or a platform admin) invites someone by email to join the association.
 * Returns the token only so that tests and the caller can build the link; it is emailed.
 */
export async function inviteMember({
	user,
	organizationId,
	email: rawEmail,
	role,
}: {
	user: Actor
	organizationId: string
	email: string
	role: 'member' | 'referent'
}): Promise<{ ok: true; invitationId: string; token: string } | Refusal<'email' | 'role'>> {
	const email = normalizeEmail(rawEmail)
	return db.transaction(async (tx) => {
		const [organization] = await tx
			.select({ id: organizations.id, name: organizations.name })
			.from(organizations)
			.where(and(eq(organizations.id, organizationId), eq(organizations.kind, 'association')))
		if (!organization) notFound()
		const decision = can(await policyUserOf(tx, user), 'invite-member', { kind: 'organization', id: organizationId })
		if (!decision.allowed && decision.reason === 'not-member') notFound()
		if (!decision.allowed) forbidden('Seul le référent de l’association peut inviter des membres.')
		const [inviter] = await tx.select({ displayName: users.displayName }).from(users).where(eq(users.id, user.id))
		if (!inviter) notFound()

		const [already] = await tx
			.select({ id: memberships.id })
			.from(memberships)
			.innerJoin(users, eq(users.id, memberships.userId))
			.where(and(eq(memberships.organizationId, organizationId), eq(users.email, email)))
		if (already) {
			return { ok: false as const, field: 'email' as const, message: `${email} est déjà membre de « ${organization.name} ».` }
		}

		const limited = await invitationLimit(tx, { email, inviterId: user.id })
		if (limited) return { ok: false as const, field: 'email' as const, message: limited }
		const invitation = await createMemberInvitation(tx, {
			organization,
			email,
			role,
			roleLabel: MEMBER_ROLE_LABELS[role],
			inviter: { id: user.id, displayName: inviter.displayName },
		})
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'organization.member_invited',
			subjectType: 'organization',
			subjectId: organizationId,
			data: { invitationId: invitation.invitationId, email, role },
		})
		return { ok: true as const, ...invitation }
	})
}

async function findInvitation(executor: Executor, token: string) {
	const [row] = await executor
		.select({
			id: invitations.id,
			email: invitations.email,
			role: invitations.role,
			expiresAt: invitations.expiresAt,
			acceptedAt: invitations.acceptedAt,
			declinedAt: invitations.declinedAt,
			cancelledAt: invitations.cancelledAt,
			organizationId: organizations.id,
			organizationName: organizations.name,
			organizationKind: organizations.kind,
			inviterName: users.displayName,
		})
		.from(invitations)
		.innerJoin(organizations, eq(organizations.id, invitations.organizationId))
		.leftJoin(users, eq(users.id, invitations.invitedById))
		.where(byToken(token, 'organization_member'))
	return row
}


export const INVITATION_STATE_MESSAGES: Record<Exclude<InvitationState, 'valid'>, string> = {
	unknown: 'Cette invitation n’existe pas. Vérifiez que vous avez copié le lien en entier, ou demandez une nouvelle invitation.',
	expired: 'Cette invitation a expiré (elle était valable 14 jours). Demandez au référent de vous en envoyer une nouvelle.',
	used: 'Cette invitation a déjà été utilisée. Si c’est vous qui l’avez acceptée, retrouvez l’organisation dans votre espace.',
	declined: 'Cette invitation a été déclinée : elle ne peut plus être acceptée. Si c’est une erreur, demandez une nouvelle invitation.',
	cancelled: 'Cette invitation a été annulée par la personne qui l’avait envoyée : elle ne peut plus être acceptée.',
}

/** What an invitation link shows: to what and whom it invites, or why it no longer works. */
export async function getInvitationForDisplay(token: string) {
	const row = await findInvitation(db, token)
	const state = invitationState(row)
	if (!row || state !== 'valid') return { state, invitation: null }
	return {
		state,
		invitation: {
			email: row.email,
			role: row.role ?? 'member',
			organizationName: row.organizationName,
			organizationKind: row.organizationKind,
			inviterName: row.inviterName,
			expiresAt: row.expiresAt,
		},
	}
}

/**
 * The signed-in person accepts an invitation sent to their address: they become a member
 * of the organisation with the invited role (member, référent, or staff of a funder or a
 * supporter).
 */
export async function acceptInvitation({
	user,
	token,
}: {
	user: Actor & { email: string }
	token: string
}): Promise<{ ok: true; organizationId: string; organizationKind: 'association' | 'funder' | 'supporter'; organizationName: string } | (Refusal & { reason: InvitationState | 'wrong-email' | 'unverified' })> {
	return db.transaction(async (tx) => {
		const row = await findInvitation(tx, token)
		const state = invitationState(row)
		if (!row || state !== 'valid') {
			return { ok: false as const, reason: state, message: INVITATION_STATE_MESSAGES[state as Exclude<InvitationState, 'valid'>] }
		}
		if (normalizeEmail(user.email) !== normalizeEmail(row.email)) {
			return {
				ok: false as const,
				reason: 'wrong-email' as const,
				message: `Cette invitation a été envoyée à ${row.email}, mais vous êtes connecté·e avec ${user.email}. Déconnectez-vous puis connectez-vous (ou créez un compte) avec l’adresse invitée.`,
			}
		}
		if (user.emailVerified === false) {
			return { ok: false as const, reason: 'unverified' as const, message: 'Confirmez d’abord votre adresse e-mail avec le lien reçu à l’inscription.' }
		}
		// Marks the invitation used only if nobody did in the meantime.
		const [claimed] = await tx
			.update(invitations)
			.set({ acceptedAt: new Date() })
			.where(and(eq(invitations.id, row.id), unanswered()))
			.returning({ id: invitations.id })
		if (!claimed) return { ok: false as const, reason: 'used' as const, message: INVITATION_STATE_MESSAGES.used }
		const role = row.role ?? 'member'
		await tx
			.insert(memberships)
			.values({ organizationId: row.organizationId, userId: user.id, role })
			.onConflictDoNothing({ target: [memberships.organizationId, memberships.userId] })
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'organization.invitation_accepted',
			subjectType: 'organization',
			subjectId: row.organizationId,
			data: { invitationId: row.id, role },
		})
		// A person's memberships changed: the conflicts of the juries they sit on are checked again.
		await redetectConflictsFor(tx, { userIds: [user.id] }, { actorUserId: user.id })
		return { ok: true as const, organizationId: row.organizationId, organizationKind: row.organizationKind, organizationName: row.organizationName }
	})
}

/**
 * The invited person declines from the emailed link, signed in or not: holding the link is
 * enough (it was sent to them), and declining gives nothing away.
 */
export async function declineInvitation({ token, userId }: { token: string; userId?: string }): Promise<{ ok: true; organizationName: string } | (Refusal & { reason: InvitationState })> {
	return db.transaction(async (tx) => {
		const row = await findInvitation(tx, token)
		const state = invitationState(row)
		if (!row || state !== 'valid') {
			return { ok: false as const, reason: state, message: INVITATION_STATE_MESSAGES[state as Exclude<InvitationState, 'valid'>] }
		}
		const [declined] = await tx
			.update(invitations)
			.set({ declinedAt: new Date() })
			.where(and(eq(invitations.id, row.id), unanswered()))
			.returning({ id: invitations.id })
		if (!declined) return { ok: false as const, reason: 'used' as const, message: INVITATION_STATE_MESSAGES.used }
		await recordAudit(tx, {
			actorUserId: userId ?? null,
			action: 'organization.invitation_declined',
			subjectType: 'organization',
			subjectId: row.organizationId,
			data: { invitationId: row.id, email: row.email },
		})
		return { ok: true as const, organizationName: row.organizationName }
	})
}

/**
 * The sender withdraws a pending invitation to join an organisation: the référent of an
 * association (or a platform admin), the platform admin for a funder's or supporter's staff.
 */
export async function cancelInvitation({
	user,
	organizationId,
	invitationId,
}: {
	user: Actor
	organizationId: string
	invitationId: string
}): Promise<{ ok: true; email: string } | Refusal> {
	return db.transaction(async (tx) => {
		const [organization] = await tx.select({ kind: organizations.kind }).from(organizations).where(eq(organizations.id, organizationId))
		if (!organization) notFound()
		const decision = can(await policyUserOf(tx, user), 'cancel-invitation', { kind: 'organization', id: organizationId, organizationKind: organization.kind })
		if (!decision.allowed && decision.reason === 'not-member') notFound()
		if (!decision.allowed) forbidden('Seul le référent peut annuler une invitation.')
		const [cancelled] = await tx
			.update(invitations)
			.set({ cancelledAt: new Date() })
			.where(
				and(
					eq(invitations.id, invitationId),
					eq(invitations.organizationId, organizationId),
					eq(invitations.kind, 'organization_member'),
					unanswered(),
				),
			)
			.returning({ id: invitations.id, email: invitations.email })
		if (!cancelled) {
			return { ok: false as const, message: 'Cette invitation n’est plus en attente (acceptée, déclinée ou déjà annulée entre-temps).' }
		}
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'organization.invitation_cancelled',
			subjectType: 'organization',
			subjectId: organizationId,
			data: { invitationId: cancelled.id, email: cancelled.email },
		})
		return { ok: true as const, email: cancelled.email }
	})
}
