/**
 * Requests for a missing piece or answer: the funder's staff open one (a message, the
 * items to reopen, a due date), the lead sends the completed items back, staff may close
 * it early, and the scheduler closes it at its due date. Each is one transaction with its
 * audit event and its emails; the application keeps its status throughout.
 */
import { and, asc, eq, lte } from 'drizzle-orm'
import { recordAudit } from '#app/domain/audit.server.ts'
import { requireApplicationEditor } from '#app/domain/applications/access.server.ts'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { formatDateTime } from '#app/utils/format.ts'
import { db, type Executor } from '#db/client.server.ts'
import { applicationRequests, calls, organizations, users } from '#db/schema/index.ts'
import { MESSAGE_MAX_LENGTH, NUL_MESSAGE, REQUEST_MAX_DAYS, REQUEST_MAX_ITEMS, canRequestComplement, isRequestActive, itemLabel } from './requests.ts'
import {
	consortiumEmails,
	consortiumThreadUrl,
	getDossierForStaff,
	requestOptionsOf,
	staffEmails,
	staffThreadUrl,
	writeMessage,
	type ThreadApplication,
} from './thread.server.ts'

type Actor = { id: string }
export type RequestRefusal = { ok: false; message: string; field?: 'message' | 'items' | 'dueDate' }

/** The funder's staff reopen the listed items of a submitted or admissible dossier until `dueAt`. */
export async function openRequest(input: {
	user: Actor
	callId: string
	applicationId: string
	message: string
	items: string[]
	dueAt: Date | null
	now?: Date
}): Promise<{ ok: true; requestId: string } | RequestRefusal> {
	const now = input.now ?? new Date()
	const message = input.message.trim()
	if (!message) return { ok: false, field: 'message', message: 'Expliquez ce que vous demandez.' }
	if (message.length > MESSAGE_MAX_LENGTH) return { ok: false, field: 'message', message: `Le message ne doit pas dépasser ${MESSAGE_MAX_LENGTH.toLocaleString('fr-FR')} caractères.` }
	if (message.includes('\u0000')) return { ok: false, field: 'message', message: NUL_MESSAGE }
	const items = [...new Set(input.items)]
	if (items.length === 0) return { ok: false, field: 'items', message: 'Cochez au moins une partie du dossier à rouvrir.' }
	if (items.length > REQUEST_MAX_ITEMS) return { ok: false, field: 'items', message: `Cochez au plus ${REQUEST_MAX_ITEMS} parties du dossier.` }
	if (!input.dueAt) return { ok: false, field: 'dueDate', message: 'Indiquez une date et une heure qui existent à Paris.' }
	if (input.dueAt.getTime() <= now.getTime()) return { ok: false, field: 'dueDate', message: 'La date limite de la demande doit être dans le futur.' }
	if (input.dueAt.getTime() > now.getTime() + REQUEST_MAX_DAYS * 24 * 3600_000) {
		return { ok: false, field: 'dueDate', message: `La date limite de la demande doit être dans les ${REQUEST_MAX_DAYS} jours.` }
	}
	return db.transaction(async (tx) => {
		// Locks the application: its status and its open requests cannot change meanwhile.
		const dossier = await getDossierForStaff(input, tx, true)
		if (!canRequestComplement(dossier.status)) {
			return { ok: false as const, message: 'Une demande de complément ne porte que sur un dossier déposé ou déclaré recevable, avant le jury.' }
		}
		const options = await requestOptionsOf(dossier.callId, tx)
		const unknown = items.find((item) => !options.some((o) => o.value === item))
		if (unknown) return { ok: false as const, field: 'items' as const, message: 'Cochez les parties du dossier parmi celles proposées.' }
		const open = await tx
			.select({ id: applicationRequests.id, status: applicationRequests.status, items: applicationRequests.items, dueAt: applicationRequests.dueAt })
			.from(applicationRequests)
			.where(and(eq(applicationRequests.applicationId, dossier.id), eq(applicationRequests.status, 'open')))
		if (open.some((r) => isRequestActive(r, now))) {
			return { ok: false as const, message: 'Une demande de complément est déjà en cours sur ce dossier : clôturez-la avant d’en envoyer une autre.' }
		}
		const [request] = await tx
			.insert(applicationRequests)
			.values({ applicationId: dossier.id, requestedById: input.user.id, message, items, dueAt: input.dueAt! })
			.returning({ id: applicationRequests.id })
		await writeMessage(tx, { dossier, user: input.user, side: 'funder', body: message, requestId: request!.id })
		const labels = items.map((item) => itemLabel(options, item))
		await recordAudit(tx, {
			actorUserId: input.user.id,
			action: 'application.request_opened',
			subjectType: 'application',
			subjectId: dossier.id,
			data: { requestId: request!.id, items, labels, dueAt: input.dueAt!.toISOString() },
		})
		for (const to of await consortiumEmails(tx, dossier.id)) {
			await enqueueEmail(tx, {
				to,
				template: 'dossier-request-opened',
				data: {
					applicationTitle: dossier.title,
					callTitle: dossier.callTitle,
					funderName: dossier.funderName,
					message,
					items: labels,
					dueAt: formatDateTime(input.dueAt!),
					url: consortiumThreadUrl(dossier.id),
				},
			})
		}
		return { ok: true as const, requestId: request!.id }
	})
}

