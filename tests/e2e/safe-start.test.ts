/**
 * The README's start command, as it runs the server (`node build/server/index.js`,
 * no NODE_ENV, the demo asked for): production mode, loopback only, the demo
 * loaded, a generated secret kept in the data folder and reused, cookies Secure exactly when
 * APP_URL is https, bodies bounded without freezing the process, and pages that run under
 * the Content-Security-Policy without a single violation.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openBrowser, startPortal, type Portal } from './support.ts'

const DEMO_PASSWORD = 'demo-ensemble-2027'
// What `npm start` adds (package.json): the demo on an empty database. SMTP_URL empty: mails go to files, as on a fresh machine.
const README_START = { SEED_DEMO: 'always', SMTP_URL: '', HOST: '' }

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ensemble-safe-start-'))
const secretsFile = path.join(dataDir, 'secrets.json')
let portal: Portal

beforeAll(async () => {
	portal = await startPortal(README_START, { dataDir })
})
afterAll(async () => {
	await portal?.stop()
	rmSync(dataDir, { recursive: true, force: true })
})

/** Logs in with a form POST; `publicUrl`: as a reverse proxy serving that address forwards it (Host, Origin). */
function logInOverHttp(baseUrl: string, email: string, publicUrl?: string): Promise<{ cookies: string[]; headers: IncomingHttpHeaders }> {
	const url = new URL(baseUrl)
	const body = new URLSearchParams({ email, password: DEMO_PASSWORD }).toString()
	return new Promise((resolve, reject) => {
		const req = httpRequest(
			{
				host: url.hostname,
				port: url.port,
				path: '/connexion',
				method: 'POST',
				headers: {
					Host: publicUrl ? new URL(publicUrl).host : url.host,
					Origin: publicUrl ? new URL(publicUrl).origin : url.origin,
					'Content-Type': 'application/x-www-form-urlencoded',
					'Content-Length': Buffer.byteLength(body),
				},
			},
			(response) => {
				response.resume()
				if (response.statusCode !== 302) reject(new Error(`connexion de ${email} : ${response.statusCode}`))
				else resolve({ cookies: response.headers['set-cookie'] ?? [], headers: response.headers })
			},
		)
		req.on('error', reject)
		req.end(body)
	})
}

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024

