/** Engagement: the partner's (or the lead's) référent confirms, declines or withdraws. */
import { and, eq, isNull } from 'drizzle-orm'
import { forbidden, notFound } from '#app/auth/permissions.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { redetectConflictsFor } from '#app/domain/jury/conflicts.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { type Executor, db } from '#db/client.server.ts'
import { applicationMembers, applications, invitations } from '#db/schema/index.ts'
import { type Actor, type Refusal, organizationName, referentEmails, requireAnswerFor, url } from './access.server.ts'
import { isEditable } from './rules.ts'

export async function notifyLead(
	tx: Executor,
	application: typeof applications.$inferSelect,
	input: { organizationName: string; answer: 'confirmed' | 'declined' | 'withdrawn'; message: string | null },
) {
	for (const referent of await referentEmails(tx, [application.leadOrganizationId])) {
		await enqueueEmail(tx, {
			to: referent.email,
			template: 'application-partner-answered',
			data: { applicationTitle: application.title, ...input, url: url(application.id, 'partenaires') },
		})
	}
}

export async function acceptEngagement({
	id,
	user,
	organizationId,
	roleDescription,
	contribution,
	now = new Date(),
}: {
	id: string
	user: Actor
	/** Which of the user's associations answers (when they are référent of several in the consortium). */
	organizationId?: string
	roleDescription: string
	contribution: string
	now?: Date
}): Promise<{ ok: true } | Refusal<'roleDescription' | 'contribution'>> {
	return db.transaction(async (tx) => {
		const { application, member } = await requireAnswerFor(tx, id, user, organizationId)
		if (!isEditable(application.status)) return { ok: false as const, message: 'Ce dossier a été déposé ou retiré : l’engagement ne peut plus être modifié.' }
		if (member.status === 'confirmed') return { ok: false as const, message: 'Votre association a déjà confirmé son engagement.' }
		if (member.status !== 'invited') notFound()
		if (member.role === 'co_carrier' && member.invitationExpiresAt && member.invitationExpiresAt.getTime() <= now.getTime()) {
			return { ok: false as const, message: 'Cette invitation a expiré (elle était valable 14 jours). Demandez au chef de file de vous la renvoyer.' }
		}
		if (!roleDescription.trim()) return { ok: false as const, field: 'roleDescription' as const, message: 'Décrivez le rôle de votre association dans le projet (qui fait quoi).' }
		if (!contribution.trim()) return { ok: false as const, field: 'contribution' as const, message: 'Décrivez la contribution de votre association (moyens humains, matériels, financiers).' }
		await tx
			.update(applicationMembers)
			.set({ status: 'confirmed', roleDescription, contribution, confirmedVersion: application.version, confirmedAt: now, confirmedById: user.id, message: null })
			.where(and(eq(applicationMembers.id, member.id), eq(applicationMembers.status, 'invited')))
		await tx
			.update(invitations)
			.set({ acceptedAt: now })
			.where(and(eq(invitations.kind, 'application_partner'), eq(invitations.applicationId, id), eq(invitations.organizationId, member.organizationId!), isNull(invitations.acceptedAt)))
		const name = await organizationName(tx, member.organizationId!)
		await recordAudit(tx, {
			actorUserId: user.id,
			action: 'application.partner_confirmed',
			subjectType: 'application',
			subjectId: id,
			data: { memberId: member.id, organizationId: member.organizationId, organizationName: name, role: member.role, version: application.version },
		})
		if (member.role === 'co_carrier') await notifyLead(tx, application, { organizationName: name, answer: 'confirmed', message: null })
		// A consortium changed: the conflicts of the calls in jury it concerns are checked again.
		await redetectConflictsFor(tx, { applicationIds: [id] }, { actorUserId: user.id, now })
		return { ok: true as const }
	})
}

/** An invited partner declines (with a message), or a partner withdraws (after submission: flagged for staff). */
export async function answerNo({
	id,
	user,
	organizationId,
	intent,
	message,
	now = new Date(),
}: {
	id: string
	user: Actor
	organizationId?: string
	intent: 'decline' | 'withdraw'
	message: string
	now?: Date
}): Promise<{ ok: true } | Refusal<'message'>> {
	return db.transaction(async (tx) => {
		const { application, member } = await requireAnswerFor(tx, id, user, organizationId)
		if (member.role !== 'co_carrier') forbidden('Le chef de file ne se retire pas du projet : retirez le dossier.')
		if (intent === 'decline' && member.status !== 'invited') return { ok: false as const, message: 'Votre association a déjà répondu à cette invitation.' }
		if (intent === 'decline' && !isEditable(application.status)) return { ok: false as const, message: 'Ce dossier a été déposé ou retiré.' }
		if (application.status === 'withdrawn') return { ok: false as const, message: 'Ce dossier a été retiré.' }
		if (!message.trim()) return { ok: false as const, field: 'message' as const, message: 'Expliquez en quelques mots votre décision au chef de file.' }
		const status = intent === 'decline' ? 'declined' : 'withdrawn'
		await tx.update(applicationMembers).set({ status, message, confirmedVersion: null, confirmedAt: null }).where(eq(applicationMembers.id, member.id))
		await tx
			.update(invitations)
			.set({ declinedAt: now })
			.where(and(eq(invitations.kind, 'application_partner'), eq(invitations.applicationId, id), eq(invitations.organizationId, member.organizationId!), isNull(invitations.acceptedAt), isNull(invitations.declinedAt)))
		const name = await organizationName(tx, member.organizationId!)
		if (!isEditable(application.status)) {
			await tx
				.update(applications)
				.set({ flaggedAt: now, flagReason: `« ${name} » s’est retirée du projet après le dépôt : ${message}` })
				.where(eq(applications.id, id))
		}
		await recordAudit(tx, {
			actorUserId: user.id,
			action: intent === 'decline' ? 'application.partner_declined' : 'application.partner_withdrew',
			subjectType: 'application',
			subjectId: id,
			data: { memberId: member.id, organizationId: member.organizationId, organizationName: name, message, afterSubmission: !isEditable(application.status) },
		})
		await notifyLead(tx, application, { organizationName: name, answer: status, message })
		// A consortium changed: the conflicts of the calls in jury it concerns are checked again.
		await redetectConflictsFor(tx, { applicationIds: [id] }, { actorUserId: user.id, now })
		return { ok: true as const }
	})
}
