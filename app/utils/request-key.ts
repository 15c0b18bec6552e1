/**
 * Remix hands each loader of one page its own copy of the Request, so a cache keyed on the
 * Request object never hits across the root loader and the route's loader. The server
 * (server/app.ts) stamps every GET it passes to Remix with a fresh random key in this header
 * (overwriting whatever a client sent, and removing it from other methods), which every copy
 * carries: per-request caches key on it.
 */
export const REQUEST_KEY_HEADER = 'x-ensemble-request-key'

/** The server-given key of a GET or HEAD request, or null (other methods, or no server stamp). */
export function requestKey(request: Request): string | null {
	if (request.method !== 'GET' && request.method !== 'HEAD') return null
	return request.headers.get(REQUEST_KEY_HEADER)
}
