/**
 * Request bodies are bounded before they are read: a form is at most FORM_BODY_LIMIT, a
 * file upload UPLOAD_BODY_LIMIT. A declared Content-Length over the limit is refused at once
 * (413); a body without one (chunked) is counted as Remix reads it and cut off as soon as it
 * goes over. Only the two content types HTML forms send are accepted (415 otherwise).
 */
import type { IncomingMessage } from 'node:http'
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from 'express'

/**
 * The largest legitimate form is the cooperation section (16 texts of 3,000 characters):
 * 48,000 characters, 2 to 6 bytes each once url-encoded for French text, under 300 KB.
 */
export const FORM_BODY_LIMIT = 512 * 1024
/** One attachment (10 MB, app/services/uploads.server.ts) plus the other fields and the multipart framing. */
export const UPLOAD_BODY_LIMIT = 11 * 1024 * 1024

/** The routes that take files; a new upload route joins this list. */
const UPLOAD_ROUTES = [/^\/candidatures\/[^/]+\/pieces\/?$/, /^\/gestion\/appels\/importer\/?$/]

const ACCEPTED_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data'])
const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

const mediaType = (req: IncomingMessage) => (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()

export function bodyLimitFor(req: ExpressRequest): number {
	return mediaType(req) === 'multipart/form-data' && UPLOAD_ROUTES.some((route) => route.test(req.path)) ? UPLOAD_BODY_LIMIT : FORM_BODY_LIMIT
}

const megabytes = (bytes: number) => (bytes >= 1024 * 1024 ? `${Math.round(bytes / 1024 / 1024)} Mo` : `${Math.round(bytes / 1024)} Ko`)

export const tooLargeMessage = (limit: number) =>
	limit === UPLOAD_BODY_LIMIT
		? `L’envoi est trop volumineux : ${megabytes(limit)} au plus, soit un fichier de 10 Mo au plus. Choisissez un fichier plus petit.`
		: `Le formulaire envoyé est trop volumineux : ${megabytes(limit)} au plus. Raccourcissez les textes saisis et réessayez.`

export const UNSUPPORTED_TYPE_MESSAGE =
	'Format de requête non accepté : envoyez un formulaire (application/x-www-form-urlencoded ou multipart/form-data).'

/** After a refusal, what the client still sends is dropped unread, this much at most, for this long at most. */
const LINGER_BYTES = 32 * 1024 * 1024
const LINGER_MS = 5_000

/**
 * Closing the connection while the client is still sending would reset it, and the client
 * could lose our answer with it: the rest is read and dropped for a while (kept nowhere),
 * then the connection is cut.
 */
function discardRest(req: ExpressRequest) {
	if (req.complete) return
	const socket = req.socket
	let discarded = 0
	const cut = () => {
		cleanup()
		socket.destroy()
	}
	const timer = setTimeout(cut, LINGER_MS)
	const onData = (chunk: Buffer) => {
		discarded += chunk.byteLength
		if (discarded > LINGER_BYTES) cut()
	}
	const cleanup = () => {
		clearTimeout(timer)
		req.off('data', onData)
	}
	req.on('data', onData)
	req.once('end', cleanup)
	socket.once('close', cleanup)
	req.resume()
}

/** Refuses at once, in French: an HTML page for a browser, a "caught" response for Remix's own fetches. */
export function refuse(req: ExpressRequest, res: ExpressResponse, status: 400 | 413 | 415, message: string) {
	if (res.headersSent) return
	res.on('finish', () => discardRest(req))
	res.status(status).set('Cache-Control', 'no-store')
	if (req.query._data !== undefined) {
		// Remix's client shows a response marked this way in the route's error boundary, with its status and text.
		res.set('X-Remix-Catch', 'yes').type('text/plain; charset=utf-8').send(message)
		return
	}
	const title = { 400: 'Adresse refusée', 413: 'Envoi trop volumineux', 415: 'Format non accepté' }[status]
	res
		.type('text/html; charset=utf-8')
		.send(
			`<!doctype html><html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} — Ensemble</title></head>` +
				`<body><main><h1>${title}</h1><p>${message}</p><p><a href="/">Retour à l’accueil</a></p></main></body></html>`,
		)
}

/** Content type and declared length, checked before a byte of the body is read. */
export function requestBodyGuard(): RequestHandler {
	return (req, res, next) => {
		if (!METHODS_WITH_BODY.has(req.method)) return next()
		if (!ACCEPTED_TYPES.has(mediaType(req))) return refuse(req, res, 415, UNSUPPORTED_TYPE_MESSAGE)
		const limit = bodyLimitFor(req)
		const declared = Number(req.headers['content-length'])
		if (Number.isFinite(declared) && declared > limit) return refuse(req, res, 413, tooLargeMessage(limit))
		res.locals.bodyLimit = limit
		next()
	}
}

/**
 * The body as Remix reads it, counted: over the limit, the client gets its 413 and the
 * stream errors, so the action's formData() stops instead of buffering on.
 */
export function countedBody(req: ExpressRequest, res: ExpressResponse, limit: number, onOverflow: () => void): ReadableStream<Uint8Array> {
	let received = 0
	let finished = false
	const stop = () => {
		if (finished) return
		finished = true
		req.off('data', onData)
		req.off('end', onEnd)
		req.off('error', onError)
	}
	let controller!: ReadableStreamDefaultController<Uint8Array>
	const onData = (chunk: Buffer) => {
		received += chunk.byteLength
		if (received > limit) {
			stop()
			req.pause()
			refuse(req, res, 413, tooLargeMessage(limit))
			onOverflow()
			controller.error(new Error('request body too large'))
			return
		}
		controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
		// Back-pressure: read on only when Remix has taken what it was given.
		if ((controller.desiredSize ?? 1) <= 0) req.pause()
	}
	const onEnd = () => {
		stop()
		controller.close()
	}
	const onError = (error: Error) => {
		stop()
		controller.error(error)
	}
	return new ReadableStream<Uint8Array>(
		{
			start(c) {
				controller = c
				req.on('data', onData)
				req.on('end', onEnd)
				req.on('error', onError)
			},
			pull() {
				if (!finished) req.resume()
			},
			cancel() {
				stop()
				req.resume() // discard the rest; the connection ends with the response
			},
		},
		{ highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
	)
}
