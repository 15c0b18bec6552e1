/** Submission (checks, receipt, lapsed invitations, emails) and withdrawal. */
import { and, asc, eq, isNull } from 'drizzle-orm'
import { forbidden } from '#app/auth/permissions.server.ts'
import { refusedFor } from '#app/auth/policy/index.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { staffEmails } from '#app/domain/dossier-messages/thread.server.ts'
import { redetectConflictsFor } from '#app/domain/jury/conflicts.server.ts'
import { fire } from '#app/domain/lifecycle/engine.server.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applicationMembers, applications, calls, invitations, memberships, organizations, users } from '#db/schema/index.ts'
import { consortiumOf } from './consortium-of.ts'
import { applicationTransitions, withdrawalFrom, type ApplicationRequirement } from './lifecycle.ts'
import { getPublishedCall } from './published-calls.server.ts'
import { buildReceiptData, storeReceipt } from './receipt.server.ts'
import { checkSubmission, deadlinePassed, type Problem } from './rules.ts'
import { type Actor, type Refusal, decide, leadReferent, referentEmails, requireEditor, url } from './access.server.ts'
import { type MemberRow, listMembersOf, loadRuleInputs, toRuleMember } from './read-model.server.ts'

export async function submitApplication({
	id,
	user,
	now = new Date(),
}: {
	id: string
	user: Actor
	now?: Date
}): Promise<{ ok: true; submittedAt: Date } | { ok: false; message: string; problems: Problem[] }> {
	return db.transaction(async (tx) => {
		const access = await requireEditor(tx, id, user)
		// The status and the deadline are checked below with their French messages; the policy answers who.
		if (refusedFor(decide(access, 'submit'), 'not-referent')) forbidden('Seul le référent de l’association chef de file dépose le dossier.')
		const { application } = access
		const { call, members, ruleApplication } = await loadRuleInputs(tx, application)
		const problems = checkSubmission(ruleApplication, members.map(toRuleMember), call, now)
		if (problems.length > 0) {
			return { ok: false as const, message: 'Le dossier ne peut pas encore être déposé. Voici ce qui manque :', problems }
		}
		const { confirmed } = consortiumOf(members)
		// Written before the commit; harmless on rollback (overwritten on retry, never served for a draft).
		const receipt = await storeReceipt(
			id,
			buildReceiptData({ application, call, members, budget: ruleApplication.budget, submittedAt: now }),
		)
		await fire(tx, applicationTransitions.submit, {
			id,
			actor: leadReferent(user),
			checked: ['complete-dossier'],
			set: { submittedAt: now, statusReason: null },
			data: {
				version: application.version,
				associations: confirmed.map((m) => ({ organizationId: m.organizationId, name: m.name, siret: m.siret, rna: m.rna, role: m.role })),
				receipt: receipt.storageKey,
			},
		})
		const leadName = members.find((m) => m.role === 'lead')?.name ?? ''
		for (const referent of await referentEmails(tx, confirmed.map((m) => m.organizationId!))) {
			await enqueueEmail(tx, {
				to: referent.email,
				template: 'application-submitted',
				data: { applicationTitle: application.title, callTitle: call.title, leadName, submittedAt: formatDateTime(now), url: url(id) },
				attachments: [receipt],
			})
		}
		await expirePendingInvitations(tx, { application, callTitle: call.title, leadName, members, actorId: user.id, now })
		await notifyFunderStaff(tx, { application, callTitle: call.title, leadName, associationNames: confirmed.map((m) => m.name ?? ''), now })
		await askSupporterOpinion(tx, { application, callTitle: call.title, leadName })
		// A submitted co-carrying is a recent partnership for the juries sitting elsewhere (conflicts.server.ts).
		await redetectConflictsFor(tx, { applicationIds: [id] }, { actorUserId: user.id, now })
		return { ok: true as const, submittedAt: now }
	})
}

/**
 * Partners still invited when the dossier is submitted are not in its consortium: their
 * invitation expires now (the member row and every pending link), with an audit event and
 * an email to the invited association's référents, or to the invited address.
 */
