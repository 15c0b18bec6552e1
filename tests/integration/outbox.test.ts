import { mkdtempSync } from 'node:fs'
import { readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { count, eq, sql } from 'drizzle-orm'
import { simpleParser } from 'mailparser'
import { afterAll, afterEach, describe, expect, test } from 'vitest'
import { createSession } from '#app/auth/session.server.ts'
import { getEnv } from '#app/env.server.ts'
import { loader as mailboxLoader } from '#app/routes/dev.mail._index.tsx'
import { loader as mailLoader } from '#app/routes/dev.mail.$file.tsx'
import { enqueueEmail } from '#app/services/mail.server.ts'
import { LocalDiskStorage, setStorage } from '#app/services/storage.server.ts'
import {
	backoffDelayMs,
	closeMailTransport,
	createMailTransport,
	deliverDueMessages,
	setMailTransport,
	type MailTransport,
	type OutgoingMail,
} from '#app/services/outbox.server.ts'
import { db } from '#db/client.server.ts'
import { outboxMessages } from '#db/schema/index.ts'
import { createPlatformAdmin, createUser } from '#tests/factories.ts'
import { startSmtpServer, type Mailbox } from '#tests/support/smtp.ts'

// The configured transport (no SMTP_URL: .eml files) writes into a temporary directory.
// getEnv() reads the environment once, at its first call, which comes after this line.
const mailDir = mkdtempSync(path.join(tmpdir(), 'ensemble-mail-'))
process.env.MAIL_DIR = mailDir
delete process.env.SMTP_URL

let mailbox: Mailbox | undefined
let smtpTransport: MailTransport | undefined

afterEach(async () => {
	setMailTransport(undefined)
	smtpTransport?.close?.()
	smtpTransport = undefined
	closeMailTransport()
	await mailbox?.close()
	mailbox = undefined
})

afterAll(async () => {
	await rm(mailDir, { recursive: true, force: true })
})

/** Delivers through a pooled SMTP transport to the test server. */
function useSmtp(server: Mailbox) {
	smtpTransport = createMailTransport({ smtpUrl: server.url, mailDir })
	setMailTransport(smtpTransport)
}

async function enqueueVerification(to: string, displayName = 'Camille Martin') {
	await db.transaction(async (tx) => {
		await enqueueEmail(tx, {
			to,
			template: 'verify-email',
			data: { displayName, url: 'http://localhost/verification?token=abc' },
		})
	})
}

async function outboxRows() {
	return db.select().from(outboxMessages)
}

describe('outbox', () => {
	test('un e-mail mis en file dans une transaction annulée n’existe pas', async () => {
		await expect(
			db.transaction(async (tx) => {
				await enqueueEmail(tx, {
					to: 'annule@exemple.test',
					template: 'verify-email',
					data: { displayName: 'Annulé', url: 'http://localhost/verification?token=x' },
				})
				throw new Error('le changement échoue')
			}),
		).rejects.toThrow('le changement échoue')
		expect((await db.select({ n: count() }).from(outboxMessages))[0]!.n).toBe(0)

		await enqueueVerification('valide@exemple.test')
		const rows = await outboxRows()
		expect(rows).toHaveLength(1)
		expect(rows[0]).toMatchObject({ toAddress: 'valide@exemple.test', status: 'pending', attempts: 0 })
	})

	test('distribue à un vrai serveur SMTP, en texte et en HTML, en français', async () => {
		mailbox = await startSmtpServer()
		useSmtp(mailbox)
		await enqueueVerification('camille@exemple.test')

		expect(await deliverDueMessages()).toEqual({ sent: 1, failed: 0 })

		expect(mailbox.messages).toHaveLength(1)
		const mail = mailbox.messages[0]!
		const [row] = await outboxRows()
		expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0]!.address : null).toBe('camille@exemple.test')
		expect(mail.from?.text).toContain(getEnv().MAIL_FROM.match(/<(.*)>/)![1])
		expect(mail.subject).toBe('Confirmez votre adresse e-mail — Ensemble')
		expect(mail.messageId).toBe(`<${row!.id}@ensemble.local>`)
		expect(mail.text).toContain('Bonjour Camille Martin,')
		expect(mail.text).toContain('Confirmer mon adresse : http://localhost/verification?token=abc')
		expect(typeof mail.html).toBe('string')
		expect(mail.html).toContain('<html lang="fr">')
		expect(mail.html).toContain('Confirmer mon adresse')

		expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null, lockedUntil: null })
		expect(row!.sentAt).toBeInstanceOf(Date)
		// Sent messages are not sent again.
		expect(await deliverDueMessages()).toEqual({ sent: 0, failed: 0 })
		expect(mailbox.messages).toHaveLength(1)
	})

	test('joint les fichiers lus dans le stockage ; un fichier absent laisse le message en file', async () => {
		const storageDir = mkdtempSync(path.join(tmpdir(), 'ensemble-outbox-files-'))
		setStorage(new LocalDiskStorage(storageDir))
		try {
			mailbox = await startSmtpServer()
			useSmtp(mailbox)
			const pdf = Buffer.from('%PDF-1.4\n%test\n%%EOF\n')
			await new LocalDiskStorage(storageDir).put('receipts/test', pdf)
			const attachments = [{ filename: 'recepisse-de-depot.pdf', contentType: 'application/pdf', storageKey: 'receipts/test' }]
			await db.transaction(async (tx) => {
				await enqueueEmail(tx, { to: 'joint@exemple.test', template: 'verify-email', data: { displayName: 'Camille', url: 'http://localhost/v' }, attachments })
				await enqueueEmail(tx, {
					to: 'absent@exemple.test',
					template: 'verify-email',
					data: { displayName: 'Camille', url: 'http://localhost/v' },
					attachments: [{ ...attachments[0]!, storageKey: 'receipts/absent' }],
				})
			})

			expect(await deliverDueMessages()).toEqual({ sent: 1, failed: 1 })
			const mail = await mailbox.waitFor('joint@exemple.test')
			expect(mail.attachments).toHaveLength(1)
			expect(mail.attachments[0]).toMatchObject({ filename: 'recepisse-de-depot.pdf', contentType: 'application/pdf' })
			expect(mail.attachments[0]!.content).toEqual(pdf)
			expect(mailbox.messages).toHaveLength(1)
			const [absent] = await db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'absent@exemple.test'))
			expect(absent).toMatchObject({ status: 'pending', sentAt: null })
			expect(absent!.lastError).toContain('receipts/absent')
		} finally {
			setStorage(undefined)
			await rm(storageDir, { recursive: true, force: true })
		}
	})

	test('un refus du serveur laisse le message en file, réessayé après le délai', async () => {
		let rcptCalls = 0
		mailbox = await startSmtpServer({
			onRcptTo(_address, _session, callback) {
				rcptCalls++
				if (rcptCalls === 1) {
					const error = new Error('Boîte temporairement indisponible') as Error & { responseCode: number }
					error.responseCode = 451
					return callback(error)
				}
				callback()
			},
		})
		useSmtp(mailbox)
		await enqueueVerification('retard@exemple.test')

		const now = new Date()
		expect(await deliverDueMessages({ now })).toEqual({ sent: 0, failed: 1 })
		const [failed] = await outboxRows()
		expect(failed).toMatchObject({ status: 'pending', attempts: 1, lockedUntil: null, sentAt: null })
		expect(failed!.lastError).toContain('451')
		expect(failed!.nextAttemptAt.getTime()).toBe(now.getTime() + backoffDelayMs(1))
		expect(mailbox.messages).toHaveLength(0)

		// Before the delay: nothing is sent.
		expect(await deliverDueMessages({ now: new Date(now.getTime() + backoffDelayMs(1) - 1_000) })).toEqual({ sent: 0, failed: 0 })
		expect(rcptCalls).toBe(1)

		// After it: delivered, once, through the same pooled transport.
		expect(await deliverDueMessages({ now: new Date(now.getTime() + backoffDelayMs(1) + 1_000) })).toEqual({ sent: 1, failed: 0 })
		const [sent] = await outboxRows()
		expect(sent).toMatchObject({ status: 'sent', attempts: 2, lastError: null })
		expect(mailbox.messages).toHaveLength(1)
		expect(mailbox.messages[0]!.subject).toBe('Confirmez votre adresse e-mail — Ensemble')
		expect(await deliverDueMessages({ now: new Date(now.getTime() + 24 * 3600_000) })).toEqual({ sent: 0, failed: 0 })
		expect(mailbox.messages).toHaveLength(1)
	})

	test('une connexion refusée ne bloque pas le transport en pool', async () => {
		let connections = 0
		mailbox = await startSmtpServer({
			onConnect(_session, callback) {
				connections++
				if (connections === 1) return callback(new Error('Service indisponible'))
				callback()
			},
		})
		useSmtp(mailbox)
		await enqueueVerification('pool@exemple.test')

		const now = new Date()
		expect(await deliverDueMessages({ now })).toEqual({ sent: 0, failed: 1 })
		expect((await outboxRows())[0]!.lastError).toBeTruthy()

		expect(await deliverDueMessages({ now: new Date(now.getTime() + backoffDelayMs(1)) })).toEqual({ sent: 1, failed: 0 })
		expect(mailbox.messages).toHaveLength(1)
		expect(connections).toBe(2)
	})

	test('sans SMTP_URL, écrit un fichier .eml sous MAIL_DIR, relisible', async () => {
		expect(getEnv().SMTP_URL).toBeUndefined()
		expect(getEnv().MAIL_DIR).toBe(mailDir)
		await enqueueVerification('fichier@exemple.test', 'Dominique <script>alert(1)</script>')

		expect(await deliverDueMessages()).toEqual({ sent: 1, failed: 0 })

		const files = (await readdir(mailDir)).filter((f) => f.endsWith('.eml'))
		expect(files).toHaveLength(1)
		expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}T[\d-]+Z-[0-9a-f-]+\.eml$/)
		const mail = await simpleParser(await readFile(path.join(mailDir, files[0]!)))
		expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : null).toBe('fichier@exemple.test')
		expect(mail.subject).toBe('Confirmez votre adresse e-mail — Ensemble')
		expect(mail.text).toContain('Bonjour Dominique <script>alert(1)</script>,')
		expect(mail.html).toContain('Bonjour Dominique &lt;script&gt;alert(1)&lt;/script&gt;,')
		expect(mail.html).not.toContain('<script>')
		expect((await outboxRows())[0]!.status).toBe('sent')
	})

	test('deux distributions simultanées n’envoient jamais deux fois le même message', async () => {
		const recipients = Array.from({ length: 8 }, (_, i) => `concurrent${i}@exemple.test`)
		for (const to of recipients) await enqueueVerification(to)
		const delivered: OutgoingMail[] = []
		setMailTransport({
			send: async (message) => {
				await new Promise((resolve) => setTimeout(resolve, 5))
				delivered.push(message)
			},
		})

		const results = await Promise.all([deliverDueMessages(), deliverDueMessages(), deliverDueMessages({ limit: 3 })])

		expect(results.reduce((total, r) => total + r.sent, 0)).toBe(recipients.length)
		expect(delivered.map((m) => m.to).sort()).toEqual([...recipients].sort())
		expect(new Set(delivered.map((m) => m.messageId)).size).toBe(recipients.length)
		expect((await outboxRows()).every((row) => row.status === 'sent' && row.attempts === 1)).toBe(true)
	})

	test('un message déposé plus tôt dans la même milliseconde est dû (la base garde les microsecondes)', async () => {
		await enqueueVerification('microsecondes@exemple.test')
		await db.update(outboxMessages).set({ nextAttemptAt: sql`'2030-01-01T00:00:00.123456Z'::timestamptz` })
		const delivered: OutgoingMail[] = []
		setMailTransport({ send: async (message) => void delivered.push(message) })

		expect(await deliverDueMessages({ now: new Date('2030-01-01T00:00:00.123Z') })).toEqual({ sent: 1, failed: 0 })
		expect(delivered.map((m) => m.to)).toEqual(['microsecondes@exemple.test'])
	})

	test('un message réservé par un autre distributeur n’est pas repris avant la fin du bail', async () => {
		await enqueueVerification('bail@exemple.test')
		await db.update(outboxMessages).set({ lockedUntil: new Date(Date.now() + 60_000) })
		const delivered: OutgoingMail[] = []
		setMailTransport({ send: async (message) => void delivered.push(message) })

		expect(await deliverDueMessages()).toEqual({ sent: 0, failed: 0 })
		expect(await deliverDueMessages({ now: new Date(Date.now() + 61_000) })).toEqual({ sent: 1, failed: 0 })
		expect(delivered).toHaveLength(1)
		const [row] = await db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, 'bail@exemple.test'))
		expect(row!.status).toBe('sent')
	})
})

