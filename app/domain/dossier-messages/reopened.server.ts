/**
 * The one question the dossier's editing code asks of requests for a missing piece: is
 * this item of a submitted dossier reopened now? Read in the caller's transaction (the
 * application row is locked there), so a save and the closing of a request never cross.
 */
import { and, eq } from 'drizzle-orm'
import { db, type Executor } from '#db/client.server.ts'
import { applicationRequests } from '#db/schema/index.ts'
import { canRequestComplement, isItemReopened, reopenedItems } from './requests.ts'

async function openRequestsOf(executor: Executor, applicationId: string) {
	return executor
		.select({ status: applicationRequests.status, items: applicationRequests.items, dueAt: applicationRequests.dueAt })
		.from(applicationRequests)
		.where(and(eq(applicationRequests.applicationId, applicationId), eq(applicationRequests.status, 'open')))
}

/** Only a dossier still being instructed (submitted, admissible) is ever reopened, whatever its requests say. */
export async function isReopenedNow(executor: Executor, application: { id: string; status: string }, item: string, now = new Date()): Promise<boolean> {
	if (!canRequestComplement(application.status)) return false
	return isItemReopened(await openRequestsOf(executor, application.id), item, now)
}

export async function reopenedItemsNow(executor: Executor, application: { id: string; status: string }, now = new Date()): Promise<string[]> {
	if (!canRequestComplement(application.status)) return []
	return reopenedItems(await openRequestsOf(executor, application.id), now)
}

/** For a section page's loader: may the lead edit this item of this dossier now? */
export function isReopenedForEditing(application: { id: string; status: string }, item: string) {
	return isReopenedNow(db, application, item)
}

/** For the attachments page: the items the lead may edit now on this dossier. */
export function reopenedItemsForEditing(application: { id: string; status: string }) {
	return reopenedItemsNow(db, application)
}
