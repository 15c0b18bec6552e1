/**
 * Reads kept in memory while their version has not moved (decision 044): the dossier read model
 * and a published call as associations read it. Reading a whole dossier (its consortium, files,
 * history, call) is most of what a dossier page asks of the database, and the funder's staff,
 * the jurors and the consortium read the same dossier again and again between two changes. The
 * database counts the changes itself (dossier_versions and call_definition_versions, migration
 * 0023): a page reads the version with its access check, and what was kept under that version
 * is what the database would give.
 *
 * Per connection (the tests and the dev server reopen it), per process (each instance keeps its
 * own), bounded by the size of the reads' JSON; the least recently read goes first. What is kept
 * is frozen: every page shares it, none may change it.
 */
import { LRUCache } from 'lru-cache'
import { preparedOnce } from '#db/prepared.server.ts'

/** The JSON size of the reads kept per connection. */
export const KEPT_READS_BYTES = 8 * 1024 * 1024

type Kept = { version: string; row: object }

// Built once per connection, as the prepared statements are (db/prepared.server.ts).
const keptReads = () => preparedOnce('kept_reads', () => new LRUCache<string, Kept>({ maxSize: KEPT_READS_BYTES }))

/** What is kept under `key`, with the version it was read at. */
export function keptRead<Row extends object>(key: string): { version: string; row: Readonly<Row> } | undefined {
	return keptReads().get(key) as { version: string; row: Readonly<Row> } | undefined
}

/**
 * Keeps `row`, read in the same statement as its `version` (null: no version counted yet,
 * nothing is kept), and returns it frozen. A row larger than the whole budget is not kept.
 */
export function keepRead<Row extends object>(key: string, version: string | null, row: Row): Readonly<Row> {
	const frozen = deepFreeze(row)
	if (version !== null) keptReads().set(key, { version, row: frozen }, { size: Math.max(1, JSON.stringify(row).length) })
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
