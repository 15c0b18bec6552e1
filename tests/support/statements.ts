/**
 * The SQL statements drizzle sends while some work runs. Every connection uses drizzle's
 * NoopLogger, whose logQuery is replaced for the duration of the work and put back after,
 * even when the work throws. drizzle logs no begin/commit of a transaction.
 */
import { NoopLogger } from 'drizzle-orm/logger'

type Loggable = { logQuery: (query: string) => void }
const logger = NoopLogger.prototype as unknown as Loggable

export async function statementsDuring<T>(work: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
	const original = logger.logQuery
	const statements: string[] = []
	logger.logQuery = (query: string) => void statements.push(query)
	try {
		return { result: await work(), statements }
	} finally {
		logger.logQuery = original
	}
}
