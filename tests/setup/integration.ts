/**
 * Each test file gets its own database (a fresh in-memory PGlite, or a clone of the
 * migrated template on PostgreSQL); every test starts from empty tables, unless the file
 * calls `keepDataBetweenTests()` (tests/support/shared-fixtures.ts) to build its fixtures
 * once in beforeAll. The database is the file's own either way: no other file sees it.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { KEEP_DATA } from '../support/shared-fixtures.ts'
import { templateName, withDatabase } from './global-db.ts'

process.env.NODE_ENV = 'test'
process.env.SESSION_SECRET ??= 'test-secret-test-secret'
process.env.SEED_DEMO = 'never'
process.env.APP_URL = 'http://localhost'
// Attachments and receipts go to a folder of this test file, not to ./data/uploads.
const uploadDir = mkdtempSync(path.join(os.tmpdir(), 'ensemble-uploads-'))
process.env.UPLOAD_DIR = uploadDir

const serverUrl = process.env.TEST_DATABASE_URL
let databaseName: string | undefined

if (serverUrl) {
	databaseName = `ensemble_test_${process.env.VITEST_POOL_ID ?? '0'}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
	process.env.DATABASE_URL = withDatabase(serverUrl, databaseName)
	process.env.DATABASE_POOL_SIZE = '5'
} else {
	delete process.env.DATABASE_URL
	process.env.PGLITE_DIR = 'memory://'
}

const { db, closeConnection } = await import('#db/client.server.ts')

beforeAll(async () => {
	if (serverUrl) {
		const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
		await admin.unsafe(`create database ${databaseName} template ${templateName()}`)
		await admin.end()
	} else {
		const { runMigrations } = await import('#db/migrate.ts')
		await runMigrations()
	}
})

beforeEach(async () => {
	if ((globalThis as { [KEEP_DATA]?: boolean })[KEEP_DATA]) return
	// Every table of the schema, so tables added by later migrations are emptied too.
	const result = (await db.execute(sql`select tablename from pg_tables where schemaname = 'public'`)) as unknown
	const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { tablename: string }[]
	await db.execute(sql.raw(`truncate table ${rows.map((r) => `"${r.tablename}"`).join(', ')} restart identity cascade`))
})

afterAll(async () => {
	delete (globalThis as { [KEEP_DATA]?: boolean })[KEEP_DATA]
	await closeConnection()
	rmSync(uploadDir, { recursive: true, force: true })
	if (serverUrl) {
		const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
		await admin.unsafe(`drop database if exists ${databaseName} with (force)`)
		await admin.end()
	}
})