describe('la commande du README', () => {
	test('sert le build de production, sur 127.0.0.1 seulement, avec la démo et un secret généré', async () => {
		expect(portal.output()).toContain('NODE_ENV=production')
		expect(portal.output()).toContain('écoute sur 127.0.0.1:')

		// Loopback only: another address of this machine (127.0.0.2 is local too) is refused.
		const port = new URL(portal.baseUrl).port
		await expect(fetch(`http://127.0.0.2:${port}/healthz`)).rejects.toThrow()
		expect((await fetch(`${portal.baseUrl}/healthz`)).status).toBe(200)

		// The demo is there.
		const home = await (await fetch(`${portal.baseUrl}/appels`)).text()
		expect(home).toContain('Vivre ensemble 2027')
		const login = await logInOverHttp(portal.baseUrl, 'admin@demo.ensemble.test')
		// http://…: no Secure, or the browser would drop the cookie.
		const { cookies } = login
		expect(cookies.find((c) => c.startsWith('ensemble_session='))).toBeTruthy()
		for (const cookie of cookies) expect(cookie).not.toMatch(/;\s*Secure/i)

		// React and Remix in their production builds: no development warnings in the browser bundle.
		const scripts = [...home.matchAll(/(?:src|href)="(\/build\/[^"]+\.js)"/g)].map((m) => m[1]!)
		expect(scripts.length).toBeGreaterThan(0)
		const bundles = await Promise.all(scripts.map(async (src) => (await fetch(portal.baseUrl + src)).text()))
		for (const bundle of bundles) expect(bundle).not.toMatch(/validateDOMNesting|react-dom\.development/)

		// The session secret, generated, private to the server's user.
		expect(statSync(secretsFile).mode & 0o777).toBe(0o600)
		expect(JSON.parse(readFileSync(secretsFile, 'utf8')).SESSION_SECRET).toMatch(/^.{32,}$/)
	})

	test('la boîte aux lettres de la démo : rien sans connexion, tout pour l’administrateur, ses e-mails pour un compte', async () => {
		const anonymous = await fetch(`${portal.baseUrl}/dev/mail`, { redirect: 'manual' })
		expect(anonymous.status).toBe(302)
		expect(anonymous.headers.get('location')).toContain('/connexion')

		const cookieOf = ({ cookies }: { cookies: string[] }) => cookies.map((c) => c.split(';')[0]).join('; ')
		const admin = cookieOf(await logInOverHttp(portal.baseUrl, 'admin@demo.ensemble.test'))
		// The demo's emails are written by the outbox worker shortly after the start.
		await expect
			.poll(async () => (await (await fetch(`${portal.baseUrl}/dev/mail`, { headers: { Cookie: admin } })).text()).match(/@demo\.ensemble\.test/g)?.length ?? 0, { timeout: 30_000 })
			.toBeGreaterThan(3)
		const adminPage = await (await fetch(`${portal.baseUrl}/dev/mail`, { headers: { Cookie: admin } })).text()
		expect(adminPage).toContain('asso2@demo.ensemble.test')

		const asso3 = cookieOf(await logInOverHttp(portal.baseUrl, 'asso3@demo.ensemble.test'))
		const own = await (await fetch(`${portal.baseUrl}/dev/mail`, { headers: { Cookie: asso3 } })).text()
		const recipients = new Set([...own.matchAll(/<td>([^<]*@demo\.ensemble\.test)<\/td>/g)].map((m) => m[1]))
		expect([...recipients]).toEqual(['asso3@demo.ensemble.test'])
	})

	test('100 Mo envoyés sur /connexion : 413 aussitôt, /healthz répond, la mémoire du serveur reste sobre', async () => {
		const total = 100 * 1024 * 1024
		const chunk = Buffer.alloc(256 * 1024, 'a')
		const body = Readable.from(
			(function* () {
				yield Buffer.from('email=a%40b.c&password=')
				for (let sent = 0; sent < total; sent += chunk.length) yield chunk
			})(),
		)
		const url = new URL(portal.baseUrl)
		// PGlite (WebAssembly) alone keeps hundreds of MB: what matters is what this request adds.
		const rssBefore = rssOf(portal.pid)
		const started = Date.now()
		const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
			const req = httpRequest({
				host: url.hostname,
				port: url.port,
				path: '/connexion',
				method: 'POST',
				headers: { Origin: portal.baseUrl, 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': total + 23 },
			})
			req.on('response', (response) => {
				let text = ''
				response.setEncoding('utf8')
				response.on('data', (c: string) => (text += c))
				response.on('end', () => resolve({ status: response.statusCode!, text }))
			})
			req.on('error', (error) => {
				if (!['EPIPE', 'ECONNRESET'].includes((error as NodeJS.ErrnoException).code ?? '')) reject(error)
			})
			body.on('error', () => {})
			body.pipe(req)
		})
		const health = await fetch(`${portal.baseUrl}/healthz`)
		expect(health.status).toBe(200)
		const { status, text } = await answer
		expect(status).toBe(413)
		expect(text).toContain('Le formulaire envoyé est trop volumineux')
		expect(Date.now() - started).toBeLessThan(5_000)
		expect(rssOf(portal.pid) - rssBefore).toBeLessThan(64 * 1024 * 1024)
	})

	test('dans Chromium, les pages tournent sous la politique de sécurité sans aucune violation', async () => {
		const browser = await openBrowser()
		try {
			const page: Page = await browser.context.newPage()
			const violations: string[] = []
			page.on('console', (message) => {
				if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`)
			})
			await page.addInitScript(() => {
				document.addEventListener('securitypolicyviolation', (event) => {
					console.error(`Refused to load (CSP): ${event.violatedDirective} ${event.blockedURI}`)
				})
			})
			const visit = async (pathname: string) => {
				await page.goto(portal.baseUrl + pathname)
				// Remix hydrated: its inline scripts ran, so their nonce was accepted.
				await page.waitForFunction(() => typeof (window as unknown as { __remixRouter?: unknown }).__remixRouter === 'object')
			}
			await visit('/')
			await visit('/appels')
			await visit('/connexion')
			await page.getByLabel('Adresse e-mail').fill('asso3@demo.ensemble.test')
			await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD)
			await page.getByRole('button', { name: 'Se connecter' }).click()
			await page.waitForURL('**/espace')
			await visit('/candidatures')
			// A client-side navigation (fetch of ?_data= and route modules) under the policy.
			await page.getByRole('link', { name: 'Appels à projets' }).first().click()
			await page.waitForURL('**/appels')
			await visit('/dev/mail')
			const firstMail = page.locator('table a').first()
			if (await firstMail.count()) {
				await firstMail.click()
				await page.waitForURL('**/dev/mail/**')
			}
			await visit('/une-adresse-inconnue')
			expect(await page.getByRole('heading', { name: 'Page introuvable' }).count()).toBe(1)
			expect(violations).toEqual([])
		} finally {
			await browser.close()
		}
	})
})

describe('derrière une adresse publique en https', () => {
	test('même secret au redémarrage ; cookies Secure et HSTS', async () => {
		const secretBefore = readFileSync(secretsFile, 'utf8')
		await portal.stop()
		const publicUrl = 'https://ensemble.example'
		portal = await startPortal({ ...README_START, APP_URL: publicUrl }, { dataDir })
		expect(readFileSync(secretsFile, 'utf8')).toBe(secretBefore)
		expect(statSync(secretsFile).mode & 0o777).toBe(0o600)

		const login = await logInOverHttp(portal.baseUrl, 'asso3@demo.ensemble.test', publicUrl)
		expect(login.cookies.length).toBeGreaterThan(0)
		for (const cookie of login.cookies) expect(cookie).toMatch(/;\s*Secure/i)
		expect(login.headers['strict-transport-security']).toMatch(/max-age=/)
	})
})
