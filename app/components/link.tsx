/**
 * The portal's link: Remix's `<Link>` in the browser, and on the server, for a path of this site
 * written in full (`/candidatures/…`), the anchor that `<Link>` would render, written directly.
 *
 * Why: on the server a Remix link resolves its path three times (its own `href`, react-router's,
 * the click handler's), sets up prefetching and builds a click handler that never runs; a page
 * has 10 to 30 links, and that work cost as much as a tenth of a page (docs/perf). A full path
 * resolves to itself, so the markup is the same (link.test.tsx compares the two), and the
 * browser hydrates it as Remix's link.
 */
// eslint-disable-next-line no-restricted-imports -- the one place Remix's link is used
import { Link as RemixLink, type LinkProps } from '@remix-run/react'
import { createElement, forwardRef } from 'react'

export type { LinkProps }

export const Link = forwardRef<HTMLAnchorElement, LinkProps>(function Link(props, ref) {
	if (typeof document !== 'undefined' || !rendersAsWritten(props)) return <RemixLink {...props} ref={ref} />
	// The anchor's props in the order react-router writes them: the caller's (without what the
	// router takes for itself), then its own. A loop, not an object rest: excluding eleven keys
	// took V8's slow path, 0.035 ms per trivial page (docs/perf, ninth round).
	const anchor: Record<string, unknown> = {}
	for (const key in props) if (!ROUTER_PROPS.has(key)) anchor[key] = props[key as keyof LinkProps]
	anchor['data-discover'] = 'true'
	anchor.href = props.to
	anchor.ref = ref
	anchor.target = props.target
	return createElement('a', anchor)
}) as typeof RemixLink

/** What react-router's <Link> takes for itself (`target` it writes last, after its own attributes). */
const ROUTER_PROPS = new Set(['to', 'prefetch', 'discover', 'reloadDocument', 'replace', 'state', 'preventScrollReset', 'relative', 'viewTransition', 'target', 'onClick'])

const DOT_SEGMENT = /(^|\/)\.\.?(\/|\?|#|$)/
const EMPTY_SEARCH_OR_HASH = /\?(#|$)|#$/

/**
 * A path of this site written in full, that Remix would render as written: not another site
 * (`https:`, `//`), no `.` or `..` to resolve, no empty `?` or `#` (dropped by the router), and
 * none of the options that change the markup (prefetching adds elements, `reloadDocument` and
 * `discover` the attribute).
 */
export function rendersAsWritten(props: LinkProps): boolean {
	const { to } = props
	if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//')) return false
	if (DOT_SEGMENT.test(to) || EMPTY_SEARCH_OR_HASH.test(to)) return false
	return (props.prefetch ?? 'none') === 'none' && (props.discover ?? 'render') === 'render' && !props.reloadDocument
}
