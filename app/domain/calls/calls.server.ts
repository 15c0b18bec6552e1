import { asc, inArray } from 'drizzle-orm'
import { db } from '#db/client.server.ts'
import { calls } from '#db/schema/index.ts'

// The open calls are read where "open" is defined (applications/published-calls.server.ts).
export { listOpenCalls } from '#app/domain/applications/published-calls.server.ts'

/** The calls of the funders a staff member works for, newest first. */
export async function listCallsOfFunders(funderIds: string[]) {
	if (funderIds.length === 0) return []
	return db
		.select({ id: calls.id, title: calls.title, status: calls.status, deadlineAt: calls.deadlineAt, funderId: calls.funderId })
		.from(calls)
		.where(inArray(calls.funderId, funderIds))
		.orderBy(asc(calls.createdAt))
}
