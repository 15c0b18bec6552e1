/**
 * What the loaders of one page share (the signed-in user, loaded once), for as long as its
 * response is being made. Remix hands each loader its own copy of the Request, so a cache keyed
 * on the Request object never hits across the root loader and the route's loader. The server
 * (server/app.ts) opens a scope for every GET it passes to Remix, stamps its random key in a
 * header that every copy carries (overwriting whatever a client sent, and removing it from
 * other methods), and closes the scope as soon as Remix has made the response (before its body
 * is sent): nothing that runs while a body streams may rely on it.
 *
 * Closed at the end, not after a delay: kept 30 s, the accounts of the last 30 s of pages (tens
 * of thousands under load) were promoted to the old generation, which every full collection
 * then marked.
 */
import { randomUUID } from 'node:crypto'

export const REQUEST_SCOPE_HEADER = 'x-ensemble-request-key'

export type RequestScope = Map<symbol, unknown>
const open = new Map<string, RequestScope>()
const DOCUMENT = Symbol('document request')

/**
 * A new scope; its key goes into the request's REQUEST_SCOPE_HEADER. `document`: the server
 * renders the page (not `?_data`, the browser reading a route's data), which Remix hides from
 * the loaders by taking `_data` off the URL they see.
 */
export function openRequestScope({ document }: { document: boolean }): string {
	const key = randomUUID()
	open.set(key, new Map([[DOCUMENT, document]]))
	return key
}

export function closeRequestScope(key: string): void {
	open.delete(key)
}

/** The open scope of a GET or HEAD request, or null (other methods, no server stamp, or its response already made). */
export function requestScope(request: Request): RequestScope | null {
	if (request.method !== 'GET' && request.method !== 'HEAD') return null
	const key = request.headers.get(REQUEST_SCOPE_HEADER)
	return key === null ? null : (open.get(key) ?? null)
}

/** A GET whose page the server renders (app/utils/static-parts.server.ts); false for the browser's data requests and outside a scope. */
export const isDocumentRequest = (request: Request): boolean => requestScope(request)?.get(DOCUMENT) === true

/** For tests: how many scopes are open. */
export const openRequestScopes = () => open.size
