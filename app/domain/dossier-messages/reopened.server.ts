/**
 * The one question the dossier's editing code asks of requests for a missing piece: is
 * this item of a submitted dossier reopened now? Read in the caller's transaction (the
 * application row is locked there), so a save and the closing of a request never cross.
 */
import { and, eq, sql, type AnyColumn } from 'drizzle-orm'
import type { Executor } from '#db/client.server.ts'
import { jsonRows } from '#db/json-rows.ts'
import { applicationRequests } from '#db/schema/index.ts'
import { canRequestComplement, isItemReopened, reopenedItems, type RequestLike } from './requests.ts'

const openRequestColumns = { status: applicationRequests.status, items: applicationRequests.items, dueAt: applicationRequests.dueAt }
const openRequestsOfApplication = (applicationId: string | AnyColumn) => and(eq(applicationRequests.applicationId, applicationId), eq(applicationRequests.status, 'open'))

async function openRequestsOf(executor: Executor, applicationId: string) {
	return executor.select(openRequestColumns).from(applicationRequests).where(openRequestsOfApplication(applicationId))
}

/** The same, as a list nested in the statement that reads the dossier (db/json-rows.ts). */
export function openRequestsJson(applicationId: AnyColumn) {
	return jsonRows({ columns: openRequestColumns, from: sql`from ${applicationRequests} where ${openRequestsOfApplication(applicationId)}`, orderBy: sql`${applicationRequests.createdAt}` })
}

/** The items of this dossier its lead may edit again now, from its open requests already read. */
export function reopenedItemsOf(application: { status: string }, openRequests: RequestLike[], now = new Date()): string[] {
	if (!canRequestComplement(application.status)) return []
	return reopenedItems(openRequests, now)
}

/** Only a dossier still being instructed (submitted, admissible) is ever reopened, whatever its requests say. */
export async function isReopenedNow(executor: Executor, application: { id: string; status: string }, item: string, now = new Date()): Promise<boolean> {
	if (!canRequestComplement(application.status)) return false
	return isItemReopened(await openRequestsOf(executor, application.id), item, now)
}
