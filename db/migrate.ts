import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator'
import type { PgliteDatabase } from 'drizzle-orm/pglite'
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js'
import { closeConnection, getConnection } from './client.server'

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations')

/** Applies the committed drizzle-kit migrations, on PGlite or PostgreSQL alike. */
export async function runMigrations() {
	const { db, kind } = getConnection()
	if (kind === 'pglite') await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder })
	else await migratePostgres(db as unknown as PostgresJsDatabase, { migrationsFolder })
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	await runMigrations()
	console.log('Migrations appliquées.')
	await closeConnection()
}
