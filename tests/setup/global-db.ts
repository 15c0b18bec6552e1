/**
 * Integration tests run on PGlite (default) or on PostgreSQL when TEST_DATABASE_URL is set
 * (tests/run-all.sh starts a throwaway cluster). Either way the migrations run once, here:
 * on PostgreSQL into a template database that each test file clones; on PGlite into an
 * in-memory database whose data folder is dumped to a file that each test file loads
 * (a fresh PGlite costs ~5 s of initdb and migrations, loading the dump under 1 s).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import postgres from 'postgres'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
	export interface ProvidedContext {
		/** The migrated PGlite data folder, as a tarball (tests/setup/integration.ts loads it). */
		pgliteTemplate: string
	}
}

let templateFolder: string | undefined

export async function setup(project: TestProject) {
	const url = process.env.TEST_DATABASE_URL
	if (!url) {
		project.provide('pgliteTemplate', await dumpMigratedPglite())
		return
	}
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

export function teardown() {
	if (templateFolder) rmSync(templateFolder, { recursive: true, force: true })
}

/** Migrates an in-memory PGlite with the app's own migrations and writes its data folder to a file. */
async function dumpMigratedPglite(): Promise<string> {
	const saved = { DATABASE_URL: process.env.DATABASE_URL, PGLITE_DIR: process.env.PGLITE_DIR }
	delete process.env.DATABASE_URL
	process.env.PGLITE_DIR = 'memory://'
	try {
		const { runMigrations } = await import('#db/migrate.ts')
		const { closeConnection, getConnection } = await import('#db/client.server.ts')
		await runMigrations()
		const client = (getConnection().db as unknown as { $client: PGlite }).$client
		const dump = await client.dumpDataDir('none')
		await closeConnection()
		templateFolder = mkdtempSync(path.join(os.tmpdir(), 'ensemble-pglite-template-'))
		const file = path.join(templateFolder, 'migrated.tar')
		writeFileSync(file, Buffer.from(await dump.arrayBuffer()))
		return file
	} finally {
		for (const [key, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[key]
			else process.env[key] = value
		}
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
