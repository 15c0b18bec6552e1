/**
 * Browser tests: the real server (build/server/index.js, as `npm start` runs it) on a fresh
 * PGlite folder, sending mail to a test SMTP server, driven by Debian's Chromium.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { expect, inject } from 'vitest'
import { TEMPLATE_ORIGIN } from '../setup/e2e-templates.ts'
import { freePort } from '../support/ports.ts'
import { SERVER_ENV, serverNodeArgs } from '../../server/node-args.ts'
import { startSmtpServer, type Mailbox } from '../support/smtp.ts'
import type { StoryHandles, StoryState } from './story-states.ts'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'


export type Portal = { baseUrl: string; mailbox: Mailbox; stop: () => Promise<void>; output: () => string; pid: number; handles: StoryHandles }

/**
 * As the README's `npm start` runs it: production by default (no NODE_ENV given), secrets
 * generated under the data folder. `dataDir`: a folder kept after stop (to start again on it).
 * `prepare`: a state of tests/e2e/story-states.ts built on the demo before the server starts
 * (its ids in `handles`), so a test does not depend on the tests before it.
 */
export async function startPortal(env: Record<string, string> = {}, options: { dataDir?: string; prepare?: StoryState } = {}): Promise<Portal> {
	const mailbox = await startSmtpServer()
	const port = await freePort()
	const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'ensemble-e2e-'))
	let output = ''
	const childEnv: NodeJS.ProcessEnv = {
		...process.env,
		...SERVER_ENV,
		SECRETS_FILE: path.join(dataDir, 'secrets.json'),
		PORT: String(port),
		PGLITE_DIR: path.join(dataDir, 'pglite'),
		MAIL_DIR: path.join(dataDir, 'mail'),
		UPLOAD_DIR: path.join(dataDir, 'uploads'),
		SMTP_URL: mailbox.url,
		APP_URL: `http://127.0.0.1:${port}`,
		SEED_DEMO: 'never',
		DATABASE_URL: '',
		...env,
	}
	// No NODE_ENV, as from `npm start`: the server's own default (production) applies.
	if (!('NODE_ENV' in env)) delete (childEnv as { NODE_ENV?: string }).NODE_ENV
	// A new folder on the embedded database: the run's migrated (and seeded) copy instead of building it again.
	const template = childEnv.SEED_DEMO === 'always' ? 'demo' : childEnv.SEED_DEMO === 'never' ? 'migrated' : undefined
	const ownFolders = !options.dataDir && !env.PGLITE_DIR && !env.UPLOAD_DIR && !env.MAIL_DIR && !childEnv.DATABASE_URL
	if (template && ownFolders) await copyTemplate(template, dataDir, childEnv.APP_URL!)
	let handles: StoryHandles = { callId: '', applicationId: '' }
	if (options.prepare) {
		const prepared = spawnSync(process.execPath, ['--import', 'tsx', 'tests/e2e/prepare.ts', options.prepare], { env: childEnv, encoding: 'utf8' })
		const line = prepared.stdout.split('\n').find((l) => l.startsWith('HANDLES '))
		if (prepared.status !== 0 || !line) throw new Error(`prepare ${options.prepare} failed:\n${prepared.stdout}\n${prepared.stderr}`)
		handles = JSON.parse(line.slice('HANDLES '.length)) as StoryHandles
	}
	const child: ChildProcess = spawn(process.execPath, serverNodeArgs(childEnv), {
		env: childEnv,
		stdio: ['ignore', 'pipe', 'pipe'],
	})
	child.stdout!.on('data', (chunk) => (output += chunk))
	child.stderr!.on('data', (chunk) => (output += chunk))
	const baseUrl = `http://127.0.0.1:${port}`
	const deadline = Date.now() + 90_000
	for (;;) {
		if (child.exitCode !== null) throw new Error(`server exited:\n${output}`)
		try {
			if ((await fetch(`${baseUrl}/healthz`)).ok) break
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`)
		await new Promise((resolve) => setTimeout(resolve, 250))
	}
	return {
		baseUrl,
		mailbox,
		pid: child.pid!,
		handles,
		output: () => output,
		stop: async () => {
			const exited = new Promise((resolve) => child.once('exit', resolve))
			child.kill('SIGTERM')
			await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
			await mailbox.close()
			if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true })
		},
	}
}

/** The folder of tests/setup/e2e-templates.ts, when the run built it. */
function templatesFolder(): string | undefined {
	try {
		return inject('e2eTemplates')
	} catch {
		return undefined
	}
}

/**
 * Copies the run's migrated (`migrated`) or migrated and seeded (`demo`) data folder into a
 * new data folder, as the server or a scene script would have built it there: the demo's
 * links (its pending emails) then point at `appUrl`. Does nothing when the run has no
 * templates (the server or script builds the folder itself, only slower).
 * For a test that writes its own scene into its data folder before startPortal:
 * `await copyTemplate('migrated', dataDir)`, then its runMigrations finds nothing to do.
 */
export async function copyTemplate(template: 'migrated' | 'demo', dataDir: string, appUrl?: string) {
	const folder = templatesFolder()
	if (!folder || existsSync(path.join(dataDir, 'pglite'))) return
	cpSync(path.join(folder, template), dataDir, { recursive: true })
	if (template === 'demo') await replaceTemplateOrigin(path.join(dataDir, 'pglite'), appUrl ?? 'http://localhost')
}

/** Replaces the template's origin in every text and jsonb column (the demo's emails carry links). */
async function replaceTemplateOrigin(pgliteDir: string, origin: string) {
	const { PGlite } = await import('@electric-sql/pglite')
	const client = new PGlite(pgliteDir)
	try {
		const { rows: columns } = await client.query<{ table_name: string; column_name: string; data_type: string }>(
			`select c.table_name, c.column_name, c.data_type from information_schema.columns c
			 join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
			 where c.table_schema = 'public' and c.data_type in ('text', 'character varying', 'jsonb')`,
		)
		// First the tables whose rows mention the origin at all (one query), then their columns.
		const tables = [...new Set(columns.map((c) => c.table_name))]
		const probe = tables.map((table) => `select '${table}' as name where exists (select from "${table}" r where r::text like '%' || $1 || '%')`).join(' union all ')
		const { rows: found } = await client.query<{ name: string }>(probe, [TEMPLATE_ORIGIN])
		const mentioned = new Set(found.map((row) => row.name))
		await client.transaction(async (tx) => {
			for (const { table_name, column_name, data_type } of columns.filter((c) => mentioned.has(c.table_name))) {
				const column = `"${column_name}"`
				const replaced = data_type === 'jsonb' ? `replace(${column}::text, $1, $2)::jsonb` : `replace(${column}, $1, $2)`
				await tx.query(`update "${table_name}" set ${column} = ${replaced} where ${column}::text like '%' || $1 || '%'`, [TEMPLATE_ORIGIN, origin])
			}
		})
	} finally {
		await client.close()
	}
}

export async function openBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
	const profile = mkdtempSync(path.join(os.tmpdir(), 'ensemble-chromium-'))
	// Playwright refuses --user-data-dir in args: a persistent context takes the folder.
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		locale: 'fr-FR',
		timezoneId: 'Europe/Paris',
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	})
	return {
		context,
		close: async () => {
			await context.close()
			rmSync(profile, { recursive: true, force: true })
		},
	}
}

/** The demo accounts' shared password (db/seed.ts). */
export const DEMO_PASSWORD = 'demo-ensemble-2027'

/** Logs in through the form as one person, after clearing the previous person's cookies. */
export async function logInAs(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD) {
	await page.context().clearCookies()
	await page.goto(`${baseUrl}/connexion`)
	await page.getByLabel('Adresse e-mail').fill(email)
	await page.getByLabel('Mot de passe').fill(password)
	await page.getByRole('button', { name: 'Se connecter' }).click()
	await page.waitForURL('**/espace')
}

/**
 * Opens `url` as a first visit (the server renders it, the browser hydrates it) and returns
 * what the browser reported meanwhile: uncaught errors and console errors, a hydration
 * mismatch among them (parts of pages are rendered once and reused, decision 033).
 */
export async function openAndHydrate(page: Page, url: string): Promise<string[]> {
	const errors: string[] = []
	const onPageError = (error: Error) => errors.push(error.message)
	const onConsole = (message: { type: () => string; text: () => string }) => {
		if (message.type() === 'error') errors.push(message.text())
	}
	page.on('pageerror', onPageError)
	page.on('console', onConsole)
	try {
		await page.goto(url)
		await page.waitForFunction(() => (window as unknown as { __remixRouter?: { state: { initialized: boolean } } }).__remixRouter?.state.initialized === true)
		// React reports a recoverable hydration error after the commit: let it.
		await page.waitForTimeout(300)
	} finally {
		page.off('pageerror', onPageError)
		page.off('console', onConsole)
	}
	return errors
}

/** The width of a small phone: no page may scroll sideways on it. */
export const PHONE_WIDTH = 390

/** A test file's portal and one page of Chromium at a phone's width; `close` stops both. */
export async function openPhoneSession(env: Record<string, string>, options: Parameters<typeof startPortal>[1] = {}) {
	const portal = await startPortal(env, options)
	const browser = await openBrowser()
	const page = await browser.context.newPage()
	await page.setViewportSize({ width: PHONE_WIDTH, height: 844 })
	return {
		portal,
		page,
		close: async () => {
			await browser.close()
			await portal.stop()
		},
	}
}

/**
 * SCREENSHOTS=<folder>: the page as it stands, to look at, at each of `widths`, in slices a
 * person can read (a whole page at 390 px is metres tall); the phone viewport is put back.
 * Nothing when the variable is unset.
 */
export async function saveScreenshots(page: Page, name: string, { widths = [PHONE_WIDTH] }: { widths?: number[] } = {}) {
	const folder = process.env.SCREENSHOTS
	if (!folder) return
	for (const width of widths) {
		await page.setViewportSize({ width, height: 900 })
		const height = await page.evaluate(() => document.documentElement.scrollHeight)
		const suffix = widths.length > 1 ? `-${width}` : ''
		for (let y = 0, n = 1; y < height; y += 1600, n++) {
			await page.screenshot({ path: `${folder}/${name}${suffix}-${n}.png`, fullPage: true, clip: { x: 0, y, width, height: Math.min(1600, height - y) } })
		}
	}
	await page.setViewportSize({ width: PHONE_WIDTH, height: 844 })
}

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
type AxeViolation = { id: string; help: string; nodes: { target: unknown[] }[] }
type AxeWindow = { axe?: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }

/**
 * axe-core's violations on the page, each as "rule: help (elements)". On a page without frames,
 * axe is loaded once per document and run in it: @axe-core/playwright's AxeBuilder loads it again
 * and opens a blank page to finish every run, about 1 s a check where this takes 0.2 s (measured
 * on this machine; the browser tests check some 200 pages). A page with frames goes through
 * AxeBuilder, which checks each frame.
 */
export async function axeViolations(page: Page): Promise<string[]> {
	let violations: AxeViolation[]
	if (page.frames().length > 1) {
		violations = (await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze()).violations
	} else {
		if (!(await page.evaluate(() => typeof (window as AxeWindow).axe === 'object'))) await page.evaluate(AXE_SOURCE)
		violations = await page.evaluate(async (tags) => {
			const results = await (window as AxeWindow).axe!.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
			return results.violations.map(({ id, help, nodes }) => ({ id, help, nodes: nodes.map(({ target }) => ({ target })) }))
		}, AXE_TAGS)
	}
	return violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
}

/**
 * Every page a browser test visits must pass axe (WCAG 2.1 A and AA) and fit a phone:
 * the page is laid out again at 390 px wide, its width measured, then the viewport put back.
 * The width check is soft so that one run lists every page that overflows.
 */
export async function expectAccessible(page: Page) {
	const violations = await axeViolations(page)
	expect(violations, `axe on ${page.url()}`).toEqual([])

	const viewport = page.viewportSize()
	if (viewport?.width !== PHONE_WIDTH) await page.setViewportSize({ width: PHONE_WIDTH, height: viewport?.height ?? 844 })
	const width = await page.evaluate(
		() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(document.documentElement.scrollWidth))),
	)
	if (viewport && viewport.width !== PHONE_WIDTH) await page.setViewportSize(viewport)
	expect.soft(width, `width at ${PHONE_WIDTH} px of ${page.url()}`).toBeLessThanOrEqual(PHONE_WIDTH)
}
