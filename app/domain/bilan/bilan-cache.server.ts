/**
 * The bilan kept between two readings while nothing it counts has changed (issue 11, bench
 * `bilan` page_ratio): a page, its PDF and its XLSX, read again and again by the staff after
 * a call, need not count the whole call each time. It is kept under the bilan's data version
 * (app/domain/calls/data-version.server.ts): the database counts every change of the call,
 * of its dossiers, consortia, associations and evaluations, and of the calls before it (the
 * partnerships of earlier calls), so a kept bilan is never stale: any change gives another
 * version and the bilan is counted again. Per process (each instance keeps its own), a few
 * calls at most.
 */
import { LRUCache } from 'lru-cache'
import { type Executor } from '#db/client.server.ts'
import { bilanDataVersion } from '#app/domain/calls/data-version.server.ts'
import type { CallBilan } from './bilan-model.ts'
import { computeCallBilan } from './bilan.server.ts'

/** Calls whose bilan is kept; the least recently read goes first. */
export const BILANS_KEPT = 20

const kept = new LRUCache<string, { version: string; bilan: CallBilan }>({ max: BILANS_KEPT })
/** The data version each kept bilan was counted at (for keys of what is derived from it). */
const versionOfBilan = new WeakMap<CallBilan, string>()

/** A key naming this bilan's call and data version: equal keys, equal bilans. */
export function bilanKey(bilan: CallBilan): string | null {
	const version = versionOfBilan.get(bilan)
	return version === undefined ? null : `${bilan.call.id}@${version}`
}

/** The call's bilan: the one kept if its data version has not moved, else counted again (and kept). */
export async function currentCallBilan(executor: Executor, callId: string): Promise<CallBilan> {
	const version = await bilanDataVersion(executor, callId)
	const found = kept.get(callId)
	// Read again, it becomes the most recently read.
	if (found && found.version === version) return found.bilan
	const bilan = await computeCallBilan(executor, callId)
	versionOfBilan.set(bilan, version)
	kept.set(callId, { version, bilan })
	return bilan
}
