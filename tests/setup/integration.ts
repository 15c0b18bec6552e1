/**
 * Each test file gets its own database (an in-memory PGlite loaded from the migrated data
 * folder that tests/setup/global-db.ts dumped, or a clone of the migrated template on
 * PostgreSQL); every test starts from empty tables, unless the file
 * calls `keepDataBetweenTests()` (tests/support/shared-fixtures.ts) to build its fixtures
 * once in beforeAll. The database is the file's own either way: no other file sees it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, beforeEach, inject } from 'vitest'
import { rowsOf } from '#db/raw-rows.ts'
import { KEEP_DATA } from '../support/shared-fixtures.ts'
import { templateName, withDatabase } from './global-db.ts'

// The environment as this file found it, given back when it ends: a later file in the same
// process (isolate: false) does not inherit the folders this one set.
const environmentBefore = { ...process.env }
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

const { db, closeConnection, reconnect } = await import('#db/client.server.ts')
const { rereadEnvironment } = await import('#app/env.server.ts')
// Test files share one process (isolate: false in vitest.config.ts): what an earlier file
// opened from its environment (its upload folder, its mail folder) is forgotten before this
// file's code runs, and again once it has set its own folders, before its first test.
rereadEnvironment()

beforeAll(async () => {
	rereadEnvironment()
	if (serverUrl) {
		const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
		await admin.unsafe(`create database ${databaseName} template ${templateName()}`)
		await admin.end()
	} else {
		const template = inject('pgliteTemplate')
		if (!template) {
			const { runMigrations } = await import('#db/migrate.ts')
			await runMigrations()
			return
		}
		await reconnect({ pgliteDir: 'memory://', pgliteData: new Blob([readFileSync(template)]) })
	}
})

beforeEach(async () => {
	if ((globalThis as { [KEEP_DATA]?: boolean })[KEEP_DATA]) return
	await emptyEveryTable()
})

/**
 * Every table of the schema (tables added by later migrations too) ends empty and every
 * sequence restarts, as `truncate … restart identity cascade` did. TRUNCATE gives each of
 * the ~50 tables and their indexes new files: ~250 ms a test on PGlite. Deleting the rows
 * of the few tables a test filled costs a few ms; the foreign keys are not checked meanwhile
 * (session_replication_role, for this transaction only) since every referencing row goes too.
 */
async function emptyEveryTable() {
	const tables = rowsOf<{ tablename: string }>(await db.execute(sql`select tablename from pg_tables where schemaname = 'public'`))
	if (tables.length === 0) return
	const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`
	const filled = rowsOf<{ name: string }>(
		await db.execute(sql.raw(tables.map(({ tablename }) => `select '${tablename.replaceAll("'", "''")}' as name where exists (select from ${quoted(tablename)})`).join(' union all '))),
	)
	const sequences = rowsOf<{ sequencename: string }>(await db.execute(sql`select sequencename from pg_sequences where schemaname = 'public'`))
	if (filled.length === 0 && sequences.length === 0) return
	await db.transaction(async (tx) => {
		await tx.execute(sql`set local session_replication_role = replica`)
		for (const { name } of filled) await tx.execute(sql.raw(`delete from ${quoted(name)}`))
		for (const { sequencename } of sequences) await tx.execute(sql.raw(`alter sequence ${quoted(sequencename)} restart`))
	})
}

afterAll(async () => {
	delete (globalThis as { [KEEP_DATA]?: boolean })[KEEP_DATA]
	await closeConnection()
	rmSync(uploadDir, { recursive: true, force: true })
	if (serverUrl) {
		const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
		await admin.unsafe(`drop database if exists ${databaseName} with (force)`)
		await admin.end()
	}
	for (const key of Object.keys(process.env)) if (!(key in environmentBefore)) delete process.env[key]
	Object.assign(process.env, environmentBefore)
	rereadEnvironment()
})
