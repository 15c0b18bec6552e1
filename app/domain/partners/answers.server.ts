/**
 * Answers to a « je cherche des partenaires » announcement (issue 12): another association
 * answers with a message (one answer per association per announcement; withdrawn while
 * pending); the announcer accepts — its draft on the call receives the responder as an
 * invited partner, through the consortium's own invitation (reflection delay, email) — or
 * declines with an optional reason. Both sides are told by email and on the page.
 */
import { and, desc, eq } from 'drizzle-orm'
import { notFound } from '#app/auth/permissions.server.ts'
import { isEditable } from '#app/domain/applications/rules.ts'
import { inviteOrganizationIn } from '#app/domain/applications/consortium.server.ts'
import { createApplicationIn } from '#app/domain/applications/creation.server.ts'
import { isOpen, notOpenMessage } from '#app/domain/applications/published-calls.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { fire } from '#app/domain/lifecycle/engine.server.ts'
import { isNotMoved } from '#app/domain/lifecycle/transitions.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applications, organizations, partnerAnnouncements, partnerAnswers } from '#db/schema/index.ts'
import {
	type Actor,
	actorAs,
	announcementUrl,
	associationsById,
	CALL_CLOSED_MESSAGE,
	decide,
	loadPartnerCall,
	type PartnerCall,
	referentAddresses,
	type Refusal,
	takesAnnouncements,
} from './context.server.ts'
import { answerTransitions } from './lifecycles.ts'

export const ANSWER_NOT_FOUND = 'Cette réponse n’existe pas.'
const ALREADY_DECIDED = 'Cette réponse a déjà été traitée (acceptée, déclinée ou retirée) : rechargez la page.'

type Announcement = typeof partnerAnnouncements.$inferSelect
type Answer = typeof partnerAnswers.$inferSelect

/** A refusal met deep in the acceptance (the draft created, the invitation refused): the transaction is rolled back. */
class AcceptRefused extends Error {
	constructor(readonly refusal: Refusal) {
		super(refusal.message)
	}
}

export async function answerAnnouncement(input: {
	user: Actor
	callId: string
	announcementId: string
	organizationId: string
	message: string
	now?: Date
}): Promise<{ ok: true; answerId: string } | Refusal<'organizationId'>> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const call = await loadPartnerCall(tx, input.callId, true)
		const [announcement] = await tx
			.select()
			.from(partnerAnnouncements)
			.where(and(eq(partnerAnnouncements.id, input.announcementId), eq(partnerAnnouncements.callId, call.id)))
			.for('share')
		if (!announcement) notFound('Cette annonce n’existe pas ou n’est plus en ligne.')
		const decision = await decide(tx, input.user, 'answer', {
			organizationId: input.organizationId,
			announcerOrganizationId: announcement.organizationId,
			callOpen: takesAnnouncements(call, now),
		})
		if (!decision.allowed && decision.reason === 'not-member') {
			return {
				ok: false as const,
				field: 'organizationId' as const,
				message:
					input.organizationId === announcement.organizationId
						? 'Votre association a publié cette annonce : elle ne peut pas y répondre.'
						: 'Choisissez une de vos associations.',
			}
		}
		if (!decision.allowed) return { ok: false as const, message: CALL_CLOSED_MESSAGE }
		if (announcement.status !== 'open') return { ok: false as const, message: 'Cette annonce est fermée : elle ne reçoit plus de réponse.' }
		// One answer per association per announcement (the unique index stands behind this check).
		const inserted = await tx
			.insert(partnerAnswers)
			.values({ announcementId: announcement.id, organizationId: input.organizationId, authorUserId: input.user.id, message: input.message })
			.onConflictDoNothing()
			.returning({ id: partnerAnswers.id })
		if (inserted.length === 0) {
			return { ok: false as const, field: 'organizationId' as const, message: 'Votre association a déjà répondu à cette annonce.' }
		}
		const answerId = inserted[0]!.id
		const names = await associationsById(tx, [input.organizationId])
		const responderName = names.get(input.organizationId)?.name ?? ''
		await recordAudit(tx, {
			actorUserId: input.user.id,
			action: 'partner_answer.sent',
			subjectType: 'partner-answer',
			subjectId: answerId,
			data: { announcementId: announcement.id, organizationId: input.organizationId, organizationName: responderName },
		})
		for (const { email } of await referentAddresses(tx, [announcement.organizationId])) {
			await enqueueEmail(tx, {
				to: email,
				template: 'partner-answer-received',
				data: { announcementTitle: announcement.title, callTitle: call.title, organizationName: responderName, message: input.message, url: announcementUrl(call.id, announcement.id) },
			})
		}
		return { ok: true as const, answerId }
	})
}

