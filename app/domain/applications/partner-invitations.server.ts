/** Invitations by email to a person whose association was not on the portal: read, claimed, declined by their link. */
import { and, eq, isNull } from 'drizzle-orm'
import { can } from '#app/auth/policy/index.ts'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { redetectConflictsFor } from '#app/domain/jury/conflicts.server.ts'
import { byToken, invitationState } from '#app/domain/invitations/invitations.server.ts'
import { normalizeEmail } from '#app/utils/tokens.server.ts'
import { type Executor, db } from '#db/client.server.ts'
import { applicationMembers, applications, calls, invitations, organizations } from '#db/schema/index.ts'
import { type Actor, type Refusal } from './access.server.ts'
import { duplicateOf } from './consortium.server.ts'
import { notifyLead } from './engagement.server.ts'
import { listMembersOf } from './read-model.server.ts'
import { isEditable } from './rules.ts'

async function findPartnerInvitation(executor: Executor, token: string) {
	const [row] = await executor
		.select({
			id: invitations.id,
			email: invitations.email,
			expiresAt: invitations.expiresAt,
			acceptedAt: invitations.acceptedAt,
			declinedAt: invitations.declinedAt,
			applicationId: applications.id,
			applicationTitle: applications.title,
			applicationStatus: applications.status,
			callTitle: calls.title,
			leadName: organizations.name,
		})
		.from(invitations)
		.innerJoin(applications, eq(applications.id, invitations.applicationId))
		.innerJoin(calls, eq(calls.id, applications.callId))
		.innerJoin(organizations, eq(organizations.id, applications.leadOrganizationId))
		.where(byToken(token, 'application_partner'))
	return row
}

export type PartnerInvitationState = 'valid' | 'expired' | 'used' | 'unknown'

function partnerInvitationState(row: Awaited<ReturnType<typeof findPartnerInvitation>>, now: Date): PartnerInvitationState {
	if (row && !isEditable(row.applicationStatus)) return 'used'
	const state = invitationState(row, now)
	// A partner's link answered either way is "used" for its page.
	return state === 'declined' || state === 'cancelled' ? 'used' : state
}

export const PARTNER_INVITATION_MESSAGES: Record<Exclude<PartnerInvitationState, 'valid'>, string> = {
	unknown: 'Cette invitation n’existe pas. Vérifiez que vous avez copié le lien en entier, ou demandez au chef de file de vous inviter de nouveau.',
	expired: 'Cette invitation a expiré (elle était valable 14 jours). Demandez au chef de file de vous la renvoyer.',
	used: 'Cette invitation a déjà reçu une réponse, ou le dossier n’est plus modifiable. Retrouvez le dossier dans votre espace.',
}

export async function getPartnerInvitation(token: string, now = new Date()) {
	const row = await findPartnerInvitation(db, token)
	const state = partnerInvitationState(row, now)
	return { state, invitation: state === 'valid' ? row! : null }
}

