import path from 'node:path'
import type { IncomingHttpHeaders, Server } from 'node:http'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { ReadableStream as NodeReadableStream } from 'node:stream/web'
import { createRequestHandler, type ServerBuild } from '@remix-run/node'
import express, { type Request as ExpressRequest, type RequestHandler, type Response as ExpressResponse } from 'express'
import { parseEnv } from '#app/env.server.ts'
import { isSameOriginRequest } from '#app/utils/origin.server.ts'
import { pageBytesOf } from '#app/utils/page-body.server.ts'
import { closeRequestScope, openRequestScope, REQUEST_SCOPE_HEADER } from '#app/utils/request-scope.server.ts'
import { countedBody, FORM_BODY_LIMIT, requestBodyGuard } from './body-limits.ts'
import { guardNulInUrl } from './url-guard.ts'
import { securityHeaders } from './security-headers.ts'

export type LoadContext = { clientIp: string; cspNonce: string }

/**
 * Node's default 5 s keep-alive closes a socket idle for 5 s by the timer, and under load the
 * timer can fire after a new request already sits unread on it: the client gets ECONNRESET
 * (seen in the bench, and in a test under CI load). Longer than proxies' 60 s. Every server
 * on this app sets it: `npm start`, the tests' servers.
 */
export function keepAliveLikeProxies(server: Server) {
	server.keepAliveTimeout = 65_000
	server.headersTimeout = 66_000
}

declare module '@remix-run/node' {
	interface AppLoadContext extends LoadContext {}
}

type AppOptions = {
	build: ServerBuild
	/** Origins besides the request's own host that may POST (APP_URL's). */
	allowedOrigins?: string[]
	/** development | production | test: Remix hides error details in production. */
	mode?: string
	/** Express's `trust proxy` (TRUST_PROXY). */
	trustProxy?: string
	/** The public address is https: HSTS on every response. */
	https?: boolean
}

/** The HTTP application: security headers, static files, body limits, the Origin check, then Remix. */
export function createApp({ build, allowedOrigins = [], mode = parseEnv().NODE_ENV, trustProxy, https = false }: AppOptions) {
	const app = express()
	app.disable('x-powered-by')
	if (trustProxy) app.set('trust proxy', trustProxy)

	app.use(securityHeaders({ hsts: https }))

	app.use('/build', express.static(path.resolve('public/build'), { immutable: true, maxAge: '1y' }))
	// Only the files public/ holds besides the build: a static lookup on every page request cost ~1 % of the CPU.
	app.get('/favicon.svg', express.static(path.resolve('public'), { maxAge: '1h' }))

	app.use((req, res, next) => {
		const sameOrigin = isSameOriginRequest({
			method: req.method,
			origin: req.get('origin'),
			referer: req.get('referer'),
			host: req.get('host'),
			allowedOrigins,
		})
		if (sameOrigin) return next()
		res
			.status(403)
			.type('text/plain; charset=utf-8')
			.send('Requête refusée : elle ne provient pas du site Ensemble (contrôle de l’origine).')
	})

	app.use(guardNulInUrl())
	app.use(requestBodyGuard())

	app.all('*', remixHandler(build, mode))
	return app
}

/** Bodies up to this length, with a Content-Length, are read whole and written at once (pages, small files). */
const ONE_WRITE_LIMIT = 1024 * 1024

/** Headers this server sets itself on every response: a route's copy must not double them. */
const OWN_HEADERS = ['content-security-policy', 'permissions-policy', 'x-content-type-options', 'referrer-policy', 'x-frame-options', 'strict-transport-security']

/**
 * @remix-run/express's handler (createRequestHandler, createRemixRequest, sendRemixResponse), except that the body Remix reads is counted against the
 * route's limit (server/body-limits.ts), the load context carries the CSP nonce, and the response body is piped with back-pressure.
 */