/** The answer with its announcement, locked (both rows), or a 404. */
async function lockAnswer(tx: Executor, callId: string, answerId: string): Promise<{ answer: Answer; announcement: Announcement }> {
	const [row] = await tx
		.select({ answer: partnerAnswers, announcement: partnerAnnouncements })
		.from(partnerAnswers)
		.innerJoin(partnerAnnouncements, eq(partnerAnnouncements.id, partnerAnswers.announcementId))
		.where(and(eq(partnerAnswers.id, answerId), eq(partnerAnnouncements.callId, callId)))
		.for('update')
	if (!row) notFound(ANSWER_NOT_FOUND)
	return row
}

export async function withdrawAnswer(input: { user: Actor; callId: string; answerId: string }): Promise<{ ok: true } | Refusal> {
	return db.transaction(async (tx) => {
		const { answer } = await lockAnswer(tx, input.callId, input.answerId)
		const decision = await decide(tx, input.user, 'manage-answer', { organizationId: answer.organizationId })
		if (!decision.allowed) notFound(ANSWER_NOT_FOUND)
		try {
			await fire(tx, answerTransitions.withdraw, { id: answer.id, actor: actorAs(input.user, 'association:responder') })
		} catch (error) {
			if (isNotMoved(error)) return { ok: false as const, message: 'Seule une réponse en attente peut être retirée.' }
			throw error
		}
		return { ok: true as const }
	})
}

async function tellBothSides(
	tx: Executor,
	input: { call: PartnerCall; announcement: Announcement; answer: Answer; decision: 'accepted' | 'declined'; reason: string | null; notifyAnnouncer: boolean },
) {
	const names = await associationsById(tx, [input.announcement.organizationId, input.answer.organizationId])
	const data = {
		announcementTitle: input.announcement.title,
		callTitle: input.call.title,
		announcerName: names.get(input.announcement.organizationId)?.name ?? '',
		responderName: names.get(input.answer.organizationId)?.name ?? '',
		decision: input.decision,
		reason: input.reason,
		url: announcementUrl(input.call.id, input.announcement.id),
	}
	for (const { email } of await referentAddresses(tx, [input.answer.organizationId])) {
		await enqueueEmail(tx, { to: email, template: 'partner-answer-decided', data: { ...data, audience: 'responder' as const } })
	}
	if (!input.notifyAnnouncer) return
	for (const { email } of await referentAddresses(tx, [input.announcement.organizationId])) {
		await enqueueEmail(tx, { to: email, template: 'partner-answer-decided', data: { ...data, audience: 'announcer' as const } })
	}
}

/**
 * The draft that receives accepted partners: the one linked to the announcement while it is a
 * draft, else the announcer's latest draft on the call, else a new one titled from the
 * announcement (created by the acceptance). Linked to the announcement.
 */
async function announcerDraft(tx: Executor, input: { user: Actor; call: PartnerCall; announcement: Announcement; now: Date }): Promise<string> {
	const { announcement } = input
	if (announcement.applicationId) {
		const [linked] = await tx.select({ id: applications.id, status: applications.status }).from(applications).where(eq(applications.id, announcement.applicationId))
		if (linked && isEditable(linked.status)) return linked.id
		if (linked) throw new AcceptRefused({ ok: false, message: 'Le dossier lié à cette annonce a été déposé : il ne reçoit plus de nouveau partenaire.' })
	}
	const [latest] = await tx
		.select({ id: applications.id })
		.from(applications)
		.where(and(eq(applications.callId, input.call.id), eq(applications.leadOrganizationId, announcement.organizationId), eq(applications.status, 'draft')))
		.orderBy(desc(applications.createdAt))
		.limit(1)
	let applicationId = latest?.id
	if (!applicationId) {
		const created = await createApplicationIn(tx, { user: input.user, callId: input.call.id, title: announcement.title, leadOrganizationId: announcement.organizationId, now: input.now })
		if (!created.ok) throw new AcceptRefused({ ok: false, message: created.message })
		applicationId = created.applicationId
	}
	await tx.update(partnerAnnouncements).set({ applicationId, updatedAt: input.now }).where(eq(partnerAnnouncements.id, announcement.id))
	return applicationId
}

/**
 * The announcer accepts an answer: the responder is invited as a partner of its draft on the
 * call (created if there is none), through invitePartnerOrganization's own steps; the
 * answer records the invitation. One transaction: a refused invitation leaves nothing.
 */
