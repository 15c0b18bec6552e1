import { createRequire } from 'node:module'
import path from 'node:path'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import type { PgliteDatabase } from 'drizzle-orm/pglite'
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import { parseEnv } from '#app/env.server.ts'
import { getConnection } from './client.server'

// Found through the package's `#db/*` imports: this module also runs bundled into build/server/ (decision 042).
const migrationsFolder = path.dirname(path.dirname(createRequire(import.meta.url).resolve('#db/migrations/meta/_journal.json')))

/** The advisory lock key (any constant bigint) that app servers starting together queue on. */
const MIGRATION_LOCK = 4_927_001_300

/**
 * Runs `work` while holding a PostgreSQL advisory lock, so that app servers starting at the
 * same moment on one database migrate one after the other (the first applies the
 * migrations, the next find nothing left to do). The lock is held by a connection of its own
 * (a session lock lives on one connection; the pool may have a single one). On PGlite, one
 * process's database, it just runs.
 */
async function withMigrationLock(work: () => Promise<void>): Promise<void> {
	const url = parseEnv().DATABASE_URL
	if (getConnection().kind === 'pglite' || !url) return work()
	const session = postgres(url, { max: 1, onnotice: () => {} })
	try {
		await session`select pg_advisory_lock(${MIGRATION_LOCK})`
		try {
			await work()
		} finally {
			await session`select pg_advisory_unlock(${MIGRATION_LOCK})`
		}
	} finally {
		await session.end({ timeout: 5 })
	}
}

/** Applies the committed drizzle-kit migrations, on PGlite or PostgreSQL alike (one server at a time). */
export async function runMigrations() {
	await withMigrationLock(async () => {
		const { db, kind } = getConnection()
		if (kind === 'pglite') await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder })
		else await migratePostgres(db as unknown as PostgresJsDatabase, { migrationsFolder })
	})
}
