/**
 * The thread of a dossier between the funder's staff and the consortium: who may read it,
 * posting a message (one transaction with its audit event and its emails), reading it.
 *
 * Both sides load the application WITH the viewer's ownership in the WHERE clause: the
 * staff of the call's funder (submitted dossiers only), or a member of an association of
 * the consortium. Anyone else gets a 404.
 */
import { and, asc, desc, eq, or } from 'drizzle-orm'
import { notFound } from '#app/auth/permissions.server.ts'
import { recordAudit } from '#app/domain/audit.server.ts'
import { can, type PolicyUser } from '#app/auth/policy/index.ts'
import { policyUserOf } from '#app/auth/policy/load.server.ts'
import { funderApplicationsWhere, staffCallsWhere } from '#app/auth/policy/visibility.server.ts'
import { decide, getApplicationForUser } from '#app/domain/applications/access.server.ts'
import { appUrl } from '#app/env.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import {
	applicationMembers,
	applicationMessages,
	applicationRequests,
	applications,
	callQuestions,
	calls,
	memberships,
	organizations,
	users,
} from '#db/schema/index.ts'
import { MESSAGE_MAX_LENGTH, NUL_MESSAGE, requestOptions } from './requests.ts'

type Actor = { id: string } | PolicyUser
export type Side = 'funder' | 'consortium'

const NOT_VISIBLE = 'Ce dossier n’existe pas, n’a pas été déposé à cet appel, ou ne relève pas de votre financeur.'

export type ThreadApplication = {
	id: string
	callId: string
	title: string
	status: string
	callTitle: string
	funderId: string
	funderName: string
}

const threadColumns = {
	id: applications.id,
	callId: applications.callId,
	title: applications.title,
	status: applications.status,
	callTitle: calls.title,
	funderId: calls.funderId,
	funderName: organizations.name,
}

/**
 * The dossier for the staff of its call's funder; 404 for anyone else (another funder's
 * staff, an association, a juror), and for a draft, which the funder does not see.
 */
export async function getDossierForStaff(
	input: { user: Actor; callId: string; applicationId: string },
	executor: Executor = db,
	lock = false,
): Promise<ThreadApplication> {
	const user = await policyUserOf(executor, input.user)
	let query = executor
		.select(threadColumns)
		.from(applications)
		.innerJoin(calls, eq(calls.id, applications.callId))
		.innerJoin(organizations, eq(organizations.id, calls.funderId))
		.where(and(eq(applications.id, input.applicationId), eq(calls.id, input.callId), staffCallsWhere(user), funderApplicationsWhere(user)))
		.$dynamic()
	if (lock) query = query.for('update', { of: applications })
	const [row] = await query
	if (!row || !can(user, 'instruct', { kind: 'application', status: row.status, callId: row.callId, funderId: row.funderId }).allowed) notFound(NOT_VISIBLE)
	return row
}

/** The dossier for a member of an association of the consortium (404 otherwise), with the viewer's place in it. */
export async function getDossierForConsortium(input: { user: Actor; applicationId: string }) {
	const access = await getApplicationForUser({ id: input.applicationId, user: input.user })
	const [row] = await db
		.select(threadColumns)
		.from(applications)
		.innerJoin(calls, eq(calls.id, applications.callId))
		.innerJoin(organizations, eq(organizations.id, calls.funderId))
		.where(eq(applications.id, access.application.id))
	if (!row) notFound()
	return { dossier: row, isLead: access.isLead, maySendSupplements: decide(access, 'send-supplement').allowed }
}

/** What a request on this dossier's call may reopen. */
export async function requestOptionsOf(callId: string, executor: Executor = db) {
	const [[call], questions] = await Promise.all([
		executor.select({ requiredAttachments: calls.requiredAttachments }).from(calls).where(eq(calls.id, callId)),
		executor.select({ id: callQuestions.id }).from(callQuestions).where(eq(callQuestions.callId, callId)).limit(1),
	])
	const required = (call?.requiredAttachments ?? []) as { key: string; label: string }[]
	return requestOptions({ hasQuestions: questions.length > 0, requiredAttachments: required })
}

// ---------------------------------------------------------------------------------------
// Recipients.

/** The consortium's side: the référent of each confirmed association, and every member of the lead. */
export async function consortiumEmails(executor: Executor, applicationId: string): Promise<string[]> {
	const rows = await executor
		.selectDistinct({ email: users.email })
		.from(applicationMembers)
		.innerJoin(memberships, eq(memberships.organizationId, applicationMembers.organizationId))
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(
			and(
				eq(applicationMembers.applicationId, applicationId),
				or(
					eq(applicationMembers.role, 'lead'),
					and(eq(applicationMembers.status, 'confirmed'), eq(memberships.role, 'referent')),
				),
			),
		)
		.orderBy(asc(users.email))
	return rows.map((r) => r.email)
}

/** The funder's side: the staff of the call's funder. */
export async function staffEmails(executor: Executor, funderId: string): Promise<string[]> {
	const rows = await executor
		.selectDistinct({ email: users.email })
		.from(memberships)
		.innerJoin(users, eq(users.id, memberships.userId))
		.where(and(eq(memberships.organizationId, funderId), eq(memberships.role, 'staff')))
		.orderBy(asc(users.email))
	return rows.map((r) => r.email)
}

