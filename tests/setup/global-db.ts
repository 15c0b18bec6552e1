/**
 * Integration tests run on PGlite (default) or on PostgreSQL when TEST_DATABASE_URL is set
 * (tests/run-all.sh starts a throwaway cluster). On PostgreSQL we migrate a template
 * database once; each worker then clones it.
 */
import postgres from 'postgres'

export async function setup() {
	const url = process.env.TEST_DATABASE_URL
	if (!url) return
	const admin = postgres(url, { max: 1, onnotice: () => {} })
	try {
		const template = templateName()
		await admin.unsafe(`drop database if exists ${template} with (force)`)
		await admin.unsafe(`create database ${template}`)
		const templateUrl = withDatabase(url, template)
		process.env.DATABASE_URL = templateUrl
		const { runMigrations } = await import('#db/migrate.ts')
		const { closeConnection } = await import('#db/client.server.ts')
		await runMigrations()
		await closeConnection()
		delete process.env.DATABASE_URL
	} finally {
		await admin.end()
	}
}

export function templateName() {
	return 'ensemble_test_template'
}

export function withDatabase(url: string, database: string) {
	const parsed = new URL(url)
	parsed.pathname = `/${database}`
	return parsed.toString()
}
