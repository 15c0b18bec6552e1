/**
 * A rendered page's bytes, kept beside the Response that carries them (app/entry.server.tsx):
 * the HTTP layer (server/app.ts) writes these bytes as they are, instead of reading the
 * Response's body back through its stream into a new buffer (about 2 % of a small page's CPU).
 *
 * The body's stream is made only when someone reads the body (Remix, a test calling the
 * handler): a Response made with a body builds a byte stream around it at once, which cost 5 %
 * of a small page's CPU for a stream the server never reads. Read, the body is the page's bytes,
 * as before.
 */
// A registered symbol, not the class: the server (server/app.ts) and the Remix build are bundled
// apart, each with its own copy of this module.
const PAGE_BYTES = Symbol.for('ensemble.pageBytes')

class PageResponse extends Response {
	readonly #bytes: Buffer<ArrayBuffer>
	#withBody: Response | undefined

	constructor(bytes: Buffer<ArrayBuffer>, init: ResponseInit) {
		super(null, init)
		this.#bytes = bytes
	}

	/** The page's bytes, while nobody has read the body (the server writes them itself). */
	get [PAGE_BYTES](): Buffer<ArrayBuffer> | undefined {
		return this.#withBody?.bodyUsed ? undefined : this.#bytes
	}

	// The same Response with its body, made once, with the headers as they are when the body is first read.
	#full(): Response {
		return (this.#withBody ??= new Response(this.#bytes, { status: this.status, statusText: this.statusText, headers: this.headers }))
	}

	override get body() {
		return this.#full().body
	}
	override get bodyUsed() {
		return this.#withBody?.bodyUsed ?? false
	}
	override arrayBuffer() {
		return this.#full().arrayBuffer()
	}
	override bytes() {
		return this.#full().bytes()
	}
	override blob() {
		return this.#full().blob()
	}
	override formData() {
		return this.#full().formData()
	}
	override json() {
		return this.#full().json()
	}
	override text() {
		return this.#full().text()
	}
	override clone() {
		return this.#full().clone()
	}
}

/** A Response for a page rendered whole, its bytes kept for the server to write. */
export function pageResponse(bytes: Buffer<ArrayBuffer>, init: ResponseInit): Response {
	return new PageResponse(bytes, init)
}

/** The page's bytes, when `response` is the page's own (not a copy) and nobody has read its body yet. */
export function pageBytesOf(response: Response): Buffer<ArrayBuffer> | undefined {
	return (response as Response & { [PAGE_BYTES]?: Buffer<ArrayBuffer> })[PAGE_BYTES]
}
