/**
 * Lists nested in one statement. On PGlite every statement costs ~1–1.5 ms of a
 * single-threaded engine, so a page reads its row and the lists that hang from it (themes,
 * members, files…) in one SELECT: each list is a subquery aggregated with `json_agg`, then
 * decoded back, value by value, by the column it came from, so callers get what a plain
 * drizzle select gives (Date objects for timestamps, numbers for bigints, parsed jsonb).
 */
import { sql, type AnyColumn, type SQL } from 'drizzle-orm'

type Columns = Record<string, AnyColumn>

/** What drizzle returns for these columns. */
export type RowOf<C extends Columns> = { [K in keyof C]: C[K]['_']['notNull'] extends true ? C[K]['_']['data'] : C[K]['_']['data'] | null }
/** The same, for the columns of a LEFT JOINed table: any of them may be null. */
export type NullableRowOf<C extends Columns> = { [K in keyof C]: C[K]['_']['data'] | null }

/** `json_build_object('key', column, …)`; the keys are ours (identifiers), never user input. */
function jsonObject(columns: Columns): SQL {
	const pairs = Object.entries(columns).map(([key, column]) => {
		if (!/^[A-Za-z_]\w*$/.test(key)) throw new Error(`jsonObject: invalid key ${key}`)
		return sql`${sql.raw(`'${key}'`)}, ${column}`
	})
	return sql`json_build_object(${sql.join(pairs, sql`, `)})`
}

/** JSON read back: each value decoded by its column, as drizzle decodes what the driver gives. */
function decodeRow(columns: [string, AnyColumn][], json: Record<string, unknown>): Record<string, unknown> {
	const row: Record<string, unknown> = {}
	for (const [key, column] of columns) {
		const value = json[key]
		row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value)
	}
	return row
}

/**
 * The rows of `from` (the rest of a subquery: `from … where …`, which may refer to the
 * outer statement's tables) as one value of the outer row, in `orderBy` order; [] when none.
 * `leftJoined`: the columns of a LEFT JOINed table, typed nullable.
 */
export function jsonRows<C extends Columns, N extends Columns = Record<never, AnyColumn>>(list: {
	columns: C
	leftJoined?: N
	from: SQL
	orderBy: SQL
}): SQL<(RowOf<C> & NullableRowOf<N>)[]> {
	const columns: Columns = { ...list.columns, ...list.leftJoined }
	// Nested in sql`` so drizzle never renders these columns unqualified (it does so for the
	// top-level columns of a single-table select), which would change what they refer to.
	const aggregate = sql`(select json_agg(${jsonObject(columns)} order by ${list.orderBy}) ${list.from})`
	// Listed once for all the rows, not for each.
	const entries = Object.entries(columns)
	return sql<(RowOf<C> & NullableRowOf<N>)[]>`coalesce(${aggregate}, '[]')`.mapWith((value: unknown) => {
		// PGlite and postgres.js both parse json; a driver that does not gives the text.
		const rows = parseJsonValue<Record<string, unknown>[]>(value)
		return rows.map((row) => decodeRow(entries, row)) as (RowOf<C> & NullableRowOf<N>)[]
	})
}

/** A json value of a raw or sql<> column: postgres.js parses json itself, PGlite may hand back the text. */
export function parseJsonValue<T>(value: unknown): T {
	return (typeof value === 'string' ? JSON.parse(value) : value) as T
}

/** An empty list in place of one a page does not need (same type, nothing read). */
export function noRows<T>(): SQL<T[]> {
	return sql<T[]>`'[]'::json`.mapWith(() => [] as T[])
}
