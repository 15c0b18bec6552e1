/**
 * Delivers the outbox. Each pass claims due messages (a short lease, so two app servers
 * never send the same message at once), sends them with nodemailer, and marks them sent;
 * a failure leaves the message pending with an exponential backoff. Nothing is dropped.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { and, asc, eq, inArray, isNull, lte, or, sql } from 'drizzle-orm'
import nodemailer from 'nodemailer'
import type { Transporter } from 'nodemailer'
import { db } from '#db/client.server.ts'
import { outboxMessages } from '#db/schema/index.ts'
import { getEnv } from '#app/env.server.ts'

const LEASE_MS = 60_000
const MAX_BACKOFF_MS = 60 * 60_000

/** 30 s, 1 min, 2 min… capped at one hour. */
export function backoffDelayMs(attempts: number): number {
	return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS)
}

export type MailTransport = { send: (message: { from: string; to: string; subject: string; html: string; text: string; messageId: string }) => Promise<void> }

let transport: MailTransport | undefined

/** SMTP when SMTP_URL is set (pooled connection), otherwise .eml files under MAIL_DIR. */
export function getMailTransport(): MailTransport {
	if (transport) return transport
	const env = getEnv()
	if (env.SMTP_URL) {
		const smtp: Transporter = nodemailer.createTransport(env.SMTP_URL.includes('pool=') ? env.SMTP_URL : withPool(env.SMTP_URL))
		transport = { send: async (message) => void (await smtp.sendMail(message)) }
	} else {
		const files = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
		const dir = path.resolve(env.MAIL_DIR)
		transport = {
			send: async (message) => {
				const info = await files.sendMail(message)
				await mkdir(dir, { recursive: true })
				const stamp = new Date().toISOString().replace(/[:.]/g, '-')
				await writeFile(path.join(dir, `${stamp}-${message.messageId.replace(/[^a-z0-9-]/gi, '')}.eml`), info.message as Buffer)
			},
		}
	}
	return transport
}

function withPool(url: string): string {
	return url + (url.includes('?') ? '&' : '?') + 'pool=true'
}

/** For tests: deliver through another transport (or reset to the configured one). */
export function setMailTransport(next: MailTransport | undefined) {
	transport = next
}

export async function deliverDueMessages(options: { now?: Date; limit?: number } = {}): Promise<{ sent: number; failed: number }> {
	const now = options.now ?? new Date()
	const claimed = await db.transaction(async (tx) => {
		const due = await tx
			.select({ id: outboxMessages.id })
			.from(outboxMessages)
			.where(
				and(
					eq(outboxMessages.status, 'pending'),
					lte(outboxMessages.nextAttemptAt, now),
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

	const from = getEnv().MAIL_FROM
	let sent = 0
	let failed = 0
	for (const message of claimed) {
		try {
			await getMailTransport().send({
				from,
				to: message.toAddress,
				subject: message.subject,
				html: message.html,
				text: message.text,
				messageId: `<${message.id}@ensemble.local>`,
			})
			await db
				.update(outboxMessages)
				.set({ status: 'sent', sentAt: new Date(), lockedUntil: null, lastError: null })
				.where(eq(outboxMessages.id, message.id))
			sent++
		} catch (error) {
			await db
				.update(outboxMessages)
				.set({
					lockedUntil: null,
					nextAttemptAt: new Date(now.getTime() + backoffDelayMs(message.attempts)),
					lastError: error instanceof Error ? error.message : String(error),
				})
				.where(eq(outboxMessages.id, message.id))
			failed++
		}
	}
	return { sent, failed }
}

/** Polls the outbox every interval until stopped; returns the stop function. */
export function startOutboxWorker({ intervalMs = 1_000 }: { intervalMs?: number } = {}): () => Promise<void> {
	let stopped = false
	let running: Promise<unknown> = Promise.resolve()
	const tick = () => {
		if (stopped) return
		running = deliverDueMessages()
			.catch((error) => console.error('Outbox : échec de la distribution', error))
			.finally(() => {
				if (!stopped) timer = setTimeout(tick, intervalMs)
			})
	}
	let timer = setTimeout(tick, 0)
	return async () => {
		stopped = true
		clearTimeout(timer)
		await running
	}
}