export const consortiumThreadUrl = (applicationId: string) => `${appUrl()}/candidatures/${applicationId}/messages`
export const staffThreadUrl = (dossier: { id: string; callId: string }) => `${appUrl()}/gestion/appels/${dossier.callId}/candidatures/${dossier.id}/messages`

// ---------------------------------------------------------------------------------------
// Posting.

export type MessageRefusal = { ok: false; message: string; field?: 'body' }

export function checkBody(body: string): MessageRefusal | null {
	if (!body.trim()) return { ok: false, field: 'body', message: 'Écrivez votre message.' }
	if (body.length > MESSAGE_MAX_LENGTH) {
		return { ok: false, field: 'body', message: `Le message ne doit pas dépasser ${MESSAGE_MAX_LENGTH.toLocaleString('fr-FR')} caractères.` }
	}
	if (body.includes('\u0000')) return { ok: false, field: 'body', message: NUL_MESSAGE }
	return null
}

/** Writes a message in the caller's transaction, with its audit event and the emails to the other side. */
export async function writeMessage(
	tx: Executor,
	{ dossier, user, side, body, requestId = null }: { dossier: ThreadApplication; user: Actor; side: Side; body: string; requestId?: string | null },
) {
	const [message] = await tx
		.insert(applicationMessages)
		.values({ applicationId: dossier.id, authorId: user.id, side, body, requestId })
		.returning({ id: applicationMessages.id })
	if (!requestId) {
		await recordAudit(tx, {
			actorUserId: user.id,
			action: side === 'funder' ? 'application.message_from_funder' : 'application.message_from_consortium',
			subjectType: 'application',
			subjectId: dossier.id,
			data: { messageId: message!.id, side },
		})
		const [author] = await tx.select({ displayName: users.displayName }).from(users).where(eq(users.id, user.id))
		const recipients = side === 'funder' ? await consortiumEmails(tx, dossier.id) : await staffEmails(tx, dossier.funderId)
		for (const to of recipients) {
			await enqueueEmail(tx, {
				to,
				template: 'dossier-message',
				data: {
					applicationTitle: dossier.title,
					callTitle: dossier.callTitle,
					funderName: dossier.funderName,
					from: side,
					authorName: author?.displayName ?? '',
					body,
					url: side === 'funder' ? consortiumThreadUrl(dossier.id) : staffThreadUrl(dossier),
				},
			})
		}
	}
	return message!.id
}

/** A message from the funder's staff to the consortium. */
export async function postStaffMessage(input: { user: Actor; callId: string; applicationId: string; body: string }): Promise<{ ok: true } | MessageRefusal> {
	const refused = checkBody(input.body)
	if (refused) return refused
	return db.transaction(async (tx) => {
		const dossier = await getDossierForStaff(input, tx)
		await writeMessage(tx, { dossier, user: input.user, side: 'funder', body: input.body.trim() })
		return { ok: true as const }
	})
}

/** A message from a member of the consortium to the funder's staff; the thread opens at submission. */
export async function postConsortiumMessage(input: { user: Actor; applicationId: string; body: string }): Promise<{ ok: true } | MessageRefusal> {
	const refused = checkBody(input.body)
	if (refused) return refused
	const { dossier } = await getDossierForConsortium(input)
	if (dossier.status === 'draft') {
		return { ok: false, message: 'Les messages avec le financeur s’ouvrent au dépôt du dossier : il ne voit pas encore votre brouillon.' }
	}
	return db.transaction(async (tx) => {
		await writeMessage(tx, { dossier, user: input.user, side: 'consortium', body: input.body.trim() })
		return { ok: true as const }
	})
}

// ---------------------------------------------------------------------------------------
// Reading.

/** The messages, oldest first, and the requests, newest first. */
export async function loadThread(applicationId: string) {
	const [messages, requests] = await Promise.all([
		db
			.select({
				id: applicationMessages.id,
				side: applicationMessages.side,
				body: applicationMessages.body,
				requestId: applicationMessages.requestId,
				createdAt: applicationMessages.createdAt,
				authorName: users.displayName,
			})
			.from(applicationMessages)
			.leftJoin(users, eq(users.id, applicationMessages.authorId))
			.where(eq(applicationMessages.applicationId, applicationId))
			.orderBy(asc(applicationMessages.createdAt), asc(applicationMessages.id)),
		db
			.select({
				id: applicationRequests.id,
				message: applicationRequests.message,
				items: applicationRequests.items,
				dueAt: applicationRequests.dueAt,
				status: applicationRequests.status,
				answeredAt: applicationRequests.answeredAt,
				closedAt: applicationRequests.closedAt,
				createdAt: applicationRequests.createdAt,
			})
			.from(applicationRequests)
			.where(eq(applicationRequests.applicationId, applicationId))
			.orderBy(desc(applicationRequests.createdAt)),
	])
	return { messages, requests }
}

