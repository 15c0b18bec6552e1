/**
 * The consortium: the lead invites partners (by association or by email), edits and removes
 * them. Each référent answers in engagement.server.ts; a link by email is claimed in
 * partner-invitations.server.ts.
 */
import { and, eq, isNull, sql } from 'drizzle-orm'
import { notFound } from '#app/auth/permissions.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { redetectConflictsFor } from '#app/domain/jury/conflicts.server.ts'
import { invitationExpiry, invitationLimit, newInvitationToken, unanswered } from '#app/domain/invitations/invitations.server.ts'
import { checkRna, checkSiret, normalizeDigits } from '#app/domain/organizations/identifiers.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { normalizeEmail } from '#app/utils/tokens.server.ts'
import { type Executor, db } from '#db/client.server.ts'
import { applicationMembers, applications, calls, invitations, organizations } from '#db/schema/index.ts'
import { type Actor, READ_ONLY_MESSAGE, type Refusal, displayName, organizationName, referentEmails, requireEditor, url } from './access.server.ts'
import { consortiumOf } from './consortium-of.ts'
import { type MemberRow, listMembersOf } from './read-model.server.ts'
import { engagementChanged, isEditable, legalEntityKey } from './rules.ts'
import { lapseConfirmations } from './sections.server.ts'

function parseIdentifier(input: string): { ok: true; siret: string } | { ok: true; rna: string } | { ok: false; message: string } {
	const value = input.trim()
	if (/^w/i.test(value)) {
		const rna = checkRna(value)
		return rna.ok ? { ok: true, rna: rna.value } : rna
	}
	const digits = normalizeDigits(value)
	if (/^\d{9}$/.test(digits)) return { ok: false, message: 'Indiquez le SIRET complet (14 chiffres), pas seulement le SIREN (9 chiffres).' }
	const siret = checkSiret(value)
	if (siret.ok) return { ok: true, siret: siret.value }
	return /^\d+$/.test(digits) ? siret : { ok: false, message: 'Indiquez un SIRET (14 chiffres) ou un numéro RNA (W suivi de 9 caractères).' }
}

/** Why this association may not join the consortium (already in it, or the same legal entity), or null. */
export function duplicateOf(members: MemberRow[], candidate: { id: string; name: string; siren: string | null; rna: string | null }, exceptMemberId?: string) {
	const { active } = consortiumOf(members.filter((m) => m.id !== exceptMemberId))
	const same = active.find((m) => m.organizationId === candidate.id)
	if (same) {
		return same.role === 'lead'
			? `« ${candidate.name} » est le chef de file de ce projet : elle en fait déjà partie.`
			: `« ${candidate.name} » fait déjà partie du projet : une association n’y figure qu’une fois.`
	}
	const key = legalEntityKey({ organizationId: candidate.id, siren: candidate.siren, rna: candidate.rna })
	const twin = active.find((m) => legalEntityKey(m) === key)
	if (twin) {
		return `« ${candidate.name} » a le même numéro SIREN que « ${twin.name} », déjà dans le projet : c’est la même personne morale, qui ne compte qu’une fois. Invitez une autre association.`
	}
	return null
}