async function dossierOf(tx: Executor, applicationId: string, status: string, title: string, callId: string): Promise<ThreadApplication> {
	const [call] = await tx
		.select({ title: calls.title, funderId: calls.funderId, funderName: organizations.name })
		.from(calls)
		.innerJoin(organizations, eq(organizations.id, calls.funderId))
		.where(eq(calls.id, callId))
	return { id: applicationId, callId, title, status, callTitle: call!.title, funderId: call!.funderId, funderName: call!.funderName }
}

/**
 * "Envoyer les compléments": the lead says it is done. The items close again at once; the
 * funder's staff are told by email.
 */
export async function answerRequest(input: { user: Actor; applicationId: string; requestId: string; now?: Date }): Promise<{ ok: true } | RequestRefusal> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		// 404 outside the consortium, 403 for a partner: only the lead sends the completed dossier.
		const { application } = await requireApplicationEditor(tx, input.applicationId, input.user)
		const [request] = await tx
			.select()
			.from(applicationRequests)
			.where(and(eq(applicationRequests.id, input.requestId), eq(applicationRequests.applicationId, application.id)))
		if (!request || !isRequestActive(request, now)) {
			return { ok: false as const, message: 'Cette demande de complément est close : les parties rouvertes ne sont plus modifiables.' }
		}
		await tx
			.update(applicationRequests)
			.set({ status: 'answered', answeredAt: now, closedAt: now })
			.where(and(eq(applicationRequests.id, request.id), eq(applicationRequests.status, 'open')))
		await recordAudit(tx, {
			actorUserId: input.user.id,
			action: 'application.request_answered',
			subjectType: 'application',
			subjectId: application.id,
			data: { requestId: request.id, items: request.items },
		})
		const dossier = await dossierOf(tx, application.id, application.status, application.title, application.callId)
		const [author] = await tx.select({ displayName: users.displayName }).from(users).where(eq(users.id, input.user.id))
		const options = await requestOptionsOf(dossier.callId, tx)
		for (const to of await staffEmails(tx, dossier.funderId)) {
			await enqueueEmail(tx, {
				to,
				template: 'dossier-request-answered',
				data: {
					applicationTitle: dossier.title,
					callTitle: dossier.callTitle,
					authorName: author?.displayName ?? '',
					items: request.items.map((item) => itemLabel(options, item)),
					url: staffThreadUrl(dossier),
				},
			})
		}
		return { ok: true as const }
	})
}

/** The funder's staff close a request before its due date: the items are read-only again. */
export async function closeRequest(input: { user: Actor; callId: string; applicationId: string; requestId: string; now?: Date }): Promise<{ ok: true } | RequestRefusal> {
	const now = input.now ?? new Date()
	return db.transaction(async (tx) => {
		const dossier = await getDossierForStaff(input, tx, true)
		const [closed] = await tx
			.update(applicationRequests)
			.set({ status: 'closed', closedAt: now })
			.where(and(eq(applicationRequests.id, input.requestId), eq(applicationRequests.applicationId, dossier.id), eq(applicationRequests.status, 'open')))
			.returning({ id: applicationRequests.id })
		if (!closed) return { ok: false as const, message: 'Cette demande de complément est déjà close.' }
		await recordAudit(tx, {
			actorUserId: input.user.id,
			action: 'application.request_closed',
			subjectType: 'application',
			subjectId: dossier.id,
			data: { requestId: closed.id, by: 'staff' },
		})
		return { ok: true as const }
	})
}

/**
 * The scheduler's step: every open request whose due date has come is closed, one
 * transaction each, guarded by its state (two servers running it never close twice).
 * The items were already read-only from the due date on (checked at each read and write).
 */
export async function closeRequestsPastDue(now: Date = new Date()): Promise<string[]> {
	const due = await db
		.select({ id: applicationRequests.id })
		.from(applicationRequests)
		.where(and(eq(applicationRequests.status, 'open'), lte(applicationRequests.dueAt, now)))
		.orderBy(asc(applicationRequests.dueAt))
	const closed: string[] = []
	for (const { id } of due) {
		const done = await db.transaction(async (tx) => {
			const [request] = await tx
				.update(applicationRequests)
				.set({ status: 'closed', closedAt: now })
				.where(and(eq(applicationRequests.id, id), eq(applicationRequests.status, 'open'), lte(applicationRequests.dueAt, now)))
				.returning({ id: applicationRequests.id, applicationId: applicationRequests.applicationId, dueAt: applicationRequests.dueAt })
			if (!request) return false
			await recordAudit(tx, {
				actorUserId: null,
				action: 'application.request_expired',
				subjectType: 'application',
				subjectId: request.applicationId,
				data: { requestId: request.id, dueAt: request.dueAt.toISOString() },
			})
			return true
		})
		if (done) closed.push(id)
	}
	return closed
}
