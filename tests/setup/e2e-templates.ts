/**
 * Browser tests: the portal's data folders every test file would otherwise build again
 * (a fresh PGlite costs ~5 s of initdb, the migrations 1 s, the demo 7 s), built once per
 * run by the very code the server runs at its first start (tests/e2e/prepare.ts without a
 * state: migrations, then the demo when SEED_DEMO=always). startPortal copies one of them
 * into the test's own folder (tests/e2e/support.ts, `templateFolder`).
 *   <folder>/migrated  the schema only (SEED_DEMO=never)
 *   <folder>/demo      the schema and the demo (SEED_DEMO=always), uploads included
 * The demo is seeded with APP_URL = TEMPLATE_ORIGIN, replaced by the portal's own address
 * when copied (the demo's pending emails carry links).
 */
import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
	export interface ProvidedContext {
		/** The folder holding the `migrated` and `demo` data folders. */
		e2eTemplates: string
	}
}

export const TEMPLATE_ORIGIN = 'http://ensemble-e2e-template.invalid'

let folder: string | undefined

export async function setup(project: TestProject) {
	folder = mkdtempSync(path.join(os.tmpdir(), 'ensemble-e2e-templates-'))
	await build(path.join(folder, 'migrated'), 'never')
	cpSync(path.join(folder, 'migrated'), path.join(folder, 'demo'), { recursive: true })
	await build(path.join(folder, 'demo'), 'always')
	project.provide('e2eTemplates', folder)
}

export function teardown() {
	if (folder) rmSync(folder, { recursive: true, force: true })
}

/** As startPortal's environment, without a port: the server's own defaults (production). */
function build(dataDir: string, seedDemo: 'never' | 'always'): Promise<void> {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		SECRETS_FILE: path.join(dataDir, '..', `${path.basename(dataDir)}-secrets.json`),
		PGLITE_DIR: path.join(dataDir, 'pglite'),
		MAIL_DIR: path.join(dataDir, 'mail'),
		UPLOAD_DIR: path.join(dataDir, 'uploads'),
		SMTP_URL: '',
		APP_URL: TEMPLATE_ORIGIN,
		SEED_DEMO: seedDemo,
		DATABASE_URL: '',
	}
	delete (env as { NODE_ENV?: string }).NODE_ENV
	return new Promise((resolve, reject) => {
		let output = ''
		const child = spawn(process.execPath, ['--import', 'tsx', 'tests/e2e/prepare.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
		child.stdout.on('data', (chunk) => (output += chunk))
		child.stderr.on('data', (chunk) => (output += chunk))
		child.on('error', reject)
		child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`e2e template (${seedDemo}) failed:\n${output}`))))
	})
}
