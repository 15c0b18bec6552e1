/**
 * A part of a page that the browser keeps as the server wrote it (decision 045): React does not
 * hydrate it, so the data it shows (a whole dossier, fifty rows of a list) stays on the server
 * instead of being written a second time into the page's loader data, serialized twice and
 * parsed once on the way. Only for markup with nothing to hydrate: plain links and text, no
 * event handler, no state (the same rule as fragment-cache.server.ts, whose kept HTML it uses).
 *
 * The loader calls staticPart(). When the server renders the page (a document GET), the part's
 * HTML is handed to the render through the request's scope and the loader data carries only its
 * name. When the browser reads the route's data (a navigation, a revalidation), the HTML itself
 * travels in the data, and <StaticPart> writes it in place. Outside a scope (the page rendered
 * after a form posted without JavaScript) the HTML travels in the data too: correct, only larger.
 */
import type { SerializeFrom } from '@remix-run/node'
import type { ReactElement } from 'react'
import { renderFragmentOnce } from '#app/utils/fragment-cache.server.ts'
import { isDocumentRequest, requestScope } from '#app/utils/request-scope.server.ts'

/** What a loader returns for a part: its name, and its HTML unless the server renders the page itself. */
export type StaticPartData = { name: string; html: string | null }
export type StaticParts = ReadonlyMap<string, () => string>

const PARTS = Symbol('static parts')

/**
 * `inputs`: JSON-serializable, all the markup depends on; `render` gets them as a page's
 * component would from its loader data (dates as strings); `name`: unique on its page.
 * The fragment cache's key is the inputs' JSON, or `options.version` when the caller has a
 * string that names the inputs exactly (a kept read's version; null or absent: none, the JSON
 * then): writing a list's fifty rows as JSON on every request to look up their HTML cost a
 * twentieth of the page.
 */
export function staticPart<Inputs>(
	request: Request,
	name: string,
	inputs: Inputs,
	render: (inputs: SerializeFrom<Inputs>) => ReactElement,
	options: { version?: string | null } = {},
): StaticPartData {
	// Rendered only when the cache has no HTML for these inputs.
	const element = () => render(JSON.parse(JSON.stringify(inputs)) as SerializeFrom<Inputs>)
	const key = options.version == null ? inputs : { version: options.version }
	const scope = requestScope(request)
	if (scope === null || !isDocumentRequest(request)) return { name, html: renderFragmentOnce(name, key, element) }
	let parts = scope.get(PARTS) as Map<string, () => string> | undefined
	if (parts === undefined) scope.set(PARTS, (parts = new Map()))
	// Rendered (or taken from the cache) while the page renders, so that its kept bytes are copied in, not encoded again.
	parts.set(name, () => renderFragmentOnce(name, key, element))
	return { name, html: null }
}

/** The parts the loaders of this page left for the server's render (app/entry.server.tsx). */
export const staticPartsOf = (request: Request): StaticParts | null => (requestScope(request)?.get(PARTS) as StaticParts | undefined) ?? null