async function sendPartnerInvitations(
	tx: Executor,
	input: {
		application: typeof applications.$inferSelect
		inviter: Actor
		member: { id: string; organizationId: string | null; email: string | null }
		now: Date
	},
) {
	const { application, inviter, member, now } = input
	const expiresAt = invitationExpiry(now)
	// Earlier links of this partner stop working: only the latest invitation counts.
	await tx
		.update(invitations)
		.set({ expiresAt: now })
		.where(
			and(
				eq(invitations.kind, 'application_partner'),
				eq(invitations.applicationId, application.id),
				unanswered(),
				member.organizationId ? eq(invitations.organizationId, member.organizationId) : and(isNull(invitations.organizationId), eq(invitations.email, member.email ?? '')),
			),
		)
	await tx.update(applicationMembers).set({ invitationExpiresAt: expiresAt }).where(eq(applicationMembers.id, member.id))
	const [call] = await tx.select({ title: calls.title }).from(calls).where(eq(calls.id, application.callId))
	const leadName = await organizationName(tx, application.leadOrganizationId)
	const inviterName = await displayName(tx, inviter.id)
	const recipients = member.organizationId
		? (await referentEmails(tx, [member.organizationId])).map((r) => r.email)
		: [member.email!]
	const partnerName = member.organizationId ? await organizationName(tx, member.organizationId) : null
	const tokens: string[] = []
	const invitationIds: string[] = []
	// The limit's French message when a link was created but not emailed: the lead must be told.
	let notEmailed: string | null = null
	for (const email of recipients) {
		const { token, tokenHash } = newInvitationToken()
		tokens.push(token)
		const [invitation] = await tx.insert(invitations).values({
			kind: 'application_partner',
			email,
			organizationId: member.organizationId,
			applicationId: application.id,
			callId: application.callId,
			tokenHash,
			invitedById: inviter.id,
			expiresAt,
		}).returning({ id: invitations.id })
		invitationIds.push(invitation!.id)
		// Past the invitation limits (per address, per inviter) the link exists but is not emailed again.
		const limited = await invitationLimit(tx, { email, inviterId: inviter.id })
		if (limited) notEmailed ??= limited
		else await enqueueEmail(tx, {
			to: email,
			template: 'application-partner-invitation',
			data: {
				applicationTitle: application.title,
				callTitle: call!.title,
				leadName,
				inviterName,
				organizationName: partnerName,
				url: member.organizationId ? url(application.id, 'engagement') : `${appUrl()}/candidatures/invitation/${token}`,
			},
		})
	}
	return { tokens, invitationIds, notEmailed }
}

/** The lead invites an association already on the portal, found by its SIRET or RNA. */
export async function invitePartnerOrganization({
	id,
	user,
	identifier,
	now = new Date(),
}: {
	id: string
	user: Actor
	identifier: string
	now?: Date
}): Promise<{ ok: true; memberId: string; organizationName: string; notEmailed: string | null } | Refusal<'identifier'>> {
	const parsed = parseIdentifier(identifier)
	if (!parsed.ok) return { ok: false, field: 'identifier', message: parsed.message }
	return db.transaction(async (tx) => {
		const [organization] = await tx
			.select({ id: organizations.id, name: organizations.name, siren: organizations.siren, rna: organizations.rna })
			.from(organizations)
			.where(and(eq(organizations.kind, 'association'), 'siret' in parsed ? eq(organizations.siret, parsed.siret) : eq(organizations.rna, parsed.rna)))
		if (!organization) {
			return {
				ok: false as const,
				field: 'identifier' as const,
				message: 'Aucune association n’est inscrite sur Ensemble avec ce numéro. Invitez-la par e-mail : la personne qui la représente l’inscrira en répondant.',
			}
		}
		const outcome = await inviteOrganizationIn(tx, { id, user, organization, now })
		return outcome.ok ? { ok: true as const, memberId: outcome.memberId, organizationName: outcome.organizationName, notEmailed: outcome.notEmailed } : outcome
	})
}

/**
 * The same invitation inside the caller's transaction, for an association already known by
 * its id: an accepted answer to a « je cherche des partenaires » announcement (issue 12,
 * app/domain/partners/answers.server.ts). Returns the invitation rows (one per référent).
 */
