/**
 * The thread that runs the embedded PGlite database (see db/pglite-in-thread.ts): PostgreSQL's
 * executor in WebAssembly, its file reads and the decoding of rows happen here, on the
 * machine's other core, while the server's thread renders pages — as with PostgreSQL.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { PGlite, type QueryOptions, type Transaction } from '@electric-sql/pglite'
import { namingStatements } from './pglite-statements.ts'
import { type ThreadAnswer, type ThreadOptions, type ThreadQueryOptions, type ThreadRequest, toThreadError } from './pglite-thread-protocol.ts'

if (!parentPort) throw new Error('pglite-thread-worker se lance dans un fil (worker_threads).')
const port = parentPort

const options = workerData as ThreadOptions
const client = namingStatements(new PGlite(options.dataDir, { startParams: options.startParams, ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}) }))
client.waitReady.then(
	() => port.postMessage({ id: 0, ready: true } satisfies ThreadAnswer),
	(error: unknown) => port.postMessage({ id: 0, ready: false, error: toThreadError(error) } satisfies ThreadAnswer),
)

/** The open transactions: each waits, inside PGlite's `transaction`, for the server's thread to end it. */
const transactions = new Map<number, { tx: Transaction; end: (commit: boolean) => void; endId: number | null }>()
let lastTransaction = 0

const answer = (id: number, run: () => Promise<unknown>) => {
	run().then(
		(value) => port.postMessage({ id, ok: true, value } as ThreadAnswer),
		(error: unknown) => port.postMessage({ id, ok: false, error: toThreadError(error) } satisfies ThreadAnswer),
	)
}

port.on('message', (request: ThreadRequest) => {
	switch (request.op) {
		case 'query': {
			const target = request.tx === undefined ? client : transactions.get(request.tx)?.tx
			if (!target) return answer(request.id, () => Promise.reject(new Error('Transaction is closed')))
			return answer(request.id, () => target.query(request.text, request.parameters, queryOptions(request.options)))
		}
		case 'begin':
			return begin(request.id)
		case 'end': {
			const open = transactions.get(request.tx)
			if (!open) return answer(request.id, () => Promise.reject(new Error('Transaction is closed')))
			open.endId = request.id
			return open.end(request.commit)
		}
		case 'dump':
			return answer(request.id, () => client.dumpDataDir(request.compression))
		case 'close':
			return answer(request.id, async () => {
				await client.close()
				return null
			})
	}
})

/** Opens a transaction (after any open one ends, as PGlite does) and answers with its id once it has begun. */
function begin(id: number) {
	const txId = ++lastTransaction
	let endId: () => number | null = () => null
	client
		.transaction(
			(tx) =>
				new Promise<void>((resolve, reject) => {
					const open = { tx, endId: null as number | null, end: (commit: boolean) => (commit ? resolve() : reject(new RolledBack())) }
					endId = () => open.endId
					transactions.set(txId, open)
					port.postMessage({ id, ok: true, value: txId } satisfies ThreadAnswer)
				}),
		)
		.then(
			() => port.postMessage({ id: endId() ?? 0, ok: true, value: null } satisfies ThreadAnswer),
			(error: unknown) => {
				const ended = endId()
				// Rolled back as asked: the answer is that it ended. Failing to begin: the answer to `begin`.
				if (error instanceof RolledBack) port.postMessage({ id: ended ?? 0, ok: true, value: null } satisfies ThreadAnswer)
				else port.postMessage({ id: ended ?? id, ok: false, error: toThreadError(error) } satisfies ThreadAnswer)
			},
		)
		.finally(() => transactions.delete(txId))
}

class RolledBack extends Error {}

/**
 * The parsers drizzle passes keep these types as PostgreSQL's text: the same, rebuilt on this
 * side, one options object per combination (a handful), so that namingStatements merges each
 * set of parsers once.
 */
function queryOptions(options: ThreadQueryOptions): QueryOptions {
	const key = JSON.stringify(options)
	let built = builtOptions.get(key)
	if (!built) {
		const { textTypes, ...rest } = options
		built = textTypes?.length ? { ...rest, parsers: Object.fromEntries(textTypes.map((type) => [type, (value: string) => value])) } : rest
		if (builtOptions.size < 100) builtOptions.set(key, built)
	}
	return built
}

const builtOptions = new Map<string, QueryOptions>()
