/**
 * The messages between the server's thread and the thread that runs the embedded PGlite
 * database (db/pglite-in-thread.ts and db/pglite-thread-worker.ts). Every request carries an
 * id its answer repeats; a statement of a transaction carries the transaction's id.
 */
import type { Results } from '@electric-sql/pglite'

export type ThreadRequest =
	| { op: 'query'; id: number; text: string; parameters: unknown[] | undefined; options: ThreadQueryOptions; tx?: number }
	| { op: 'begin'; id: number }
	| { op: 'end'; id: number; tx: number; commit: boolean }
	| { op: 'dump'; id: number; compression: 'none' | 'gzip' | 'auto' }
	| { op: 'close'; id: number }

/** PGlite's query options that cross the thread: functions do not, so a type left as text is named instead of given a parser. */
export type ThreadQueryOptions = { rowMode?: 'array' | 'object'; paramTypes?: number[]; textTypes?: number[] }

export type ThreadAnswer =
	| { id: number; ok: true; value: Results<unknown> | number | Blob | null }
	| { id: number; ok: false; error: ThreadError }
	| { id: 0; ready: true }
	| { id: 0; ready: false; error: ThreadError }

/** An error as it crosses the thread: its message, name and fields (PostgreSQL's code, detail, constraint…). */
export type ThreadError = { message: string; name: string; stack?: string; fields: Record<string, unknown> }

export type ThreadOptions = { dataDir: string; startParams: string[]; loadDataDir?: Blob }

export function toThreadError(error: unknown): ThreadError {
	if (!(error instanceof Error)) return { message: String(error), name: 'Error', fields: {} }
	const fields: Record<string, unknown> = {}
	for (const [key, value] of Object.entries(error)) {
		if (value === undefined || typeof value === 'function') continue
		// Only what structured cloning carries as it is (no class instances but errors).
		if (value === null || ['string', 'number', 'boolean', 'bigint'].includes(typeof value) || Array.isArray(value)) fields[key] = value
	}
	return { message: error.message, name: error.name, stack: error.stack, fields }
}

export function fromThreadError(error: ThreadError): Error {
	const rebuilt = Object.assign(new Error(error.message), error.fields)
	rebuilt.name = error.name
	if (error.stack) rebuilt.stack = `${rebuilt.stack}\n    --- dans le fil de PGlite ---\n${error.stack}`
	return rebuilt
}
