/**
 * Where a static part (app/utils/static-parts.server.ts) goes on its page. On the server the
 * part's HTML comes from the loader's data or, for a page the server renders, from the request
 * (StaticPartsProvider, in app/entry.server.tsx). In the browser, hydration leaves an element
 * whose content is set by `dangerouslySetInnerHTML` as the server wrote it, whatever the value
 * (React compares it only in development, hence suppressHydrationWarning); after a navigation
 * or a revalidation the data brings the HTML, which React writes in.
 */
import { createContext, useContext } from 'react'
import type { StaticPartData, StaticParts } from '#app/utils/static-parts.server.ts'

const StaticPartsContext = createContext<StaticParts | null>(null)
export const StaticPartsProvider = StaticPartsContext.Provider

export function StaticPart({ part, as: Holder = 'div', className }: { part: StaticPartData; as?: 'div' | 'tbody'; className?: string }) {
	const serverParts = useContext(StaticPartsContext)
	const html = part.html ?? serverParts?.get(part.name)?.() ?? ''
	return <Holder className={className} dangerouslySetInnerHTML={{ __html: html }} suppressHydrationWarning />
}
