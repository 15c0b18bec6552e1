/**
 * Dossiers kept in memory while their version has not moved (decision 044). Reading a whole
 * dossier (its consortium, files, history, call) is most of what a dossier page asks of the
 * database, and the funder's staff, the jurors and the consortium read the same dossier again
 * and again between two changes. The database counts the changes itself (dossier_versions,
 * migration 0023): a page reads the version with its access check, and the dossier kept under
 * that version is the one the database would give.
 *
 * Per connection (the tests and the dev server reopen it), per process (each instance keeps
 * its own), bounded by the size of the dossiers' JSON; the least recently read goes first.
 * A kept dossier is frozen: every page shares it, none may change it.
 */
import { LRUCache } from 'lru-cache'
import { type Database, getConnection } from '#db/client.server.ts'

/** The JSON size of the dossiers kept per connection. */
export const KEPT_DOSSIERS_BYTES = 8 * 1024 * 1024

type Kept = { version: string; row: object }

const byConnection = new WeakMap<Database, LRUCache<string, Kept>>()

function keptDossiers(): LRUCache<string, Kept> {
	const connection = getConnection().db
	let kept = byConnection.get(connection)
	if (!kept) {
		kept = new LRUCache<string, Kept>({ maxSize: KEPT_DOSSIERS_BYTES })
		byConnection.set(connection, kept)
	}
	return kept
}

/** The dossier kept under `key`, with the version it was read at. */
export function keptDossier<Row extends object>(key: string): { version: string; row: Readonly<Row> } | undefined {
	return keptDossiers().get(key) as { version: string; row: Readonly<Row> } | undefined
}

/**
 * Keeps `row`, read in the same statement as its `version` (null: the dossier has none yet,
 * nothing is kept), and returns it frozen. One larger than the whole budget is not kept.
 */
export function keepDossier<Row extends object>(key: string, version: string | null, row: Row): Readonly<Row> {
	const frozen = deepFreeze(row)
	if (version !== null) keptDossiers().set(key, { version, row: frozen }, { size: Math.max(1, JSON.stringify(row).length) })
	return frozen
}

function deepFreeze<T>(value: T): T {
	// A byte array cannot be frozen (none is read today; one would be shared unfrozen).
	if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !Object.isFrozen(value)) {
		Object.freeze(value)
		for (const inner of Object.values(value)) deepFreeze(inner)
	}
	return value
}
