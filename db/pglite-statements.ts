/**
 * The embedded PGlite client as drizzle sees it, except that a statement with parameters is
 * parsed once, as a named statement of the session, and then only bound and executed
 * (decision 034, as preparingStatements does for PostgreSQL).
 *
 * PGlite's own `query` sends every statement unnamed, in six calls into WebAssembly (parse,
 * describe, bind, describe, execute, sync), so PostgreSQL parsed and planned it each time,
 * on the server's only thread: 1.3 ms for the session lookup, 1.8 ms for a dossier, against
 * 0.14 and 0.31 ms bound to a named statement (bench data, 500 dossiers). The messages and
 * the parsing of the results are PGlite's own (its `protocol` and `parse` exports); what
 * follows mirrors its `query`, with the statement's name and description kept.
 */
import { type PGlite, parse, protocol, type QueryOptions, type Results, type Transaction } from '@electric-sql/pglite'
import { keepsStatement } from './kept-statements.ts'

/** Named statements kept per database; past that, statements go unnamed (PGlite's own path). */
const MAX_STATEMENTS = 1000

type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number]
type Statement = { name: string; parameterTypes: number[]; rowDescription: BackendMessage | undefined }

/** PGlite's internals this relies on (0.5.x): checked when the client is wrapped, so an upgrade that moves them fails at once. */
type Internals = {
	_runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>
	serializers: Record<number, (value: unknown) => string>
	parsers: Record<number, (value: string, typeId?: number) => unknown>
}

export function namingStatements(client: PGlite): PGlite {
	const internals = client as unknown as Internals
	if (typeof internals._runExclusiveTransaction !== 'function' || !internals.serializers || !internals.parsers) {
		throw new Error('PGlite a changé : namingStatements ne trouve plus _runExclusiveTransaction, serializers ou parsers.')
	}
	const statements = new Map<string, Statement>()
	const send = (message: Uint8Array) => client.execProtocolStream(message, { syncToFs: false })

	/** Runs in the caller's exclusive section (a page's query, or a transaction's). */
	async function namedQuery<T>(text: string, parameters: readonly unknown[], options: QueryOptions | undefined): Promise<Results<T>> {
		let statement = statements.get(text)
		if (!statement) {
			const name = `ensemble_${statements.size + 1}`
			let described: BackendMessage[] = []
			try {
				await send(protocol.serialize.parse({ name, text, types: options?.paramTypes }))
				described = await send(protocol.serialize.describe({ type: 'S', name }))
			} finally {
				await send(protocol.serialize.sync())
			}
			statement = { name, parameterTypes: parse.parseDescribeStatementResults(described), rowDescription: described.find((m) => m.name === 'rowDescription') }
			statements.set(text, statement)
		}
		const values = parameters.map((value, i) => {
			if (value === null || value === undefined) return null
			const typeId = statement.parameterTypes[i]!
			const serializer = options?.serializers?.[typeId] ?? internals.serializers[typeId]
			return serializer ? serializer(value) : String(value)
		})
		const messages: BackendMessage[] = statement.rowDescription ? [statement.rowDescription] : []
		// One message per row: appended one by one, as a spread of 100,000 rows overflows the stack.
		const append = (received: BackendMessage[]) => {
			for (const message of received) messages.push(message)
		}
		try {
			await send(protocol.serialize.bind({ statement: statement.name, values }))
			append(await send(protocol.serialize.execute({})))
		} finally {
			append(await send(protocol.serialize.sync()))
		}
		// PGlite merges the given parsers into its own on every call: merged once per parsers object here.
		const parsers = options?.parsers ? mergedParsers(options.parsers) : internals.parsers
		return parse.parseResults(messages, parsers, options?.rowMode ? { rowMode: options.rowMode } : undefined)[0] as Results<T>
	}

	const merged = new WeakMap<object, Internals['parsers']>()
	const mergedParsers = (given: NonNullable<QueryOptions['parsers']>) => {
		let parsers = merged.get(given)
		if (!parsers) merged.set(given, (parsers = { ...internals.parsers, ...given }))
		return parsers
	}

	const named = (text: string, parameters: unknown[] | undefined, options: QueryOptions | undefined): parameters is unknown[] =>
		keepsStatement(parameters) && !options?.blob && (statements.has(text) || statements.size < MAX_STATEMENTS)

	// The wrapped functions are made once: drizzle reads `query` for every statement.
	const query = async <T>(text: string, parameters?: unknown[], options?: QueryOptions): Promise<Results<T>> => {
		if (!named(text, parameters, options)) return client.query<T>(text, parameters, options)
		await client.waitReady
		// Outside a transaction: wait for any open one to end, as PGlite's query does.
		const result = await internals._runExclusiveTransaction(() => client.runExclusive(() => namedQuery<T>(text, parameters, options)))
		await client.syncToFs()
		return result
	}
	const inTransaction = (tx: Transaction): Transaction => {
		const txQuery = async <R>(text: string, parameters?: unknown[], options?: QueryOptions): Promise<Results<R>> => {
			if (!named(text, parameters, options)) return tx.query<R>(text, parameters, options)
			if (tx.closed) throw new Error('Transaction is closed')
			return client.runExclusive(() => namedQuery<R>(text, parameters, options))
		}
		return new Proxy(tx, { get: (target, property) => (property === 'query' ? txQuery : boundMember(target, property)) })
	}
	const transaction = <T>(body: (tx: Transaction) => Promise<T>) => client.transaction((tx) => body(inTransaction(tx)))

	return new Proxy(client, {
		get(target, property) {
			if (property === 'query') return query
			if (property === 'transaction') return transaction
			return boundMember(target, property)
		},
	})
}

/** A member of the wrapped object, its methods bound to it (PGlite's use private fields). */
function boundMember(target: object, property: string | symbol) {
	const value = Reflect.get(target, property, target) as unknown
	return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
}
