/** A real SMTP server for tests: collects every message, parsed. */
import type { AddressInfo } from 'node:net'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'

export type Mailbox = {
	url: string
	messages: ParsedMail[]
	/** Waits for a message to this address matching the predicate. */
	waitFor: (to: string, predicate?: (mail: ParsedMail) => boolean, timeoutMs?: number) => Promise<ParsedMail>
	close: () => Promise<void>
}

export async function startSmtpServer(options: Partial<SMTPServerOptions> = {}): Promise<Mailbox> {
	const messages: ParsedMail[] = []
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS', 'AUTH'],
		disableReverseLookup: true,
		logger: false,
		onData(stream, _session, callback) {
			simpleParser(stream)
				.then((mail) => {
					messages.push(mail)
					callback()
				})
				.catch(callback)
		},
		...options,
	})
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
	const { port } = server.server.address() as AddressInfo
	const recipients = (mail: ParsedMail) =>
		[mail.to].flat().flatMap((address) => address?.value.map((v) => v.address?.toLowerCase()) ?? [])
	return {
		url: `smtp://127.0.0.1:${port}`,
		messages,
		async waitFor(to, predicate = () => true, timeoutMs = 20_000) {
			const deadline = Date.now() + timeoutMs
			while (Date.now() < deadline) {
				const found = messages.find((m) => recipients(m).includes(to.toLowerCase()) && predicate(m))
				if (found) return found
				await new Promise((resolve) => setTimeout(resolve, 100))
			}
			throw new Error(`no email to ${to} within ${timeoutMs} ms`)
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	}
}

export function firstLink(mail: ParsedMail): string {
	const link = (mail.text ?? '').match(/https?:\/\/\S+/)?.[0]
	if (!link) throw new Error('no link in email')
	return link
}
