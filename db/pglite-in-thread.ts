/**
 * The embedded PGlite database, run in a thread of its own (decision 039).
 *
 * PGlite is PostgreSQL compiled to WebAssembly: in the server's thread, every statement ran
 * the executor, read the data files and decoded the rows on the thread that also renders the
 * pages, so a signed-in page spent more time in the database than in its own work (the lead's
 * dossier: 3.4 of 5.7 ms) while the machine's other core waited. Here the server's thread only
 * sends the statement and receives the rows, as it does with PostgreSQL.
 *
 * What drizzle's PGlite driver uses crosses the thread: `query` (with drizzle's parsers, which
 * keep dates and intervals as text: named by type, since functions cannot be sent) and
 * `transaction`, whose statements run in PGlite's own transaction on the other side, other
 * statements waiting for it to end as they did. Also `waitReady`, `close` and `dumpDataDir`
 * (the tests' template). A statement's error comes back with PostgreSQL's fields (`code`…).
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { QueryOptions, Results } from '@electric-sql/pglite'
import { fromThreadError, type ThreadAnswer, type ThreadOptions, type ThreadQueryOptions, type ThreadRequest } from './pglite-thread-protocol.ts'

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void }
type Query = <T>(text: string, parameters?: unknown[], options?: QueryOptions) => Promise<Results<T>>
export type ThreadTransaction = { query: Query; readonly closed: boolean }

export type PgliteInThread = {
	readonly waitReady: Promise<void>
	query: Query
	transaction<T>(body: (tx: ThreadTransaction) => Promise<T>): Promise<T>
	dumpDataDir(compression?: 'none' | 'gzip' | 'auto'): Promise<Blob>
	close(): Promise<void>
}

/**
 * The thread's code: bundled beside this module in the built server (build/server/, decision
 * 042); otherwise its TypeScript, through an entry found by the package's `#db/*` imports.
 */
const BUNDLED_ENTRY = fileURLToPath(new URL('./pglite-thread.js', import.meta.url))
const ENTRY = existsSync(BUNDLED_ENTRY) ? BUNDLED_ENTRY : createRequire(import.meta.url).resolve('#db/pglite-thread-entry.mjs')

/**
 * The thread's young generation. A thread's heap does not take the server's
 * `--max-semi-space-size` (decision 036): left to V8 it was 32 MB of resident memory, for the
 * rows of the statements in progress. At 12 MB (measured under bench `crowd`: 8 MB resident),
 * the thread served as much. The old generation keeps the process's cap (256 MB): an export's
 * rows are decoded here, and a thread out of memory would take the database with it.
 */
const THREAD_HEAP = { maxYoungGenerationSizeMb: 12 }

export function openPgliteInThread(options: ThreadOptions): PgliteInThread {
	// Without the process's own flags (a `--import tsx`: the TypeScript entry loads tsx itself).
	const worker = new Worker(ENTRY, { workerData: options, execArgv: [], resourceLimits: THREAD_HEAP })
	const pending = new Map<number, Pending>()
	let lastId = 0
	let failure: Error | null = null
	let closing = false

	// The thread keeps the process alive only while a request waits for it: a script that
	// forgets to close the database still ends, one that waits for a statement does not.
	worker.unref()
	const settle = (id: number) => {
		const waiting = pending.get(id)
		pending.delete(id)
		if (pending.size === 0) worker.unref()
		return waiting
	}

	let markReady: () => void = () => {}
	let markFailed: (error: Error) => void = () => {}
	const waitReady = new Promise<void>((resolve, reject) => {
		markReady = resolve
		markFailed = reject
	})
	// A failed start is reported by every request; the promise itself must not be an unhandled rejection.
	waitReady.catch(() => {})

	worker.on('message', (message: ThreadAnswer) => {
		if ('ready' in message) {
			if (message.ready) markReady()
			else fail(fromThreadError(message.error))
			return
		}
		const waiting = settle(message.id)
		if (!waiting) return
		if (message.ok) waiting.resolve(message.value)
		else waiting.reject(fromThreadError(message.error))
	})
	worker.on('error', (error) => fail(error))
	worker.on('exit', (code) => {
		if (!closing) fail(new Error(`Le fil de PGlite s'est arrêté (code ${code}).`))
	})

	function fail(error: Error) {
		if (!failure) console.error('La base PGlite ne répond plus :', error)
		failure ??= error
		markFailed(error)
		for (const id of [...pending.keys()]) settle(id)?.reject(error)
	}

	function call<T>(request: ThreadRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never): Promise<T> {
		if (failure) return Promise.reject(failure)
		if (closing && request.op !== 'close') return Promise.reject(new Error('La base PGlite est fermée.'))
		const id = ++lastId
		return new Promise<T>((resolve, reject) => {
			if (pending.size === 0) worker.ref()
			pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
			try {
				worker.postMessage({ ...request, id })
			} catch (error) {
				// A parameter that cannot be cloned (a function, a class with private state): the statement is not sent.
				settle(id)
				reject(error as Error)
			}
		})
	}

	// Async, so that options refused before sending reject as the statement would have.
	const query = (tx: number | undefined): Query => async (text, parameters, options) =>
		call({ op: 'query', text, parameters, options: threadQueryOptions(options), ...(tx === undefined ? {} : { tx }) })

	return {
		waitReady,
		query: query(undefined),
		async transaction(body) {
			const tx = await call<number>({ op: 'begin' })
			let closed = false
			try {
				const result = await body({ query: query(tx), get closed() { return closed } })
				closed = true
				await call({ op: 'end', tx, commit: true })
				return result
			} catch (error) {
				if (!closed) {
					closed = true
					await call({ op: 'end', tx, commit: false })
				}
				throw error
			}
		},
		dumpDataDir: (compression = 'auto') => call<Blob>({ op: 'dump', compression }),
		async close() {
			if (closing) return
			closing = true
			try {
				await call({ op: 'close' })
			} finally {
				await worker.terminate()
			}
		},
	}
}

/**
 * Drizzle's parsers return PostgreSQL's text for dates, timestamps and intervals: each is
 * checked to do just that, and named by type. Any other function would not cross the thread.
 */
function threadQueryOptions(options: QueryOptions | undefined): ThreadQueryOptions {
	if (!options) return {}
	// Drizzle passes the same options object for every execution of a statement it built.
	let checked = checkedOptions.get(options)
	if (!checked) checkedOptions.set(options, (checked = checkOptions(options)))
	return checked
}

const checkedOptions = new WeakMap<QueryOptions, ThreadQueryOptions>()

function checkOptions(options: QueryOptions): ThreadQueryOptions {
	const { rowMode, paramTypes, parsers, serializers, blob, onNotice, ...unknown } = options
	if (serializers || blob || onNotice || Object.keys(unknown).length > 0) {
		throw new Error('PGlite dans un fil : seules les options rowMode, paramTypes et parsers (texte gardé) sont prises en charge.')
	}
	const textTypes = Object.entries(parsers ?? {}).map(([type, parser]) => {
		if (parser('2027-01-31 12:00:00+00', Number(type)) !== '2027-01-31 12:00:00+00') throw new Error(`PGlite dans un fil : le parseur du type ${type} ne garde pas le texte.`)
		return Number(type)
	})
	return { ...(rowMode ? { rowMode } : {}), ...(paramTypes ? { paramTypes } : {}), ...(textTypes.length ? { textTypes } : {}) }
}