describe('boîte aux lettres de développement (/dev/mail)', () => {
	// The mailbox shows a message only to its recipients and to the platform admin (tests/integration/server-hardening.test.ts).
	let cookie = ''
	async function signIn(user: { id: string }) {
		cookie = (await createSession(user.id)).split(';')[0]!
	}
	const args = (file?: string): LoaderFunctionArgs => ({
		request: new Request(`http://localhost/dev/mail${file ? `/${encodeURIComponent(file)}` : ''}`, { headers: { Cookie: cookie } }),
		params: file === undefined ? {} : { file },
		context: { clientIp: '127.0.0.1', cspNonce: '' },
	})
	async function statusOf(promise: Promise<unknown>) {
		try {
			await promise
			return 200
		} catch (thrown) {
			if (thrown instanceof Response) return thrown.status
			throw thrown
		}
	}
	async function deliverOneFile() {
		await signIn(await createPlatformAdmin())
		await rm(mailDir, { recursive: true, force: true })
		await enqueueVerification('boite@exemple.test', 'Alex <b>Gras</b>')
		expect(await deliverDueMessages()).toEqual({ sent: 1, failed: 0 })
		const [file] = await readdir(mailDir)
		return file!
	}

	test('liste les e-mails écrits et affiche le détail avec ses liens', async () => {
		const file = await deliverOneFile()

		await new Promise((resolve) => setTimeout(resolve, 5))
		await enqueueVerification('suivant@exemple.test')
		expect(await deliverDueMessages()).toEqual({ sent: 1, failed: 0 })

		const list = await (await mailboxLoader(args())).json()
		expect(list.messages).toEqual([
			{ file: expect.any(String), date: expect.any(String), to: 'suivant@exemple.test', subject: expect.any(String) },
			{ file, date: expect.any(String), to: 'boite@exemple.test', subject: 'Confirmez votre adresse e-mail — Ensemble' },
		])

		expect(list.messages[0].file).not.toBe(file)

		const { message } = await (await mailLoader(args(file))).json()
		expect(message).toMatchObject({ file, to: 'boite@exemple.test', subject: 'Confirmez votre adresse e-mail — Ensemble' })
		expect(message.text).toContain('Bonjour Alex <b>Gras</b>,')
		expect(message.html).toContain('Alex &lt;b&gt;Gras&lt;/b&gt;')
		expect(message.links).toEqual(['http://localhost/verification?token=abc'])
		expect(message.headers.map((h: { key: string }) => h.key)).toEqual(expect.arrayContaining(['from', 'to', 'subject', 'message-id']))
	})

	test('refuse les noms de fichier hors de MAIL_DIR ou qui ne sont pas des .eml', async () => {
		const file = await deliverOneFile()
		for (const name of ['../outbox.eml', '..%2Foutbox.eml', '/etc/passwd', 'x/../' + file, '.cache.eml', file.replace('.eml', '.txt'), 'absent.eml', '']) {
			expect(await statusOf(mailLoader(args(name))), name).toBe(404)
		}
	})

	test('un autre compte que le destinataire ne voit pas le message', async () => {
		const file = await deliverOneFile()
		await signIn(await createUser())
		expect((await (await mailboxLoader(args())).json()).messages).toEqual([])
		expect(await statusOf(mailLoader(args(file)))).toBe(404)
	})
})

describe('backoffDelayMs', () => {
	test('double à chaque échec à partir de 30 s, plafonné à une heure', () => {
		expect(backoffDelayMs(1)).toBe(30_000)
		expect(backoffDelayMs(2)).toBe(60_000)
		expect(backoffDelayMs(3)).toBe(120_000)
		expect(backoffDelayMs(7)).toBe(1_920_000)
		expect(backoffDelayMs(8)).toBe(3_600_000)
		expect(backoffDelayMs(50)).toBe(3_600_000)
		expect(backoffDelayMs(10_000)).toBe(3_600_000)
		expect(backoffDelayMs(0)).toBe(30_000)
	})
})
