import { desc, eq } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { outboxMessages } from '#db/schema/index.ts'

/** The newest queued email to this address, and the first link in its text. */
export async function lastEmailTo(address: string) {
	const [message] = await db
		.select()
		.from(outboxMessages)
		.where(eq(outboxMessages.toAddress, address))
		.orderBy(desc(outboxMessages.createdAt))
		.limit(1)
	if (!message) throw new Error(`no email to ${address}`)
	const link = message.text.match(/https?:\/\/\S+/)?.[0]
	return { ...message, link }
}

/** The path and query of an emailed link, to request it from the test server. */
export function pathOf(link: string | undefined): string {
	if (!link) throw new Error('no link in email')
	const url = new URL(link)
	return url.pathname + url.search
}
