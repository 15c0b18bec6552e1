/**
 * Server-rendered HTML of a part of a page, kept per distinct input (decision 033). A part
 * whose markup is a pure function of its inputs (the bilan of a call at a data version, the
 * fifty rows of a deliberation page) is rendered once, then written as it is into each page
 * that shows it: hashing the inputs costs a fraction of rendering them.
 *
 * The part is rendered alone, so it must not read any React context (no <Link>, no form
 * library, no useId): the client hydrates it as an ordinary part of the page, and the markup
 * rendered here is the markup React would have written in place.
 */
import { createHash } from 'node:crypto'
import type { ReactElement } from 'react'
import { renderToString } from 'react-dom/server'

/** Enough for the pages a few staff look at together; a bilan's part is about 70 KiB. */
const KEPT = 32
const fragments = new Map<string, string>()

/** `inputs`: JSON-serializable, and all the part's markup depends on. */
export function renderFragmentOnce(name: string, inputs: unknown, element: () => ReactElement): string {
	const key = `${name}:${createHash('sha256').update(typeof inputs === 'string' ? inputs : JSON.stringify(inputs)).digest('base64url')}`
	const found = fragments.get(key)
	if (found !== undefined) {
		// Most recently used last, so the oldest is dropped first.
		fragments.delete(key)
		fragments.set(key, found)
		return found
	}
	const html = renderToString(element())
	fragments.set(key, html)
	while (fragments.size > KEPT) fragments.delete(fragments.keys().next().value!)
	return html
}

/** For tests: how many parts are kept. */
export const keptFragmentCount = () => fragments.size
