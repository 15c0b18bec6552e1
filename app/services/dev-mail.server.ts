/**
 * The development mailbox: reads the .eml files the outbox writes under MAIL_DIR when no
 * SMTP_URL is configured. Never available in production (the routes answer 404).
 */
import { readdir, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser'
import { getEnv, isProduction } from '#app/env.server.ts'

/** The most recent messages listed; older files stay on disk. */
const LIST_LIMIT = 200

export type DevMailSummary = { file: string; date: string | null; to: string; subject: string }

export type DevMail = DevMailSummary & {
	from: string
	messageId: string | null
	headers: { key: string; line: string }[]
	text: string | null
	html: string | null
	links: string[]
}

/** Throws a 404 in production: the dev mailbox must not exist there. */
export function requireDevMailbox() {
	if (isProduction()) throw new Response('Page introuvable.', { status: 404 })
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

function summarize(file: string, mail: ParsedMail, fallbackDate: Date): DevMailSummary {
	return {
		file,
		date: (mail.date ?? fallbackDate).toISOString(),
		to: addresses(mail.to),
		subject: mail.subject ?? '(sans objet)',
	}
}

/** The messages in MAIL_DIR, newest first. An absent directory is an empty mailbox. */
export async function listDevMails(): Promise<DevMailSummary[]> {
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
		.slice(0, LIST_LIMIT)
	const summaries = await Promise.all(
		recent.map(async ({ file, mtime }) => {
			try {
				return summarize(file, await simpleParser(await readFile(path.join(dir, file))), mtime)
			} catch {
				return null // removed meanwhile, or not a message: skip it
			}
		}),
	)
	return summaries
		.filter((s): s is DevMailSummary => s !== null)
		.sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || b.file.localeCompare(a.file))
}

/** One message, or null when the name is unsafe or no such file exists. */
export async function readDevMail(file: string): Promise<DevMail | null> {
	if (!isSafeMailFileName(file)) return null
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
