import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import postgres from 'postgres'
import { parseEnv } from '#app/env.server.ts'
import { keepsStatement } from './kept-statements.ts'
import { openPgliteInThread } from './pglite-in-thread.ts'
import * as schema from './schema/index'

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>
/** What a domain function receives: the database or an open transaction. */
export type Executor = Database | Parameters<Parameters<Database['transaction']>[0]>[0]

type Connection = { db: Database; kind: 'pglite' | 'postgres'; close: () => Promise<void> }

/**
 * One connection per process. PostgreSQL when DATABASE_URL is set, otherwise an embedded
 * PGlite database in PGLITE_DIR (default ./data/pglite), or in memory with 'memory://'.
 * The settings come from the env schema, read when the connection opens.
 */
export function connect(options: { databaseUrl?: string; pgliteDir?: string; /** A PGlite data folder (dumpDataDir) to start from instead of an empty database. */ pgliteData?: Blob } = {}): Connection {
	const env = parseEnv()
	const databaseUrl = options.databaseUrl ?? env.DATABASE_URL
	if (databaseUrl) {
		const sql = postgres(databaseUrl, {
			max: env.DATABASE_POOL_SIZE,
			onnotice: () => {},
		})
		return {
			db: drizzlePostgres(preparingStatements(sql), { schema }) as unknown as Database,
			kind: 'postgres',
			close: () => sql.end({ timeout: 5 }),
		}
	}
	const configured = options.pgliteDir ?? env.PGLITE_DIR
	const dir = configured.startsWith('memory://') ? configured : path.resolve(configured)
	if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true })
	// In a thread of its own (decision 039), where it names its statements (db/pglite-statements.ts).
	const client = openPgliteInThread({ dataDir: dir, startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`, '-c', `plan_cache_mode=${PGLITE_PLAN_CACHE_MODE}`], ...(options.pgliteData ? { loadDataDir: options.pgliteData } : {}) })
	return {
		db: drizzlePglite(client as unknown as PGlite, { schema }) as unknown as Database,
		kind: 'pglite',
		close: () => client.close(),
	}
}

/**
 * PGlite's buffer pool, in the server's own memory (WebAssembly, outside V8's heap): 128 MB by
 * default, which a portal's working set (the bench's 500-dossier call and its 1,500
 * associations: 40 MB on disk) never fills, and which cost 135 MB of resident memory from the
 * start. The pages it misses are read from the data folder, which the system caches. 32 MB
 * became 16 with PGlite in its own thread (decision 039), whose heap took that much: the
 * pool's resident part under bench `crowd` went from 54 to 36 MB.
 */
const PGLITE_SHARED_BUFFERS = '16MB'

/**
 * On PGlite a kept statement (decision 034) runs on its generic plan. Left to choose (`auto`),
 * PostgreSQL planned the lead's dossier statement again at every execution, because its generic
 * plan, which cannot drop the branches of the visibility clause that the person's facts rule
 * out, is estimated dearer than a custom one; in WebAssembly that planning cost more than the
 * execution: 2.4 ms a dossier against 1.1 ms with the generic plan. PostgreSQL keeps `auto`:
 * its planning is native, and the journal's and the directory's filtered pages served less on
 * generic plans (decision 041).
 */
const PGLITE_PLAN_CACHE_MODE = 'force_generic_plan'

/**
 * The postgres.js client as drizzle sees it, except that a statement with parameters is
 * prepared once per connection and executed by name afterwards (decision 034). Drizzle sends
 * its statements unnamed, so PostgreSQL parsed and planned each one on every execution, in
 * two round trips: on the funder's dossier that was 2 ms of planning for a 0.5 ms query.
 * A statement without parameters may hold several commands (a migration): it stays unnamed.
 * postgres.js keys statements by their text and recycles a connection after 30 to 60 minutes,
 * which bounds what PostgreSQL keeps.
 */
export function preparingStatements(sql: postgres.Sql): postgres.Sql {
	return new Proxy(sql, {
		get(target, property) {
			if (property === 'unsafe') {
				return (query: string, parameters?: unknown[], options?: postgres.UnsafeQueryOptions) =>
					target.unsafe(query, parameters as never, {
						...options,
						prepare: options?.prepare || keepsStatement(parameters),
					})
			}
			// A transaction's or a savepoint's client prepares the same way.
			if (property === 'begin' || property === 'savepoint') {
				return (...args: unknown[]) => {
					const body = args.pop() as (client: postgres.Sql) => unknown
					return (Reflect.get(target, property) as (...a: unknown[]) => unknown).call(target, ...args, (client: postgres.Sql) => body(preparingStatements(client)))
				}
			}
			const value = Reflect.get(target, property, target) as unknown
			return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value
		},
	})
}

const globalForDb = globalThis as unknown as { __ensembleConnection?: Connection }

/** The process-wide connection (kept across dev rebuilds: opening PGlite costs seconds). */
export function getConnection(): Connection {
	globalForDb.__ensembleConnection ??= connect()
	return globalForDb.__ensembleConnection
}

export const db: Database = new Proxy({} as Database, {
	get(_target, property) {
		const real = getConnection().db as unknown as Record<string | symbol, unknown>
		const value = real[property]
		return typeof value === 'function' ? value.bind(real) : value
	},
})

/** Replaces the process-wide connection by one opened with these options (a test file loading a migrated database). */
export async function reconnect(options: Parameters<typeof connect>[0]) {
	await closeConnection()
	globalForDb.__ensembleConnection = connect(options)
}

export async function closeConnection() {
	const connection = globalForDb.__ensembleConnection
	globalForDb.__ensembleConnection = undefined
	if (connection) await connection.close()
}

export { schema }