export async function inviteOrganizationIn(
	tx: Executor,
	{ id, user, organization, now }: { id: string; user: Actor; organization: { id: string; name: string; siren: string | null; rna: string | null }; now: Date },
): Promise<{ ok: true; memberId: string; organizationName: string; invitationIds: string[]; notEmailed: string | null } | Refusal<'identifier'>> {
	{
		const { application } = await requireEditor(tx, id, user)
		if (!isEditable(application.status)) return { ok: false as const, message: READ_ONLY_MESSAGE }
		const members = await listMembersOf(id, tx)
		const duplicate = duplicateOf(members, organization)
		if (duplicate) return { ok: false as const, field: 'identifier' as const, message: duplicate }
		const former = members.find((m) => m.organizationId === organization.id)
		let memberId: string
		if (former) {
			await tx
				.update(applicationMembers)
				.set({ status: 'invited', message: null, confirmedVersion: null, confirmedAt: null, confirmedById: null })
				.where(eq(applicationMembers.id, former.id))
			memberId = former.id
		} else {
			const [inserted] = await tx
				.insert(applicationMembers)
				.values({ applicationId: id, organizationId: organization.id, role: 'co_carrier', status: 'invited' })
				.returning({ id: applicationMembers.id })
			memberId = inserted!.id
		}
		const { invitationIds, notEmailed } = await sendPartnerInvitations(tx, { application, inviter: user, member: { id: memberId, organizationId: organization.id, email: null }, now })
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.partner_invited',
			subjectType: 'application',
			subjectId: id,
			data: { memberId, organizationId: organization.id, organizationName: organization.name },
		})
		// A consortium changed: the conflicts of the calls in jury it concerns are checked again.
		await redetectConflictsFor(tx, { applicationIds: [id] }, { actorUserId: user.id, now })
		return { ok: true as const, memberId, organizationName: organization.name, invitationIds, notEmailed }
	}
}

/** The lead invites, by email, a person whose association is not (yet) on the portal. */
export async function invitePartnerByEmail({
	id,
	user,
	email: rawEmail,
	now = new Date(),
}: {
	id: string
	user: Actor
	email: string
	now?: Date
}): Promise<{ ok: true; memberId: string; token: string; notEmailed: string | null } | Refusal<'email'>> {
	const email = normalizeEmail(rawEmail)
	return db.transaction(async (tx) => {
		const { application } = await requireEditor(tx, id, user)
		if (!isEditable(application.status)) return { ok: false as const, message: READ_ONLY_MESSAGE }
		const members = await listMembersOf(id, tx)
		const pending = members.find((m) => !m.organizationId && m.invitedEmail === email)
		if (pending) {
			return { ok: false as const, field: 'email' as const, message: `${email} a déjà été invitée à ce projet. Renvoyez l’invitation depuis la liste des partenaires si besoin.` }
		}
		const [member] = await tx
			.insert(applicationMembers)
			.values({ applicationId: id, invitedEmail: email, role: 'co_carrier', status: 'invited' })
			.returning({ id: applicationMembers.id })
		const { tokens, notEmailed } = await sendPartnerInvitations(tx, { application, inviter: user, member: { id: member!.id, organizationId: null, email }, now })
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.partner_invited',
			subjectType: 'application',
			subjectId: id,
			data: { memberId: member!.id, email },
		})
		return { ok: true as const, memberId: member!.id, token: tokens[0]!, notEmailed }
	})
}

async function memberOf(tx: Executor, applicationId: string, memberId: string) {
	const [member] = await tx
		.select()
		.from(applicationMembers)
		.where(and(eq(applicationMembers.id, memberId), eq(applicationMembers.applicationId, applicationId)))
	return member
}

/** Sends a new invitation (valid 14 days) to a partner that has not answered. */
export async function resendInvitation({ id, user, memberId, now = new Date() }: { id: string; user: Actor; memberId: string; now?: Date }) {
	return db.transaction(async (tx) => {
		const { application } = await requireEditor(tx, id, user)
		if (!isEditable(application.status)) return { ok: false as const, message: READ_ONLY_MESSAGE }
		const member = await memberOf(tx, id, memberId)
		if (!member || member.role !== 'co_carrier') notFound('Cette association ne fait pas partie du projet.')
		if (member.status !== 'invited') return { ok: false as const, message: 'Seule une invitation en attente de réponse peut être renvoyée.' }
		const { notEmailed } = await sendPartnerInvitations(tx, { application, inviter: user, member: { id: member.id, organizationId: member.organizationId, email: member.invitedEmail }, now })
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.invitation_resent',
			subjectType: 'application',
			subjectId: id,
			data: { memberId, organizationId: member.organizationId, email: member.invitedEmail },
		})
		// Said only when it matters: a resend that was emailed is a plain success.
		return notEmailed ? { ok: true as const, notEmailed } : { ok: true as const }
	})
}