/** The invited person answers for one of the associations they are the référent of. */
export async function claimPartnerInvitation({
	user,
	token,
	organizationId,
	now = new Date(),
}: {
	user: Actor & { email: string }
	token: string
	organizationId: string
	now?: Date
}): Promise<{ ok: true; applicationId: string } | (Refusal<'organizationId'> & { reason: PartnerInvitationState | 'wrong-email' | 'not-referent' | 'duplicate' })> {
	return db.transaction(async (tx) => {
		const row = await findPartnerInvitation(tx, token)
		const state = partnerInvitationState(row, now)
		if (!row || state !== 'valid') {
			const refused = state as Exclude<PartnerInvitationState, 'valid'>
			return { ok: false as const, reason: refused, message: PARTNER_INVITATION_MESSAGES[refused] }
		}
		if (normalizeEmail(user.email) !== normalizeEmail(row.email)) {
			return {
				ok: false as const,
				reason: 'wrong-email' as const,
				message: `Cette invitation a été envoyée à ${row.email}, mais vous êtes connecté·e avec ${user.email}. Connectez-vous avec l’adresse invitée.`,
			}
		}
		const mayAnswer = can(await policyUserOf(tx, user), 'answer-for', { kind: 'organization', id: organizationId }).allowed
		const [organization] = mayAnswer
			? await tx
					.select({ id: organizations.id, name: organizations.name, siren: organizations.siren, rna: organizations.rna })
					.from(organizations)
					.where(and(eq(organizations.id, organizationId), eq(organizations.kind, 'association')))
			: []
		if (!organization) {
			return { ok: false as const, reason: 'not-referent' as const, field: 'organizationId' as const, message: 'Choisissez une association dont vous êtes le référent.' }
		}
		// Locks the application while the consortium changes.
		await tx.select({ id: applications.id }).from(applications).where(eq(applications.id, row.applicationId)).for('update')
		const members = await listMembersOf(row.applicationId, tx)
		const member = members.find((m) => !m.organizationId && m.invitedEmail === normalizeEmail(row.email) && m.status === 'invited')
		if (!member) return { ok: false as const, reason: 'used' as const, message: PARTNER_INVITATION_MESSAGES.used }
		const duplicate = duplicateOf(members, organization, member.id)
		if (duplicate) return { ok: false as const, reason: 'duplicate' as const, field: 'organizationId' as const, message: duplicate }
		// A former row of the same association (declined earlier) gives way to this one.
		await tx
			.delete(applicationMembers)
			.where(and(eq(applicationMembers.applicationId, row.applicationId), eq(applicationMembers.organizationId, organization.id)))
		await tx.update(applicationMembers).set({ organizationId: organization.id }).where(eq(applicationMembers.id, member.id))
		// The link is used; the engagement itself is answered on the application's engagement page.
		await tx.update(invitations).set({ organizationId: organization.id, acceptedAt: now }).where(eq(invitations.id, row.id))
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.invitation_claimed',
			subjectType: 'application',
			subjectId: row.applicationId,
			data: { memberId: member.id, organizationId: organization.id, organizationName: organization.name, email: row.email },
		})
		// A consortium changed: the conflicts of the calls in jury it concerns are checked again.
		await redetectConflictsFor(tx, { applicationIds: [row.applicationId] }, { actorUserId: user.id, now })
		return { ok: true as const, applicationId: row.applicationId }
	})
}

/**
 * The person invited by email declines from the link itself, signed in or not (the link was
 * sent to them): the partner row is marked declined and the lead is told.
 */
export async function declinePartnerInvitationByLink({
	token,
	userId,
	now = new Date(),
}: {
	token: string
	userId?: string
	now?: Date
}): Promise<{ ok: true; applicationTitle: string } | (Refusal & { reason: PartnerInvitationState })> {
	return db.transaction(async (tx) => {
		const row = await findPartnerInvitation(tx, token)
		const state = partnerInvitationState(row, now)
		if (!row || state !== 'valid') {
			const refused = state as Exclude<PartnerInvitationState, 'valid'>
			return { ok: false as const, reason: refused, message: PARTNER_INVITATION_MESSAGES[refused] }
		}
		const [application] = await tx.select().from(applications).where(eq(applications.id, row.applicationId)).for('update')
		const members = await listMembersOf(row.applicationId, tx)
		const member = members.find((m) => !m.organizationId && m.invitedEmail === normalizeEmail(row.email) && m.status === 'invited')
		const [declined] = await tx
			.update(invitations)
			.set({ declinedAt: now })
			.where(and(eq(invitations.id, row.id), isNull(invitations.acceptedAt), isNull(invitations.declinedAt)))
			.returning({ id: invitations.id })
		if (!member || !declined) return { ok: false as const, reason: 'used' as const, message: PARTNER_INVITATION_MESSAGES.used }
		const message = 'Invitation déclinée depuis le lien reçu par e-mail.'
		await tx.update(applicationMembers).set({ status: 'declined', message }).where(eq(applicationMembers.id, member.id))
		await recordAudit(tx, {
			actorUserId: userId ?? null,
			action: 'application.partner_declined',
			subjectType: 'application',
			subjectId: row.applicationId,
			data: { memberId: member.id, email: row.email, organizationName: row.email, message },
		})
		await notifyLead(tx, application!, { organizationName: row.email, answer: 'declined', message })
		return { ok: true as const, applicationTitle: row.applicationTitle }
	})
}
