/**
 * Files no longer referenced are removed after a grace period (issue 13), on disk and in the
 * object store alike. A change that leaves a stored file without a row pointing to it (a
 * deleted or replaced attachment, an upload whose transaction failed) records its key in
 * `storage_orphans`; the sweep, run by the scheduled jobs, deletes the file once the grace
 * period has passed, and only if no row references the key then: keys are content hashes, so
 * two rows may share one, and a file may be given again during the grace period.
 *
 * What references a key (every column that holds one; keep this list whole when adding one):
 * attachments.storage_key, calls.minutes_storage_key (the minutes' earlier versions stay
 * referenced by their 'call.minutes_stored' audit events: the minutes as closed are a
 * record), decision_letters.storage_key, agreements.storage_key, the attachments of
 * outbox_messages (receipts, letters, evaluation PDFs sent by email), and the receipt of an
 * application that still exists (`receipts/<application id>`).
 */
import { and, eq, inArray, isNotNull, lte, sql, type SQL } from 'drizzle-orm'
import { getEnv } from '#app/env.server.ts'
import { assertStorageKey, type FileStorage, getStorage } from '#app/services/storage.server.ts'
import { db, type Executor } from '#db/client.server.ts'
import { rowsOf } from '#db/raw-rows.ts'
import { agreements, attachments, decisionLetters, storageOrphans } from '#db/schema/index.ts'
import { receiptKey } from '#app/domain/applications/receipt.server.ts'

const DAY_MS = 24 * 60 * 60 * 1000
/** Candidates handled per sweep: the rest wait for the next run (every minute). */
const SWEEP_BATCH = 200

/** Days a file no longer referenced is kept (STORAGE_GRACE_DAYS, 7 by default). */
export const storageGraceDays = () => getEnv().STORAGE_GRACE_DAYS

/**
 * Records keys as no longer referenced, in the caller's transaction (so a rollback forgets
 * them). The grace period counts from the latest time a key is recorded.
 */
export async function markUnreferenced(executor: Executor, keys: (string | null | undefined)[], now = new Date()) {
	const unique = [...new Set(keys.filter((key): key is string => typeof key === 'string' && key !== ''))].map(assertStorageKey)
	if (unique.length === 0) return
	await executor
		.insert(storageOrphans)
		.values(unique.map((key) => ({ key, unreferencedAt: now })))
		.onConflictDoUpdate({ target: storageOrphans.key, set: { unreferencedAt: sql`excluded.unreferenced_at` } })
}

/**
 * Takes a key off the candidates before the file is written again under it, in the writer's
 * transaction: a sweep removing that very file holds the candidate's row lock, so the writer
 * waits for it to finish and then writes the file anew.
 */
export async function claimStorageKey(executor: Executor, key: string) {
	await executor.delete(storageOrphans).where(eq(storageOrphans.key, key))
}

/**
 * Before applications are deleted (drafts past retention, an account's deletion): records
 * every file they hold, in the deleting transaction. The sweep keeps any still shared.
 */
export async function markApplicationFilesUnreferenced(executor: Executor, applicationIds: string[], now = new Date()) {
	if (applicationIds.length === 0) return
	const [files, letters, agreementFiles] = await Promise.all([
		executor.select({ key: attachments.storageKey }).from(attachments).where(inArray(attachments.applicationId, applicationIds)),
		executor.select({ key: decisionLetters.storageKey }).from(decisionLetters).where(and(inArray(decisionLetters.applicationId, applicationIds), isNotNull(decisionLetters.storageKey))),
		executor.select({ key: agreements.storageKey }).from(agreements).where(and(inArray(agreements.applicationId, applicationIds), isNotNull(agreements.storageKey))),
	])
	const keys = [...files, ...letters, ...agreementFiles].map((row) => row.key)
	await markUnreferenced(executor, [...keys, ...applicationIds.map(receiptKey)], now)
}

/** True when some row still points to the stored file `key` (an SQL expression over a text value). */
export function isReferenced(key: SQL): SQL {
	return sql`(
		exists (select 1 from attachments where storage_key = ${key})
		or exists (select 1 from calls where minutes_storage_key = ${key})
		or exists (select 1 from decision_letters where storage_key = ${key})
		or exists (select 1 from agreements where storage_key = ${key})
		or exists (select 1 from outbox_messages where attachments @> jsonb_build_array(jsonb_build_object('storageKey', ${key}::text)))
		or (${key} like 'receipts/%' and exists (select 1 from applications where id = substr(${key}, length('receipts/') + 1)))
		or (${key} like 'minutes/%' and exists (
			select 1 from audit_events
			where subject_type = 'call' and subject_id = split_part(${key}, '/', 2) and action = 'call.minutes_stored' and data->>'storageKey' = ${key}
		))
	)`
}

export type SweepResult = { removed: string[]; stillReferenced: string[]; failed: string[] }

/**
 * Removes the files recorded as unreferenced before the grace period, each in its own
 * transaction: the candidate row locked (another instance's sweep skips it), the references
 * checked, the row deleted, then the file. A file the storage cannot delete keeps its row
 * (the transaction rolls back) for the next sweep.
 */
export async function sweepUnreferencedFiles({
	now = new Date(),
	graceDays = storageGraceDays(),
	storage = getStorage(),
}: { now?: Date; graceDays?: number; storage?: FileStorage } = {}): Promise<SweepResult> {
	const cutoff = new Date(now.getTime() - graceDays * DAY_MS)
	const due = await db
		.select({ key: storageOrphans.key })
		.from(storageOrphans)
		.where(lte(storageOrphans.unreferencedAt, cutoff))
		.orderBy(storageOrphans.unreferencedAt)
		.limit(SWEEP_BATCH)
	const result: SweepResult = { removed: [], stillReferenced: [], failed: [] }
	for (const { key } of due) {
		try {
			const outcome = await db.transaction(async (tx) => {
				const [candidate] = rowsOf<{ referenced: boolean }>(
					await tx.execute(sql`
						select ${isReferenced(sql`${key}::text`)} as referenced from storage_orphans
						where key = ${key} and unreferenced_at <= ${cutoff.toISOString()}::timestamptz
						for update skip locked`),
				)
				if (!candidate) return null
				await tx.delete(storageOrphans).where(eq(storageOrphans.key, key))
				if (candidate.referenced) return 'referenced' as const
				await storage.delete(key)
				return 'removed' as const
			})
			if (outcome === 'removed') result.removed.push(key)
			else if (outcome === 'referenced') result.stillReferenced.push(key)
		} catch (error) {
			console.error(`Stockage : échec de la suppression du fichier non référencé ${key}`, error)
			result.failed.push(key)
		}
	}
	return result
}