/** The lead removes a partner that has not confirmed (invited, declined or withdrawn). */
export async function removePartner({ id, user, memberId, now = new Date() }: { id: string; user: Actor; memberId: string; now?: Date }) {
	return db.transaction(async (tx) => {
		const { application } = await requireEditor(tx, id, user)
		if (!isEditable(application.status)) return { ok: false as const, message: READ_ONLY_MESSAGE }
		const member = await memberOf(tx, id, memberId)
		if (!member || member.role !== 'co_carrier') notFound('Cette association ne fait pas partie du projet.')
		if (member.status === 'confirmed') {
			return { ok: false as const, message: 'Cette association a confirmé son engagement : seule elle peut se retirer du projet.' }
		}
		await tx
			.update(invitations)
			.set({ expiresAt: now })
			.where(
				and(
					eq(invitations.kind, 'application_partner'),
					eq(invitations.applicationId, id),
					isNull(invitations.acceptedAt),
					member.organizationId ? eq(invitations.organizationId, member.organizationId) : eq(invitations.email, member.invitedEmail ?? ''),
				),
			)
		await tx.delete(applicationMembers).where(eq(applicationMembers.id, memberId))
		const name = member.organizationId ? await organizationName(tx, member.organizationId) : member.invitedEmail
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.partner_removed',
			subjectType: 'application',
			subjectId: id,
			data: { memberId, organizationId: member.organizationId, organizationName: name },
		})
		// Its row is gone: the association is named to find the calls concerned.
		await redetectConflictsFor(tx, { applicationIds: [id], organizationIds: [member.organizationId] }, { actorUserId: user.id, now })
		return { ok: true as const, name }
	})
}

/**
 * The lead sets an association's role (qui fait quoi), contribution and budget share. When a
 * co-porter had confirmed and its role or budget share changes, its confirmation lapses.
 */
export async function updateMember({
	id,
	user,
	memberId,
	roleDescription,
	contribution,
	budgetShareCents,
}: {
	id: string
	user: Actor
	memberId: string
	roleDescription: string
	contribution: string
	budgetShareCents: number | null
}): Promise<{ ok: true; lapsed: boolean } | Refusal> {
	return db.transaction(async (tx) => {
		const { application } = await requireEditor(tx, id, user)
		if (!isEditable(application.status)) return { ok: false as const, message: READ_ONLY_MESSAGE }
		const member = await memberOf(tx, id, memberId)
		if (!member) notFound('Cette association ne fait pas partie du projet.')
		if (member.status === 'declined' || member.status === 'withdrawn') {
			return { ok: false as const, message: 'Cette association ne participe plus au projet : invitez-la de nouveau pour lui confier un rôle.' }
		}
		const changed = engagementChanged(member, { roleDescription, budgetShareCents })
		if (!changed && member.contribution === contribution) return { ok: true as const, lapsed: false }
		await tx.update(applicationMembers).set({ roleDescription, contribution, budgetShareCents }).where(eq(applicationMembers.id, memberId))
		await tx.update(applications).set({ version: sql`${applications.version} + 1` }).where(eq(applications.id, id))
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.member_updated',
			subjectType: 'application',
			subjectId: id,
			data: { memberId, organizationId: member.organizationId, roleDescription, contribution, budgetShareCents },
		})
		const lapses = member.role === 'co_carrier' && member.status === 'confirmed' && changed
		if (lapses) {
			const reason = member.roleDescription.trim() !== roleDescription.trim() ? 'role' : 'budget_share'
			await lapseConfirmations(tx, { applicationId: id, memberIds: [memberId], actorId: user.id, reason })
		}
		return { ok: true as const, lapsed: lapses }
	})
}
