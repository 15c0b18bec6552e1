import { Writable } from 'node:stream'
import type { AppLoadContext, EntryContext } from '@remix-run/node'
import { RemixServer } from '@remix-run/react'
import { renderToPipeableStream } from 'react-dom/server'
import { NonceProvider } from '#app/utils/nonce.tsx'

const ABORT_DELAY = 5_000

// The security headers (CSP with this nonce, nosniff, frame and referrer policies) are set
// by the Express layer on every response, not only here: see server/security-headers.ts.
//
// No route streams (no defer, no Suspense), so every page is rendered whole into memory and
// sent in one write with its length: no PassThrough → web stream → Node stream chain per page,
// and the abort timer is cleared as soon as the page is done instead of holding the whole
// render for five seconds.
export default function handleRequest(
	request: Request,
	responseStatusCode: number,
	responseHeaders: Headers,
	remixContext: EntryContext,
	loadContext: AppLoadContext,
) {
	const nonce = loadContext.cspNonce ?? ''
	return new Promise<Response>((resolve, reject) => {
		const chunks: Buffer[] = []
		let timer: NodeJS.Timeout | undefined
		let done = false
		let shellRendered = false
		const finish = () => {
			done = true
			clearTimeout(timer)
		}
		// No 'close' event: React treats a closed destination as a client gone and aborts again.
		const sink = new Writable({
			emitClose: false,
			write(chunk: Buffer | string, _encoding, callback) {
				chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
				callback()
			},
			final(callback) {
				finish()
				const body = Buffer.concat(chunks)
				responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
				responseHeaders.set('Content-Length', String(body.byteLength))
				resolve(new Response(body, { headers: responseHeaders, status: responseStatusCode }))
				callback()
			},
		})
		const { pipe, abort } = renderToPipeableStream(
			<NonceProvider value={nonce}>
				<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
			</NonceProvider>,
			{
				nonce,
				onShellReady() {
					shellRendered = true
				},
				onAllReady() {
					pipe(sink)
				},
				onShellError(error: unknown) {
					finish()
					reject(error)
				},
				onError(error: unknown) {
					responseStatusCode = 500
					// An error before the shell is rendered reaches Remix (onShellError), which logs it.
					if (shellRendered) console.error(error)
				},
			},
		)
		if (!done) timer = setTimeout(abort, ABORT_DELAY)
	})
}