function remixHandler(build: ServerBuild, mode: string | undefined): RequestHandler {
	const handleRequest = createRequestHandler(build, mode)
	return async (req, res, next) => {
		try {
			const controller = new AbortController()
			// What the loaders of one page share (app/utils/request-scope.server.ts): gone once the page is made.
			const scopeKey = req.method === 'GET' || req.method === 'HEAD' ? openRequestScope({ document: !isDataRequest(req.originalUrl) }) : null
			const context: LoadContext = { clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown', cspNonce: String(res.locals.cspNonce ?? '') }
			let response: Response
			try {
				response = await handleRequest(remixRequest(req, res, controller, scopeKey), context)
			} finally {
				if (scopeKey !== null) closeRequestScope(scopeKey)
			}
			if (res.headersSent) return // refused mid-body with a 413
			// The client left while the answer was being made (a closed tab, a load generator ending
			// its run): there is nobody to write it to, and writing it would only report the socket closed.
			if (controller.signal.aborted) {
				// A page's bytes were never made into a stream: nothing to cancel.
				if (pageBytesOf(response) === undefined) void response.body?.cancel().catch(() => {})
				return
			}
			res.statusMessage = response.statusText
			res.status(response.status)
			for (const [name, value] of response.headers.entries()) {
				if (!(OWN_HEADERS.includes(name) && res.hasHeader(name))) res.append(name, value)
			}
			// A page rendered whole: its bytes as they are, without reading them back from the body
			// (asked first: reading `body` would make the stream the page never needs).
			const page = pageBytesOf(response)
			if (page !== undefined) return void res.end(page)
			if (!response.body) return void res.end()
			// Another small body of known length (a redirect's, a small file) goes out in one write
			// too: a stream pipeline per response cost more than the response's own write.
			const length = Number(response.headers.get('content-length') ?? Number.NaN)
			if (length <= ONE_WRITE_LIMIT) return void res.end(Buffer.from(await response.arrayBuffer()))
			// Piped, not written as fast as it is read: a slow client slows the read of a streamed
			// download (the object store, the disk) instead of piling it up in memory, and a client
			// gone mid-download closes the source (pipeline cancels the body).
			await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res)
		} catch (error) {
			if (res.headersSent) return
			next(error)
		}
	}
}

/** The browser reading a route's data (Remix's `?_data=…`: a navigation, a revalidation, a fetcher), not a page. */
const isDataRequest = (url: string) => {
	const query = url.indexOf('?')
	return query !== -1 && new URLSearchParams(url.slice(query + 1)).has('_data')
}

function remixRequest(req: ExpressRequest, res: ExpressResponse, controller: AbortController, scopeKey: string | null): Request {
	// As in @remix-run/express: the port from X-Forwarded-Host or Host, the host from req.hostname (trust proxy).
	const port = [req.get('X-Forwarded-Host'), req.get('host')].map((h) => Number.parseInt(h?.split(':')[1] ?? '', 10)).find(Number.isSafeInteger)
	const url = new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ''}${req.originalUrl}`)
	const headers = remixHeaders(req.headers)
	// The page's scope, carried by the copies Remix makes for each loader; never the client's.
	headers.delete(REQUEST_SCOPE_HEADER)
	if (scopeKey !== null) headers.set(REQUEST_SCOPE_HEADER, scopeKey)
	const init: RequestInit & { duplex?: 'half' } = { method: req.method, headers, signal: controller.signal }
	if (req.method !== 'GET' && req.method !== 'HEAD') {
		init.body = countedBody(req, res, Number(res.locals.bodyLimit ?? FORM_BODY_LIMIT), () => controller.abort())
		init.duplex = 'half'
	}
	let done = false
	res.on('finish', () => (done = true))
	res.on('close', () => {
		if (!done) controller.abort()
	})
	return new Request(url.href, init)
}

function remixHeaders(source: IncomingHttpHeaders): Headers {
	const headers = new Headers()
	for (const [name, values] of Object.entries(source)) {
		if (values === undefined) continue
		for (const value of Array.isArray(values) ? values : [values]) headers.append(name, value)
	}
	return headers
}
