/**
 * Serves the built app (run `npm run build` first; tests/run-all.sh does) in the test
 * process, on the test database, so requests go through the real HTTP stack: Origin
 * check, cookies, loaders and actions.
 */
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'
import { createApp, keepAliveLikeProxies } from '../../server/app.ts'
import { TEST_PASSWORD } from '../factories.ts'

export type TestServer = {
	baseUrl: string
	close: () => Promise<void>
	/** The errors handed to Express (its final handler answers 500 and, outside tests, logs them). */
	errors: unknown[]
}

/** `https`: as when APP_URL is https (HSTS on every response). `trustProxy`: as TRUST_PROXY. */
export async function startTestServer(options: { https?: boolean; trustProxy?: string } = {}): Promise<TestServer> {
	const build = (await import(pathToFileURL(path.resolve('build/index.js')).href)) as ServerBuild
	const app = createApp({ build, https: options.https, trustProxy: options.trustProxy })
	const errors: unknown[] = []
	app.use((error: unknown, _req: unknown, _res: unknown, next: (error: unknown) => void) => {
		errors.push(error)
		next(error)
	})
	const server = app.listen(0, '127.0.0.1')
	keepAliveLikeProxies(server)
	await new Promise<void>((resolve) => server.once('listening', () => resolve()))
	const { port } = server.address() as AddressInfo
	return {
		baseUrl: `http://127.0.0.1:${port}`,
		errors,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections()
				server.close(() => resolve())
			}),
	}
}

/** A form POST as a browser on our own origin sends it. */
export function post(server: TestServer, pathname: string, fields: Record<string, string>, options: { cookie?: string; origin?: string | null; headers?: Record<string, string> } = {}) {
	const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', ...options.headers }
	if (options.origin !== null) headers.Origin = options.origin ?? server.baseUrl
	if (options.cookie) headers.Cookie = options.cookie
	return fetch(server.baseUrl + pathname, { method: 'POST', body: new URLSearchParams(fields), headers, redirect: 'manual' })
}

export function get(server: TestServer, pathname: string, cookie?: string) {
	return fetch(server.baseUrl + pathname, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' })
}

/** The cookie pairs (name=value) a response sets, ready for a Cookie header. */
export function cookiesFrom(response: Response): string {
	return response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.join('; ')
}

/** Logs in through /connexion and returns the session cookie. */
export async function login(server: TestServer, email: string, password = TEST_PASSWORD): Promise<string> {
	const response = await post(server, '/connexion', { email, password })
	if (response.status !== 302) throw new Error(`login failed for ${email}: ${response.status}`)
	const cookie = response.headers
		.getSetCookie()
		.map((c) => c.split(';')[0])
		.find((c) => c.startsWith('ensemble_session='))
	if (!cookie) throw new Error('no session cookie')
	return cookie
}
