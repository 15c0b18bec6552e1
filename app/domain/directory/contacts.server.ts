/**
 * Writing to an association through the directory (issue 12). The association's référents
 * are emailed without the sender's address, and the sender is never given theirs: the
 * conversation lives on the portal, and both sides' addresses appear there only once a
 * référent has answered (`answered_at`). New conversations are rate-limited; a référent
 * may report one, which hides its sender from that association, and from every
 * association once REPORTS_TO_BLOCK different ones did; the platform admin lifts a report.
 */
import { and, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { can, PLATFORM, threadSideOf, type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { referentEmails } from '#app/domain/applications/access.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { consumeRateLimit } from '#app/domain/rate-limit.server.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { db, type Executor } from '#db/client.server.ts'
import { associationProfiles, organizations, partnerContactMessages, partnerContactReports, partnerContacts, users } from '#db/schema/index.ts'
import { CONTACT_LIMITS, LIMITS, REPORTS_TO_BLOCK } from './options.ts'

type Actor = PolicyUser | { id: string }
export type ContactRefusal = { ok: false; message: string; field?: 'subject' | 'message'; notFound?: true }

export const threadUrl = (contactId: string) => `/partenaires/messages/${contactId}`

/** Active (not lifted) reports of this sender: whether `organizationId` hid them, and by how many associations. */
export async function senderBlock(executor: Executor, senderUserId: string, organizationId?: string) {
	const rows = await executor
		.selectDistinct({ organizationId: partnerContactReports.organizationId })
		.from(partnerContactReports)
		.where(and(eq(partnerContactReports.reportedUserId, senderUserId), isNull(partnerContactReports.liftedAt)))
	const organizations = rows.map((r) => r.organizationId)
	return { hiddenFrom: organizationId ? organizations.includes(organizationId) : false, blocked: organizations.length >= REPORTS_TO_BLOCK }
}

const HIDDEN_MESSAGE = 'Cette association ne reçoit plus vos messages.'
const BLOCKED_MESSAGE = `Vos messages ont été signalés par ${REPORTS_TO_BLOCK} associations : vous ne pouvez plus écrire par l’annuaire. Pour en parler, écrivez à l’administrateur de la plateforme.`

class RateLimited extends Error {
	constructor(readonly refusal: ContactRefusal) {
		super(refusal.message)
	}
}

/** Not one control the person can fix, the check and its message. */
async function checkRecipient(executor: Executor, organizationId: string) {
	const [row] = await executor
		.select({ name: organizations.name, publishedAt: associationProfiles.publishedAt })
		.from(organizations)
		.innerJoin(associationProfiles, eq(associationProfiles.organizationId, organizations.id))
		.where(and(eq(organizations.id, organizationId), eq(organizations.kind, 'association')))
	return row?.publishedAt ? row : null
}

/** A signed-in person writes to a published association: a new conversation and its first message. */
export async function startContact(input: {
	user: Actor
	organizationId: string
	subject: string
	message: string
	senderOrganizationId?: string | null
	now?: Date
}): Promise<{ ok: true; contactId: string } | ContactRefusal> {
	const now = input.now ?? new Date()
	const user = await policyUserOf(db, input.user)
	const recipient = await checkRecipient(db, input.organizationId)
	if (!recipient) return { ok: false, notFound: true, message: 'Cette association n’est pas dans l’annuaire.' }
	if (!can(user, 'contact', { kind: 'directory', organizationId: input.organizationId }).allowed) {
		return { ok: false, message: 'Vous êtes membre de cette association : vous ne pouvez pas lui écrire par l’annuaire.' }
	}
	const subject = input.subject.trim().slice(0, LIMITS.subject)
	const body = input.message.trim().slice(0, LIMITS.message)
	if (!subject) return { ok: false, field: 'subject', message: 'Donnez un objet à votre message.' }
	if (!body) return { ok: false, field: 'message', message: 'Écrivez votre message.' }
	// The association they write for: one of theirs, or none.
	const senderOrganizationId =
		input.senderOrganizationId && can(user, 'preview-profile', { kind: 'directory', organizationId: input.senderOrganizationId }).allowed ? input.senderOrganizationId : null
	const block = await senderBlock(db, user.id, input.organizationId)
	if (block.hiddenFrom) return { ok: false, message: HIDDEN_MESSAGE }
	if (block.blocked) return { ok: false, message: BLOCKED_MESSAGE }
	try {
		return await db.transaction(async (tx) => {
			const pair = await consumeRateLimit(tx, `partner-contact:pair:${user.id}:${input.organizationId}`, CONTACT_LIMITS.perPair, now)
			if (!pair.ok) {
				throw new RateLimited({
					ok: false,
					message: `Vous avez déjà écrit à cette association il y a moins d’une semaine : poursuivez la conversation déjà ouverte, ou réessayez à partir du ${formatDateTime(new Date(now.getTime() + pair.retryAfterSeconds * 1000))}.`,
				})
			}
			const perSender = await consumeRateLimit(tx, `partner-contact:sender:${user.id}`, CONTACT_LIMITS.perSender, now)
			if (!perSender.ok) {
				throw new RateLimited({
					ok: false,
					message: `Vous avez ouvert ${CONTACT_LIMITS.perSender.max} conversations en 24 heures, le maximum : réessayez à partir du ${formatDateTime(new Date(now.getTime() + perSender.retryAfterSeconds * 1000))}.`,
				})
			}
			const [contact] = await tx
				.insert(partnerContacts)
				.values({ senderUserId: user.id, senderOrganizationId, recipientOrganizationId: input.organizationId, subject, createdAt: now })
				.returning({ id: partnerContacts.id })
			await tx.insert(partnerContactMessages).values({ contactId: contact!.id, authorUserId: user.id, body, createdAt: now })
			const fromName = await senderName(tx, user.id, senderOrganizationId)
			for (const { email } of await referentEmails(tx, [input.organizationId])) {
				await enqueueEmail(tx, {
					to: email,
					template: 'partner-contact',
					data: { kind: 'new', to: 'association', associationName: recipient.name, fromName, subject, url: `${appUrl()}${threadUrl(contact!.id)}` },
				})
			}
			await recordAudit(tx, { actorUserId: user.id, action: 'directory.contact_sent', subjectType: 'organization', subjectId: input.organizationId, data: { contactId: contact!.id } })
			return { ok: true as const, contactId: contact!.id }
		})
	} catch (error) {
		// Refused by a limit: nothing is written, not even the count of this attempt.
		if (error instanceof RateLimited) return error.refusal
		throw error
	}
}

/** « Camille Martin (Les Jardins partagés) »: the name shown to the other side, never an address. */
async function senderName(executor: Executor, userId: string, organizationId: string | null) {
	const [row] = await executor
		.select({ displayName: users.displayName, organizationName: organizations.name })
		.from(users)
		.leftJoin(organizations, organizationId ? eq(organizations.id, organizationId) : sql`false`)
		.where(eq(users.id, userId))
	if (!row) return 'Une personne'
	return row.organizationName ? `${row.displayName} (${row.organizationName})` : row.displayName
}

async function loadContact(executor: Executor, contactId: string) {
	if (contactId.length > 100) return null
	const [row] = await executor
		.select({ contact: partnerContacts, associationName: organizations.name })
		.from(partnerContacts)
		.innerJoin(organizations, eq(organizations.id, partnerContacts.recipientOrganizationId))
		.where(eq(partnerContacts.id, contactId))
	return row ?? null
}

const resourceOf = (contact: typeof partnerContacts.$inferSelect) => ({
	kind: 'partner-thread' as const,
	senderUserId: contact.senderUserId,
	recipientOrganizationId: contact.recipientOrganizationId,
})

/**
 * The conversation as `user` reads it, or null (404) when it is not theirs: neither its
 * sender nor a référent of the association written to, or a référent while its sender is
 * hidden from the association (reported). The other side's addresses only once answered.
 */
export async function getThread(input: { user: PolicyUser; contactId: string }) {
	const row = await loadContact(db, input.contactId)
	if (!row) return null
	const side = threadSideOf(input.user, resourceOf(row.contact))
	if (!side) return null
	const block = await senderBlock(db, row.contact.senderUserId, row.contact.recipientOrganizationId)
	if (side === 'association' && block.hiddenFrom) return null
	const senderOrganization = alias(organizations, 'sender_organization')
	const messages = await db
		.select({ id: partnerContactMessages.id, authorUserId: partnerContactMessages.authorUserId, authorName: users.displayName, body: partnerContactMessages.body, createdAt: partnerContactMessages.createdAt })
		.from(partnerContactMessages)
		.leftJoin(users, eq(users.id, partnerContactMessages.authorUserId))
		.where(eq(partnerContactMessages.contactId, row.contact.id))
		.orderBy(partnerContactMessages.createdAt, partnerContactMessages.id)
		.limit(500)
	const [sender] = await db
		.select({ displayName: users.displayName, email: users.email, organizationName: senderOrganization.name })
		.from(users)
		.leftJoin(senderOrganization, eq(senderOrganization.id, sql`${row.contact.senderOrganizationId}`))
		.where(eq(users.id, row.contact.senderUserId))
	const answered = row.contact.answeredAt !== null
	// Once a référent answered: the sender sees the addresses of the référents who wrote, the association the sender's.
	const associationAuthors = [...new Set(messages.filter((m) => m.authorUserId && m.authorUserId !== row.contact.senderUserId).map((m) => m.authorUserId!))]
	const revealed =
		!answered ? [] : side === 'association' ? (sender ? [{ name: sender.displayName, email: sender.email }] : []) : associationAuthors.length ? await db.select({ name: users.displayName, email: users.email }).from(users).where(inArray(users.id, associationAuthors)) : []
	const [report] = await db.select({ id: partnerContactReports.id }).from(partnerContactReports).where(eq(partnerContactReports.contactId, row.contact.id))
	return {
		id: row.contact.id,
		subject: row.contact.subject,
		side,
		associationId: row.contact.recipientOrganizationId,
		associationName: row.associationName,
		senderName: sender ? (sender.organizationName ? `${sender.displayName} (${sender.organizationName})` : sender.displayName) : 'Une personne',
		answeredAt: row.contact.answeredAt,
		createdAt: row.contact.createdAt,
		messages: messages.map((m) => ({ id: m.id, fromSender: m.authorUserId === row.contact.senderUserId, authorName: m.authorName ?? 'Compte supprimé', body: m.body, createdAt: m.createdAt })),
		revealed,
		reported: Boolean(report),
		/** The sender may no longer write here (reported by this association, or by too many). */
		senderBlocked: block.hiddenFrom || block.blocked,
	}
}

/** A reply on the portal, from either side; a référent's first reply reveals both sides' addresses. */
export async function replyToContact(input: { user: Actor; contactId: string; message: string; now?: Date }): Promise<{ ok: true } | ContactRefusal> {
	const now = input.now ?? new Date()
	const user = await policyUserOf(db, input.user)
	const body = input.message.trim()
	if (!body) return { ok: false, field: 'message', message: 'Écrivez votre message.' }
	if (body.length > LIMITS.message) return { ok: false, field: 'message', message: `Message : ${LIMITS.message} caractères au plus.` }
	return db.transaction(async (tx) => {
		const row = await loadContact(tx, input.contactId)
		const side = row ? threadSideOf(user, resourceOf(row.contact)) : null
		if (!row || !side) return { ok: false as const, notFound: true as const, message: 'Conversation introuvable.' }
		const block = await senderBlock(tx, row.contact.senderUserId, row.contact.recipientOrganizationId)
		if (side === 'association' && block.hiddenFrom) return { ok: false as const, notFound: true as const, message: 'Conversation introuvable.' }
		if (side === 'sender' && block.hiddenFrom) return { ok: false as const, message: HIDDEN_MESSAGE }
		if (side === 'sender' && block.blocked) return { ok: false as const, message: BLOCKED_MESSAGE }
		await tx.insert(partnerContactMessages).values({ contactId: row.contact.id, authorUserId: user.id, body, createdAt: now })
		const firstAnswer = side === 'association' && row.contact.answeredAt === null
		if (firstAnswer) await tx.update(partnerContacts).set({ answeredAt: now }).where(and(eq(partnerContacts.id, row.contact.id), isNull(partnerContacts.answeredAt)))
		const url = `${appUrl()}${threadUrl(row.contact.id)}`
		const data = { kind: 'reply' as const, associationName: row.associationName, subject: row.contact.subject, url }
		if (side === 'association') {
			const [sender] = await tx.select({ email: users.email }).from(users).where(eq(users.id, row.contact.senderUserId))
			if (sender) await enqueueEmail(tx, { to: sender.email, template: 'partner-contact', data: { ...data, to: 'sender', fromName: row.associationName } })
		} else {
			const fromName = await senderName(tx, user.id, row.contact.senderOrganizationId)
			for (const { email } of await referentEmails(tx, [row.contact.recipientOrganizationId])) {
				await enqueueEmail(tx, { to: email, template: 'partner-contact', data: { ...data, to: 'association', fromName } })
			}
		}
		await recordAudit(tx, {
			actorUserId: user.id,
			action: firstAnswer ? 'directory.contact_answered' : 'directory.contact_replied',
			subjectType: 'organization',
			subjectId: row.contact.recipientOrganizationId,
			data: { contactId: row.contact.id },
		})
		return { ok: true as const }
	})
}

/** A référent reports the conversation: its sender is hidden from the association until an admin lifts the report. */
export async function reportContact(input: { user: Actor; contactId: string; reason: string }): Promise<{ ok: true; organizationId: string } | ContactRefusal> {
	const user = await policyUserOf(db, input.user)
	return db.transaction(async (tx) => {
		const row = await loadContact(tx, input.contactId)
		if (!row || threadSideOf(user, resourceOf(row.contact)) !== 'association') return { ok: false as const, notFound: true as const, message: 'Conversation introuvable.' }
		const inserted = await tx
			.insert(partnerContactReports)
			.values({
				contactId: row.contact.id,
				reportedUserId: row.contact.senderUserId,
				reporterUserId: user.id,
				organizationId: row.contact.recipientOrganizationId,
				reason: input.reason.trim().slice(0, LIMITS.reason),
			})
			.onConflictDoNothing()
			.returning({ id: partnerContactReports.id })
		if (inserted.length > 0) {
			await recordAudit(tx, { actorUserId: user.id, action: 'directory.contact_reported', subjectType: 'organization', subjectId: row.contact.recipientOrganizationId, data: { contactId: row.contact.id } })
		}
		return { ok: true as const, organizationId: row.contact.recipientOrganizationId }
	})
}

/** The association's conversations, newest activity first, without those of the senders it reported. */
export async function listInbox(organizationId: string, page = 1) {
	const pageSize = 50
	const lastAt = sql<Date>`(select max(${partnerContactMessages.createdAt}) from ${partnerContactMessages} where ${partnerContactMessages.contactId} = ${partnerContacts.id})`
	const senderOrganization = alias(organizations, 'sender_organization')
	const rows = await db
		.select({
			id: partnerContacts.id,
			subject: partnerContacts.subject,
			answeredAt: partnerContacts.answeredAt,
			createdAt: partnerContacts.createdAt,
			senderName: users.displayName,
			senderOrganizationName: senderOrganization.name,
			lastAt: sql<string>`${lastAt}`,
			total: sql<number>`count(*) over ()`.mapWith(Number),
		})
		.from(partnerContacts)
		.innerJoin(users, eq(users.id, partnerContacts.senderUserId))
		.leftJoin(senderOrganization, eq(senderOrganization.id, partnerContacts.senderOrganizationId))
		.where(
			and(
				eq(partnerContacts.recipientOrganizationId, organizationId),
				sql`not exists (select 1 from ${partnerContactReports} where ${partnerContactReports.reportedUserId} = ${partnerContacts.senderUserId} and ${partnerContactReports.organizationId} = ${organizationId} and ${partnerContactReports.liftedAt} is null)`,
			),
		)
		.orderBy(desc(lastAt), desc(partnerContacts.id))
		.limit(pageSize)
		.offset((Math.max(1, Math.min(page, 100)) - 1) * pageSize)
	return { threads: rows.map(({ total: _t, ...row }) => row), total: rows[0]?.total ?? 0 }
}

/** The conversations this person opened. */
export async function listSentContacts(userId: string) {
	return db
		.select({ id: partnerContacts.id, subject: partnerContacts.subject, answeredAt: partnerContacts.answeredAt, createdAt: partnerContacts.createdAt, associationName: organizations.name })
		.from(partnerContacts)
		.innerJoin(organizations, eq(organizations.id, partnerContacts.recipientOrganizationId))
		.where(eq(partnerContacts.senderUserId, userId))
		.orderBy(desc(partnerContacts.createdAt))
		.limit(100)
}

/** For the platform admin: the reports, active first, with how many associations reported each sender. */
export async function listReports() {
	const reported = alias(users, 'reported')
	return db
		.select({
			id: partnerContactReports.id,
			reason: partnerContactReports.reason,
			createdAt: partnerContactReports.createdAt,
			liftedAt: partnerContactReports.liftedAt,
			subject: partnerContacts.subject,
			organizationName: organizations.name,
			reportedName: reported.displayName,
			reportedEmail: reported.email,
			activeReports: sql<number>`(select count(distinct r2.organization_id) from ${partnerContactReports} r2 where r2.reported_user_id = ${partnerContactReports.reportedUserId} and r2.lifted_at is null)`.mapWith(Number),
		})
		.from(partnerContactReports)
		.innerJoin(partnerContacts, eq(partnerContacts.id, partnerContactReports.contactId))
		.innerJoin(organizations, eq(organizations.id, partnerContactReports.organizationId))
		.innerJoin(reported, eq(reported.id, partnerContactReports.reportedUserId))
		.orderBy(sql`${partnerContactReports.liftedAt} is not null`, desc(partnerContactReports.createdAt))
		.limit(200)
}

/** The platform admin lifts a report: the sender may write to that association again. */
export async function liftReport(input: { user: Actor; reportId: string }): Promise<{ ok: true } | ContactRefusal> {
	const user = await policyUserOf(db, input.user)
	if (!can(user, 'administer', PLATFORM).allowed) return { ok: false, notFound: true, message: 'Signalement introuvable.' }
	return db.transaction(async (tx) => {
		const lifted = await tx
			.update(partnerContactReports)
			.set({ liftedAt: new Date(), liftedById: user.id })
			.where(and(eq(partnerContactReports.id, input.reportId.slice(0, 100)), isNull(partnerContactReports.liftedAt)))
			.returning({ id: partnerContactReports.id, organizationId: partnerContactReports.organizationId })
		if (lifted.length === 0) return { ok: false as const, message: 'Ce signalement est déjà levé ou n’existe pas.' }
		await recordAudit(tx, { actorUserId: user.id, action: 'directory.report_lifted', subjectType: 'organization', subjectId: lifted[0]!.organizationId, data: { reportId: lifted[0]!.id } })
		return { ok: true as const }
	})
}

/** How many conversations of the association are unanswered (for its page's link). */
export async function unansweredCount(organizationId: string) {
	const [row] = await db
		.select({ value: count() })
		.from(partnerContacts)
		.where(and(eq(partnerContacts.recipientOrganizationId, organizationId), isNull(partnerContacts.answeredAt)))
	return row?.value ?? 0
}
