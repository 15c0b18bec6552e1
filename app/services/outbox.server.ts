/**
 * Delivers the outbox. Each pass claims due messages (a lease, so two workers or two app
 * servers never send the same message at once), sends them with nodemailer, and marks them
 * sent; a failure leaves the message pending with an exponential backoff. Nothing is dropped:
 * delivery is at least once (a crash between the SMTP "250 OK" and the database update sends
 * the message again after the lease, with the same Message-ID).
 */
import { startPolling } from './polling.server.ts'
import { randomUUID } from 'node:crypto'
import { mkdir, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm'
import nodemailer from 'nodemailer'
import { getEnv } from '#app/env.server.ts'
import { db } from '#db/client.server.ts'
import { outboxMessages, type OutboxAttachment } from '#db/schema/index.ts'
import { getStorage } from './storage.server.ts'

/** How long a claimed message stays reserved for the worker that claimed it. */
const LEASE_MS = 5 * 60_000
/** No new send starts once less than this is left of the lease: a send never outlives it. */
const SEND_BUDGET_MS = 2 * 60_000
const BASE_BACKOFF_MS = 30_000
const MAX_BACKOFF_MS = 60 * 60_000
const MAX_ERROR_LENGTH = 1_000

/** 30 s, 1 min, 2 min… after the 1st, 2nd, 3rd failed attempt, capped at one hour. */
export function backoffDelayMs(attempts: number): number {
	const exponent = Math.min(Math.max(0, attempts - 1), 30)
	return Math.min(BASE_BACKOFF_MS * 2 ** exponent, MAX_BACKOFF_MS)
}

export type OutgoingMail = {
	from: string
	to: string
	subject: string
	html: string
	text: string
	messageId: string
	attachments?: { filename: string; contentType: string; content: Buffer }[]
}

/**
 * The message's files, read from storage; a missing file fails the attempt (retried later), never sends without it.
 * Read whole, not streamed: nodemailer encodes their content, and they are PDFs the app rendered (receipts, letters, evaluations).
 */
async function loadAttachments(attachments: OutboxAttachment[] | null | undefined): Promise<OutgoingMail['attachments']> {
	if (!attachments?.length) return undefined
	return Promise.all(
		attachments.map(async (attachment) => {
			const content = await getStorage().get(attachment.storageKey)
			if (!content) throw new Error(`pièce jointe introuvable dans le stockage : ${attachment.storageKey}`)
			return { filename: attachment.filename, contentType: attachment.contentType, content }
		}),
	)
}

export type MailTransport = {
	send: (message: OutgoingMail) => Promise<void>
	/** Closes pooled connections, if any. */
	close?: () => void
}

export type MailTransportConfig = { smtpUrl?: string; mailDir: string }

/**
 * SMTP when smtpUrl is set (a pooled transport: connections are reused, and one the server
 * closed or broke is dropped and replaced by the pool), otherwise one .eml file per message
 * under mailDir, written atomically so the dev mailbox never reads half a file.
 */
export function createMailTransport(config: MailTransportConfig): MailTransport {
	if (config.smtpUrl) {
		// The URL's own query (?pool=false, ?socketTimeout=…) wins over these defaults.
		const smtp = nodemailer.createTransport({
			url: config.smtpUrl,
			pool: true,
			maxConnections: 2,
			maxMessages: 100,
			// A connection closed mid-send is retried once by the pool; after that the outbox
			// backoff takes over, so a flapping server is not hammered.
			maxRequeues: 1,
			connectionTimeout: 10_000,
			greetingTimeout: 10_000,
			socketTimeout: 30_000,
		})
		// Pool errors are also reported to the pending sendMail; never let one crash the process.
		smtp.on('error', (error) => console.error('Outbox : erreur du transport SMTP', error))
		return {
			send: async (message) => {
				await smtp.sendMail(message)
			},
			close: () => smtp.close(),
		}
	}
	const files = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
	const dir = path.resolve(config.mailDir)
	return {
		send: async (message) => {
			const info = await files.sendMail(message)
			await mkdir(dir, { recursive: true })
			// The ISO date first: file names sort in sending order.
			const stamp = new Date().toISOString().replace(/[:.]/g, '-')
			const name = `${stamp}-${message.messageId.replace(/@.*$/, '').replace(/[^a-z0-9-]/gi, '')}.eml`
			const temporary = path.join(dir, `.${name}.${randomUUID()}.tmp`)
			await writeFile(temporary, info.message as Buffer)
			await rename(temporary, path.join(dir, name))
		},
	}
}

let configured: { key: string; transport: MailTransport } | undefined
let override: MailTransport | undefined

/** The transport the configuration asks for (SMTP_URL, else .eml files under MAIL_DIR), built once. */
export function getMailTransport(): MailTransport {
	if (override) return override
	const env = getEnv()
	const config: MailTransportConfig = { smtpUrl: env.SMTP_URL || undefined, mailDir: env.MAIL_DIR }
	const key = JSON.stringify(config)
	if (configured?.key !== key) {
		configured?.transport.close?.()
		configured = { key, transport: createMailTransport(config) }
	}
	return configured.transport
}

/** Closes the configured transport's connections; the next send builds it again from the configuration. */
export function closeMailTransport() {
	configured?.transport.close?.()
	configured = undefined
}

/** For tests: deliver through another transport, or `undefined` to go back to the configured one. */
export function setMailTransport(next: MailTransport | undefined) {
	override = next
}

export async function deliverDueMessages(options: { now?: Date; limit?: number } = {}): Promise<{ sent: number; failed: number }> {
	const now = options.now ?? new Date()
	// The database keeps microseconds, a JS date milliseconds: a message queued earlier in this
	// same millisecond (e.g. 12:00:00.123456 against 12:00:00.123) is due too.
	const dueBy = new Date(now.getTime() + 1)
	const claimed = await db.transaction(async (tx) => {
		const due = await tx
			.select({ id: outboxMessages.id })
			.from(outboxMessages)
			.where(
				and(
					eq(outboxMessages.status, 'pending'),
					lte(outboxMessages.nextAttemptAt, dueBy),
					or(isNull(outboxMessages.lockedUntil), lte(outboxMessages.lockedUntil, now)),
				),
			)
			.orderBy(asc(outboxMessages.nextAttemptAt))
			.limit(options.limit ?? 50)
			.for('update', { skipLocked: true })
		if (due.length === 0) return []
		return tx
			.update(outboxMessages)
			.set({ lockedUntil: new Date(now.getTime() + LEASE_MS), attempts: sql`${outboxMessages.attempts} + 1` })
			.where(inArray(outboxMessages.id, due.map((d) => d.id)))
			.returning()
	})
	if (claimed.length === 0) return { sent: 0, failed: 0 }
	claimed.sort((a, b) => a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime())

	// Measured on the real clock: `now` may be simulated, the time spent sending is not.
	const stopStartingAt = Date.now() + LEASE_MS - SEND_BUDGET_MS
	const from = getEnv().MAIL_FROM
	let sent = 0
	let failed = 0
	let index = 0
	for (; index < claimed.length && Date.now() < stopStartingAt; index++) {
		const message = claimed[index]!
		try {
			const attachments = await loadAttachments(message.attachments)
			await getMailTransport().send({
				from,
				to: message.toAddress,
				subject: message.subject,
				html: message.html,
				text: message.text,
				// Stable across attempts, so a receiving server can drop a duplicate.
				messageId: `<${message.id}@ensemble.local>`,
				...(attachments ? { attachments } : {}),
			})
		} catch (error) {
			const reason = error instanceof Error ? error.message : String(error)
			await db
				.update(outboxMessages)
				.set({
					lockedUntil: null,
					nextAttemptAt: new Date(now.getTime() + backoffDelayMs(message.attempts)),
					lastError: reason.slice(0, MAX_ERROR_LENGTH),
				})
				.where(eq(outboxMessages.id, message.id))
			failed++
			continue
		}
		await db
			.update(outboxMessages)
			.set({ status: 'sent', sentAt: new Date(), lockedUntil: null, lastError: null })
			.where(eq(outboxMessages.id, message.id))
		sent++
	}

	// Out of lease time: hand the rest back untouched, for the next pass.
	const unsent = claimed.slice(index).map((m) => m.id)
	if (unsent.length > 0) {
		await db
			.update(outboxMessages)
			.set({ lockedUntil: null, attempts: sql`${outboxMessages.attempts} - 1` })
			.where(inArray(outboxMessages.id, unsent))
	}
	return { sent, failed }
}

/** Polls the outbox every interval until stopped; returns the stop function (which also closes SMTP connections). */
export function startOutboxWorker({ intervalMs = 1_000 }: { intervalMs?: number } = {}): () => Promise<void> {
	const stop = startPolling('Outbox : distribution', intervalMs, () => deliverDueMessages())
	return async () => {
		await stop()
		closeMailTransport()
	}
}
