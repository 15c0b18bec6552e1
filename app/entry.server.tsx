import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { renderToString } from 'react-dom/server'
import { StaticPartsProvider } from '#app/components/static-part.tsx'
import { renderPageWithParts } from '#app/utils/fragment-cache.server.ts'
import { NonceProvider } from '#app/utils/nonce.tsx'
import { pageResponse } from '#app/utils/page-body.server.ts'
import { staticPartsOf } from '#app/utils/static-parts.server.ts'
import { installFrenchErrorMap } from '#app/utils/zod-french.ts'

// Zod's default messages in French, for every schema parsed on the server (app/utils/zod-french.ts).
installFrenchErrorMap()

// The security headers (CSP with this nonce, nosniff, frame and referrer policies) are set
// by the Express layer on every response, not only here: see server/security-headers.ts.
//
// No route streams (no defer, no Suspense), so a page is rendered to one string: React's
// streaming renderer encoded every piece into 2 KiB buffers and wrote each through a stream,
// which cost more than the render itself on the larger pages (a bilan, a list). A render
// error throws here, and Remix renders the error boundary instead, as with a shell error.
export default function handleRequest(
	request: Request,
	responseStatusCode: number,
	responseHeaders: Headers,
	remixContext: EntryContext,
	loadContext: AppLoadContext,
) {
	const nonce = loadContext.cspNonce ?? ''
	// The parts kept already encoded (the bilan's figures, the ranking's rows) are copied in, not encoded again.
	const body = renderPageWithParts('<!DOCTYPE html>', () =>
		renderToString(
			<NonceProvider value={nonce}>
				{/* The parts the page's loaders kept out of its data (app/utils/static-parts.server.ts). */}
				<StaticPartsProvider value={staticPartsOf(request)}>
					<RemixServer context={remixContext} url={request.url} nonce={nonce} />
				</StaticPartsProvider>
			</NonceProvider>,
		),
	)
	responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
	responseHeaders.set('Content-Length', String(body.byteLength))
	return pageResponse(body, { headers: responseHeaders, status: responseStatusCode })
}