async function expirePendingInvitations(
	tx: Executor,
	input: { application: typeof applications.$inferSelect; callTitle: string; leadName: string; members: MemberRow[]; actorId: string; now: Date },
) {
	const { application, now } = input
	for (const member of input.members.filter((m) => m.role === 'co_carrier' && m.status === 'invited')) {
		await tx.update(applicationMembers).set({ invitationExpiresAt: now }).where(and(eq(applicationMembers.id, member.id), eq(applicationMembers.status, 'invited')))
		await tx
			.update(invitations)
			.set({ expiresAt: now })
			.where(
				and(
					eq(invitations.kind, 'application_partner'),
					eq(invitations.applicationId, application.id),
					isNull(invitations.acceptedAt),
					isNull(invitations.declinedAt),
					member.organizationId
						? eq(invitations.organizationId, member.organizationId)
						: and(isNull(invitations.organizationId), eq(invitations.email, member.invitedEmail ?? '')),
				),
			)
		await recordAudit(tx, {
			actorUserId: input.actorId,
			action: 'application.invitation_expired',
			subjectType: 'application',
			subjectId: application.id,
			data: member.organizationId
				? { memberId: member.id, organizationId: member.organizationId, organizationName: member.name }
				: { memberId: member.id, email: member.invitedEmail },
		})
		const recipients = member.organizationId ? (await referentEmails(tx, [member.organizationId])).map((r) => r.email) : member.invitedEmail ? [member.invitedEmail] : []
		for (const to of recipients) {
			await enqueueEmail(tx, {
				to,
				template: 'application-invitation-expired',
				data: {
					applicationTitle: application.title,
					callTitle: input.callTitle,
					leadName: input.leadName,
					organizationName: member.name,
					// The association still reads the dossier; an address without an account reads the call.
					url: member.organizationId ? url(application.id) : `${appUrl()}/appels/${application.callId}`,
				},
			})
		}
	}
}

/** When the call asks for it (calls.notify_staff_on_submission), every staff member of its funder is told, with a link to the dossier. */
async function notifyFunderStaff(
	tx: Executor,
	input: { application: typeof applications.$inferSelect; callTitle: string; leadName: string; associationNames: string[]; now: Date },
) {
	const { application } = input
	const [call] = await tx.select({ funderId: calls.funderId, notify: calls.notifyStaffOnSubmission }).from(calls).where(eq(calls.id, application.callId))
	if (!call?.notify) return
	const staff = await tx
		.selectDistinct({ email: users.email })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(eq(memberships.organizationId, call.funderId))
		.orderBy(asc(users.email))
	for (const member of staff) {
		await enqueueEmail(tx, {
			to: member.email,
			template: 'application-submitted-staff',
			data: {
				applicationTitle: application.title,
				callTitle: input.callTitle,
				leadName: input.leadName,
				associationNames: input.associationNames.join(', '),
				submittedAt: formatDateTime(input.now),
				url: `${appUrl()}/gestion/appels/${application.callId}/candidatures/${application.id}`,
			},
		})
	}
}

/** The staff of the accompanying structure the consortium named learn that they may now give their opinion (they see the dossier from its submission). */
async function askSupporterOpinion(tx: Executor, input: { application: typeof applications.$inferSelect; callTitle: string; leadName: string }) {
	const { application } = input
	if (!application.supporterOrganizationId) return
	const [structure] = await tx
		.select({ name: organizations.name })
		.from(organizations)
		.where(and(eq(organizations.id, application.supporterOrganizationId), eq(organizations.kind, 'supporter')))
	if (!structure) return
	for (const email of await staffEmails(tx, application.supporterOrganizationId)) {
		await enqueueEmail(tx, {
			to: email,
			template: 'supporter-opinion-requested',
			data: {
				applicationTitle: application.title,
				callTitle: input.callTitle,
				leadName: input.leadName,
				structureName: structure.name,
				url: `${appUrl()}/accompagnement/dossiers/${application.id}/avis`,
			},
		})
	}
}

/** The lead's référent withdraws the application: a draft at any time, a submitted one before the deadline. */
export async function withdrawApplication({
	id,
	user,
	reason,
	now = new Date(),
}: {
	id: string
	user: Actor
	reason: string
	now?: Date
}): Promise<{ ok: true } | Refusal<'reason'>> {
	return db.transaction(async (tx) => {
		const access = await requireEditor(tx, id, user)
		if (refusedFor(decide(access, 'withdraw'), 'not-referent')) forbidden('Seul le référent de l’association chef de file peut retirer le dossier.')
		const { application } = access
		const withdrawal = withdrawalFrom(application.status)
		if (!withdrawal) return { ok: false as const, message: 'Ce dossier ne peut plus être retiré.' }
		const call = await getPublishedCall(application.callId, tx)
		const checked: ApplicationRequirement[] = []
		if ((withdrawal.requires as readonly string[]).includes('before-deadline')) {
			if (deadlinePassed(call.deadlineAt, now)) {
				return { ok: false as const, message: 'La date limite est passée : pour retirer ce dossier, adressez-vous au financeur.' }
			}
			checked.push('before-deadline')
		}
		if (!reason.trim()) return { ok: false as const, field: 'reason' as const, message: 'Indiquez la raison du retrait.' }
		await fire(tx, withdrawal, { id, actor: leadReferent(user), reason, checked, set: { statusReason: reason } })
		const members = await listMembersOf(id, tx)
		const active = members.filter((m) => m.organizationId && (m.status === 'confirmed' || m.status === 'invited'))
		const leadName = members.find((m) => m.role === 'lead')?.name ?? ''
		for (const referent of await referentEmails(tx, active.map((m) => m.organizationId!))) {
			await enqueueEmail(tx, {
				to: referent.email,
				template: 'application-withdrawn',
				data: { applicationTitle: application.title, callTitle: call.title, leadName, reason, url: url(id) },
			})
		}
		return { ok: true as const }
	})
}
