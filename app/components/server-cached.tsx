/**
 * A part of a page rendered once per distinct input on the server (decision 033), hydrated
 * and updated by React like the rest of the page in the browser. `inputs` must determine the
 * markup entirely (the data shown, or a version naming it); null renders it every time. The
 * part must not depend on React context: see fragment-cache.server.ts. `as` is the element
 * that holds it (`tbody` for a table's rows).
 */
import type { ReactElement } from 'react'
import { renderFragmentOnce } from '#app/utils/fragment-cache.server.ts'

export function ServerCached({
	name,
	inputs,
	as: Holder = 'div',
	className,
	render,
}: {
	name: string
	inputs: unknown
	as?: 'div' | 'tbody'
	className?: string
	render: () => ReactElement
}) {
	if (typeof document === 'undefined' && inputs !== null) {
		return <Holder className={className} dangerouslySetInnerHTML={{ __html: renderFragmentOnce(name, inputs, render) }} />
	}
	return <Holder className={className}>{render()}</Holder>
}
