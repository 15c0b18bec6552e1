/**
 * The mailbox of the demo: reads the .eml files the outbox writes under MAIL_DIR when no
 * SMTP_URL is configured, in every mode (the README's start command runs production without
 * SMTP). A message is shown only to its recipients and to the platform admin: its links
 * (password reset, invitations) are as good as the account.
 */
import { can, type MailReader } from '#app/auth/policy/index.ts'
import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser'
import { getEnv } from '#app/env.server.ts'

/** The most recent messages listed; older files stay on disk. */
const LIST_LIMIT = 200
/** How many of the most recent files are read to find a user's own messages. */
const SCAN_LIMIT = 2000

/** Whose messages a reader sees: the platform admin all of them, anyone else those addressed to them. */
export type { MailReader } from '#app/auth/policy/index.ts'

export type DevMailSummary = { file: string; date: string | null; to: string; subject: string }

type Parsed = { summary: DevMailSummary; recipients: string[] }

export type DevMail = DevMailSummary & {
	from: string
	messageId: string | null
	headers: { key: string; line: string }[]
	text: string | null
	html: string | null
	links: string[]
}

/** With SMTP_URL the messages leave the server: there is nothing to show. */
export function mailGoesToFiles(): boolean {
	return !getEnv().SMTP_URL
}

function mailDir() {
	return path.resolve(getEnv().MAIL_DIR)
}

/** Only a plain .eml file name in MAIL_DIR: no directory part, no dot file, no "..". */
export function isSafeMailFileName(file: string): boolean {
	return /^[A-Za-z0-9][A-Za-z0-9._-]*\.eml$/.test(file) && !file.includes('..') && path.basename(file) === file
}

function addresses(value: AddressObject | AddressObject[] | undefined): string {
	if (!value) return ''
	return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(', ')
}

/** Every address the message was sent to (To, Cc, Bcc), lower-cased. */
function recipientsOf(mail: ParsedMail): string[] {
	return [mail.to, mail.cc, mail.bcc]
		.flatMap((field) => (field ? (Array.isArray(field) ? field : [field]) : []))
		.flatMap((group) => group.value.flatMap((a) => [a.address, ...(a.group ?? []).map((g) => g.address)]))
		.filter((address): address is string => Boolean(address))
		.map((address) => address.toLowerCase())
}

function mayRead(reader: MailReader, recipients: string[]): boolean {
	return can(reader, 'read', { kind: 'dev-mail', recipients }).allowed
}

function summarize(file: string, mail: ParsedMail, fallbackDate: Date): DevMailSummary {
	return {
		file,
		date: (mail.date ?? fallbackDate).toISOString(),
		to: addresses(mail.to),
		subject: mail.subject ?? '(sans objet)',
	}
}

/** The messages in MAIL_DIR this reader may see, newest first. An absent directory is an empty mailbox. */
export async function listDevMails(reader: MailReader): Promise<DevMailSummary[]> {
	if (!mailGoesToFiles()) return []
	const dir = mailDir()
	let names: string[]
	try {
		names = (await readdir(dir)).filter(isSafeMailFileName)
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
		throw error
	}
	const files = await Promise.all(
		names.map(async (file) => ({ file, mtime: (await stat(path.join(dir, file)).catch(() => null))?.mtime ?? null })),
	)
	const recent = files
		.filter((f): f is { file: string; mtime: Date } => f.mtime !== null)
		.sort((a, b) => b.mtime.getTime() - a.mtime.getTime() || b.file.localeCompare(a.file))
		.slice(0, SCAN_LIMIT)
	const visible: DevMailSummary[] = []
	// By batches, newest first, until the page is full: a user's few messages among many.
	for (let start = 0; start < recent.length && visible.length < LIST_LIMIT; start += 50) {
		const batch = await Promise.all(
			recent.slice(start, start + 50).map(async ({ file, mtime }): Promise<Parsed | null> => {
				try {
					const mail = await simpleParser(await readFile(path.join(dir, file)))
					return { summary: summarize(file, mail, mtime), recipients: recipientsOf(mail) }
				} catch {
					return null // removed meanwhile, or not a message: skip it
				}
			}),
		)
		for (const parsed of batch) if (parsed && mayRead(reader, parsed.recipients)) visible.push(parsed.summary)
	}
	return visible
		.slice(0, LIST_LIMIT)
		.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || b.file.localeCompare(a.file))
}

/** One message, or null when the name is unsafe, no such file exists, or the reader is not one of its recipients. */
export async function readDevMail(file: string, reader: MailReader): Promise<DevMail | null> {
	if (!mailGoesToFiles() || !isSafeMailFileName(file)) return null
	const dir = mailDir()
	const fullPath = path.resolve(dir, file)
	if (path.dirname(fullPath) !== dir) return null
	let source: Buffer
	let mtime: Date
	try {
		;[source, mtime] = await Promise.all([readFile(fullPath), stat(fullPath).then((s) => s.mtime)])
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
		throw error
	}
	const mail = await simpleParser(source)
	if (!mayRead(reader, recipientsOf(mail))) return null
	const html = typeof mail.html === 'string' ? mail.html : null
	const text = mail.text ?? null
	return {
		...summarize(file, mail, mtime),
		from: addresses(mail.from),
		messageId: mail.messageId ?? null,
		headers: mail.headerLines.map(({ key, line }) => ({ key, line })),
		text,
		html,
		links: extractLinks(html, text),
	}
}

const htmlEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" }

/** The http(s) links of a message (href attributes of the HTML, then URLs of the text), without duplicates. */
export function extractLinks(html: string | null, text: string | null): string[] {
	const found: string[] = []
	for (const match of html?.matchAll(/\shref\s*=\s*(?:"([^"]*)"|'([^']*)')/gi) ?? []) {
		found.push((match[1] ?? match[2] ?? '').replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, name: string) => htmlEntities[name]!))
	}
	for (const match of text?.matchAll(/https?:\/\/[^\s<>"']+/g) ?? []) {
		found.push(match[0].replace(/[.,;:!?)\]]+$/, ''))
	}
	const links: string[] = []
	for (const candidate of found) {
		let url: URL
		try {
			url = new URL(candidate.trim())
		} catch {
			continue
		}
		if ((url.protocol === 'http:' || url.protocol === 'https:') && !links.includes(url.href)) links.push(url.href)
	}
	return links
}