export async function acceptAnswer(input: {
	user: Actor
	callId: string
	answerId: string
	now?: Date
}): Promise<{ ok: true; applicationId: string; invitationId: string; notEmailed: string | null } | Refusal> {
	const now = input.now ?? new Date()
	try {
		return await db.transaction(async (tx) => {
			const call = await loadPartnerCall(tx, input.callId, true)
			const { answer, announcement } = await lockAnswer(tx, call.id, input.answerId)
			const decision = await decide(tx, input.user, 'manage-announcement', { organizationId: announcement.organizationId })
			if (!decision.allowed) notFound(ANSWER_NOT_FOUND)
			if (answer.status !== 'pending') return { ok: false as const, message: ALREADY_DECIDED }
			if (announcement.status !== 'open') return { ok: false as const, message: 'Cette annonce est fermée : ses réponses ne peuvent plus être acceptées.' }
			// A draft may only be created (or receive partners) while the call takes dossiers.
			if (!isOpen(call, now)) return { ok: false as const, message: notOpenMessage(call, now) }
			const applicationId = await announcerDraft(tx, { user: input.user, call, announcement, now })
			const [responder] = await tx
				.select({ id: organizations.id, name: organizations.name, siren: organizations.siren, rna: organizations.rna })
				.from(organizations)
				.where(eq(organizations.id, answer.organizationId))
			if (!responder) notFound(ANSWER_NOT_FOUND)
			const invited = await inviteOrganizationIn(tx, { id: applicationId, user: input.user, organization: responder, now })
			if (!invited.ok) throw new AcceptRefused({ ok: false, message: invited.message })
			const invitationId = invited.invitationIds[0]
			if (!invitationId) throw new AcceptRefused({ ok: false, message: `« ${responder.name} » n’a pas de référent à inviter : elle doit d’abord en désigner un.` })
			await fire(tx, answerTransitions.accept, {
				id: answer.id,
				actor: actorAs(input.user, 'association:announcer'),
				checked: ['call-open', 'answer-open'],
				set: { invitationId, decidedAt: now },
				data: { applicationId, invitationId, organizationId: responder.id, organizationName: responder.name },
			})
			await tellBothSides(tx, { call, announcement, answer, decision: 'accepted', reason: null, notifyAnnouncer: true })
			return { ok: true as const, applicationId, invitationId, notEmailed: invited.notEmailed }
		})
	} catch (error) {
		if (error instanceof AcceptRefused) return error.refusal
		if (isNotMoved(error)) return { ok: false, message: ALREADY_DECIDED }
		throw error
	}
}

export async function declineAnswer(input: { user: Actor; callId: string; answerId: string; reason: string; now?: Date }): Promise<{ ok: true } | Refusal> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const call = await loadPartnerCall(tx, input.callId)
		const { answer, announcement } = await lockAnswer(tx, call.id, input.answerId)
		const decision = await decide(tx, input.user, 'manage-announcement', { organizationId: announcement.organizationId })
		if (!decision.allowed) notFound(ANSWER_NOT_FOUND)
		const reason = input.reason.trim() || null
		try {
			await fire(tx, answerTransitions.decline, { id: answer.id, actor: actorAs(input.user, 'association:announcer'), reason, set: { statusReason: reason, decidedAt: now } })
		} catch (error) {
			if (isNotMoved(error)) return { ok: false as const, message: ALREADY_DECIDED }
			throw error
		}
		await tellBothSides(tx, { call, announcement, answer, decision: 'declined', reason, notifyAnnouncer: false })
		return { ok: true as const }
	})
}

/** Closing an announcement declines its pending answers, in the closing transaction. */
export async function declinePendingAnswersOf(tx: Executor, input: { user: Actor; announcement: Announcement; reason: string; now: Date }) {
	const pending = await tx
		.select()
		.from(partnerAnswers)
		.where(and(eq(partnerAnswers.announcementId, input.announcement.id), eq(partnerAnswers.status, 'pending')))
		.for('update')
	if (pending.length === 0) return
	const call = await loadPartnerCall(tx, input.announcement.callId)
	for (const answer of pending) {
		await fire(tx, answerTransitions.decline, {
			id: answer.id,
			actor: actorAs(input.user, 'association:announcer'),
			reason: input.reason,
			set: { statusReason: input.reason, decidedAt: input.now },
		})
		await tellBothSides(tx, { call, announcement: input.announcement, answer, decision: 'declined', reason: input.reason, notifyAnnouncer: false })
	}
}
