/**
 * Statements a page runs on every request, built once. Drizzle turns a query builder into
 * SQL text on each execution; for the big ones (the session with the account, the dossier
 * with its nested lists) that was ~8 % of a page's CPU. A prepared query keeps the text and
 * takes its values through placeholders. It belongs to one connection: tests and the dev
 * server reopen it, so the cache is per connection.
 */
import { type Database, getConnection } from './client.server.ts'

const byConnection = new WeakMap<Database, Map<string, unknown>>()

export function preparedOnce<T>(name: string, build: (db: Database) => T): T {
	const connection = getConnection().db
	let cache = byConnection.get(connection)
	if (!cache) {
		cache = new Map()
		byConnection.set(connection, cache)
	}
	let query = cache.get(name) as T | undefined
	if (!query) {
		query = build(connection)
		cache.set(name, query)
	}
	return query
}
