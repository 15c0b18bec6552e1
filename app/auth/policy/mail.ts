/** The demo's mailbox (/dev/mail): each person reads the messages sent to them, the platform admin all. */
import { ALLOWED, type Decision, refuse } from './decision.ts'

export type MailResource = { kind: 'dev-mail'; recipients: readonly string[] }
export type MailReader = { email: string; isPlatformAdmin: boolean }

export function canReadMail(reader: MailReader, mail: MailResource): Decision {
	if (reader.isPlatformAdmin) return ALLOWED
	return mail.recipients.includes(reader.email.toLowerCase()) ? ALLOWED : refuse('not-visible')
}
