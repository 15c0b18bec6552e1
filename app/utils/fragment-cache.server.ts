/**
 * Server-rendered HTML of a part of a page, kept per distinct input (decision 033). A part
 * whose markup is a pure function of its inputs (the bilan of a call at a data version, the
 * fifty rows of a deliberation page) is rendered once, then written as it is into each page
 * that shows it: serializing the inputs costs a fraction of rendering them.
 *
 * The part is rendered alone, so it must not read any React context (no <Link>, no form
 * library, no useId): the client hydrates it as an ordinary part of the page, and the markup
 * rendered here is the markup React would have written in place.
 *
 * A part is also kept encoded: while a page is rendered (renderPageWithParts), React writes a
 * placeholder instead of the part, and the page's bytes are assembled around the part's bytes,
 * so that the page does not encode it again (most of a 127 KiB page).
 */
import { LRUCache } from 'lru-cache'
import { randomBytes } from 'node:crypto'
import type { ReactElement } from 'react'
import { renderToString } from 'react-dom/server'

/**
 * What is kept, by size: a bilan's part is about 70 KiB, a dossier's 10 KiB, a list's rows 20 KiB.
 * 4 MiB of bytes (and their string) hold the dossiers a jury works through and the pages a few
 * staff look at together; the least recently used part goes first.
 */
const KEPT_BYTES = 4 * 1024 * 1024
type Part = { html: string; bytes: Buffer<ArrayBuffer> }
// The key is the inputs' JSON itself, counted in what is kept: a map compares keys whole, so two
// inputs never share a part, and a lookup costs less than a digest of the same text.
const fragments = new LRUCache<string, Part>({ maxSize: KEPT_BYTES, sizeCalculation: (part, key) => Math.max(1, part.bytes.length + key.length) })

// A placeholder is an HTML comment with this process's secret: React escapes `<` in every text
// and attribute it writes, so no user input can produce one, let alone guess the secret.
const SECRET = randomBytes(16).toString('hex')
let collecting: Buffer<ArrayBuffer>[] | null = null

/** `inputs`: JSON-serializable, and all the part's markup depends on. */
export function renderFragmentOnce(name: string, inputs: unknown, element: () => ReactElement): string {
	const key = JSON.stringify([name, inputs])
	let part = fragments.get(key)
	if (part === undefined) {
		// A part inside this part is written in place: its placeholder would name the page's list, not this part's.
		const outer = collecting
		collecting = null
		try {
			const html = renderToString(element())
			part = { html, bytes: Buffer.from(html) }
		} finally {
			collecting = outer
		}
		// Most recently used last: the least recently used parts go first past 4 MiB (a part bigger than that is not kept).
		fragments.set(key, part)
	}
	if (collecting === null) return part.html
	collecting.push(part.bytes)
	return placeholder(collecting.length - 1)
}

const placeholder = (index: number) => `<!--part:${SECRET}:${index}-->`

/**
 * Renders a page (synchronously) and returns its bytes, each kept part copied in where React
 * wrote its placeholder: the same bytes as the page rendered with the parts in place.
 */
export function renderPageWithParts(prefix: string, render: () => string): Buffer<ArrayBuffer> {
	const outer = collecting
	const parts: Buffer<ArrayBuffer>[] = []
	collecting = parts
	let html: string
	try {
		html = prefix + render()
	} finally {
		collecting = outer
	}
	if (parts.length === 0) return Buffer.from(html)
	const pieces: Buffer<ArrayBuffer>[] = []
	let from = 0
	parts.forEach((bytes, index) => {
		const mark = placeholder(index)
		const at = html.indexOf(mark, from)
		// A part rendered but left out of the page (an error boundary took over): nothing to copy.
		if (at === -1) return
		pieces.push(Buffer.from(html.slice(from, at)), bytes)
		from = at + mark.length
	})
	pieces.push(Buffer.from(html.slice(from)))
	return Buffer.concat(pieces)
}

/** For tests: how many parts are kept. */
export const keptFragmentBytes = () => fragments.calculatedSize
