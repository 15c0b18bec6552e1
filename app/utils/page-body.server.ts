/**
 * A rendered page's bytes, kept beside the Response that carries them (app/entry.server.tsx):
 * the HTTP layer (server/app.ts) writes these bytes as they are, instead of reading the
 * Response's body back through its stream into a new buffer (about 2 % of a small page's CPU).
 * The body itself is unchanged: Remix, or a test calling the handler, reads it as usual.
 */
const PAGE_BYTES = Symbol.for('ensemble.pageBytes')

type WithPageBytes = Response & { [PAGE_BYTES]?: Buffer<ArrayBuffer> }

/** A Response for a page rendered whole, its bytes kept for the server to write. */
export function pageResponse(bytes: Buffer<ArrayBuffer>, init: ResponseInit): Response {
	const response: WithPageBytes = new Response(bytes, init)
	response[PAGE_BYTES] = bytes
	return response
}

/** The page's bytes, when `response` is the page's own (not a copy) and nobody has read its body yet. */
export function pageBytesOf(response: Response): Buffer<ArrayBuffer> | undefined {
	const bytes = (response as WithPageBytes)[PAGE_BYTES]
	return bytes !== undefined && !response.bodyUsed ? bytes : undefined
}
