/** The rows a raw statement (`executor.execute(sql…)`) returns, on PGlite ({ rows }) and postgres.js (an array) alike. */
export function rowsOf<T>(result: unknown): T[] {
	return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}
