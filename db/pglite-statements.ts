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

/** Past this many parameters a statement is a bulk write or a long IN list: its text varies, so it is not kept. */
const MAX_PARAMETERS = 32
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
	async function namedQuery<T>(text: string, parameters: unknown[], options: QueryOptions | undefined): Promise<Results<T>> {
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
		try {
			await send(protocol.serialize.bind({ statement: statement.name, values }))
			messages.push(...(await send(protocol.serialize.execute({}))))
		} finally {
			messages.push(...(await send(protocol.serialize.sync())))
		}
		return parse.parseResults(messages, internals.parsers, options)[0] as Results<T>
	}

	const named = (text: string, parameters: unknown[] | undefined, options: QueryOptions | undefined) =>
		parameters !== undefined &&
		parameters.length > 0 &&
		parameters.length <= MAX_PARAMETERS &&
		!options?.blob &&
		(statements.has(text) || statements.size < MAX_STATEMENTS)

	return new Proxy(client, {
		get(target, property) {
			if (property === 'query') {
				return async <T>(text: string, parameters?: unknown[], options?: QueryOptions): Promise<Results<T>> => {
					if (!named(text, parameters, options)) return target.query<T>(text, parameters, options)
					await target.waitReady
					// Outside a transaction: wait for any open one to end, as PGlite's query does.
					const result = await internals._runExclusiveTransaction(() => target.runExclusive(() => namedQuery<T>(text, parameters!, options)))
					await target.syncToFs()
					return result
				}
			}
			if (property === 'transaction') {
				return <T>(body: (tx: Transaction) => Promise<T>) =>
					target.transaction((tx) =>
						body(
							new Proxy(tx, {
								get(txTarget, txProperty) {
									if (txProperty === 'query') {
										return async <R>(text: string, parameters?: unknown[], options?: QueryOptions): Promise<Results<R>> => {
											if (!named(text, parameters, options)) return txTarget.query<R>(text, parameters, options)
											if (txTarget.closed) throw new Error('Transaction is closed')
											return target.runExclusive(() => namedQuery<R>(text, parameters!, options))
										}
									}
									const value = Reflect.get(txTarget, txProperty, txTarget) as unknown
									return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(txTarget) : value
								},
							}),
						),
					)
			}
			const value = Reflect.get(target, property, target) as unknown
			return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
		},
	})
}
