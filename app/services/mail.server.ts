import { outboxMessages, type OutboxAttachment } from '#db/schema/index.ts'
import type { Executor } from '#db/client.server.ts'
import { templates, type TemplateData, type TemplateName } from '#emails/index.ts'

/**
 * Queues an email in the outbox, inside the caller's transaction: the email exists if and
 * only if the change that caused it was committed. The outbox worker delivers it.
 */
export async function enqueueEmail<T extends TemplateName>(
	tx: Executor,
	message: { to: string; template: T; data: TemplateData<T>; attachments?: OutboxAttachment[] },
): Promise<void> {
	const render = templates[message.template] as (data: TemplateData<T>) => { subject: string; html: string; text: string }
	const rendered = render(message.data)
	await tx.insert(outboxMessages).values({
		template: message.template,
		toAddress: message.to,
		subject: rendered.subject,
		html: rendered.html,
		text: rendered.text,
		// Files are stored before the transaction commits (content-addressed or overwritten on
		// retry): the worker reads them from storage when it delivers the message.
		attachments: message.attachments ?? [],
	})
}
