/**
 * Bench-only preload (`node --import ./tests/bench/query-counter.ts`, switched on by
 * BENCH_COUNT_QUERIES=1 in run.ts): counts the SQL statements each HTTP request runs,
 * without touching the app. drizzle hands every statement to its logger, and the app's
 * connection uses drizzle's NoopLogger; its logQuery is replaced here by one that adds the
 * statement to the current request's list, found through AsyncLocalStorage. When the
 * response finishes, one JSON line { method, url, status, queries } is appended to
 * BENCH_QUERY_LOG. BEGIN/COMMIT of db.transaction are not logged by drizzle, so not counted.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { appendFileSync } from 'node:fs'
import http from 'node:http'
import { NoopLogger } from 'drizzle-orm/logger'

const file = process.env.BENCH_QUERY_LOG
if (!file) throw new Error('BENCH_QUERY_LOG manquant')

const current = new AsyncLocalStorage<{ queries: string[] }>()

// NoopLogger's logQuery takes no parameter; drizzle calls it with (query, params).
;(NoopLogger.prototype as unknown as { logQuery: (query: string) => void }).logQuery = function logQuery(query: string) {
	current.getStore()?.queries.push(query)
}

const emit = http.Server.prototype.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean
http.Server.prototype.emit = function emitWithQueryCount(this: http.Server, event: string | symbol, ...args: unknown[]) {
	if (event !== 'request') return emit.call(this, event, ...args)
	const [request, response] = args as [http.IncomingMessage, http.ServerResponse]
	const context = { queries: [] as string[] }
	response.once('finish', () => {
		appendFileSync(file, `${JSON.stringify({ method: request.method, url: request.url, status: response.statusCode, queries: context.queries })}\n`)
	})
	return current.run(context, () => emit.call(this, event, ...args))
} as typeof http.Server.prototype.emit
