/**
 * Security headers on every response — pages, `?_data=` JSON, downloads, errors, static
 * files, 404s — set here, before anything else answers. The Content-Security-Policy allows
 * only our own scripts plus Remix's inline ones, which carry this request's nonce
 * (res.locals.cspNonce, handed to Remix in the load context).
 */
import { randomBytes } from 'node:crypto'
import type { RequestHandler } from 'express'

export function contentSecurityPolicy(nonce: string): string {
	return [
		"default-src 'self'",
		`script-src 'self' 'nonce-${nonce}'`,
		// Styles: our stylesheet, plus the style="" attributes React renders for a few
		// components (the toast, the mail preview); an attribute cannot carry a nonce, and
		// styles cannot run code, so 'unsafe-inline' is accepted here and only here.
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data:",
		"font-src 'self'",
		"connect-src 'self'",
		"object-src 'none'",
		"base-uri 'self'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	].join('; ')
}

const PERMISSIONS_POLICY = [
	'accelerometer',
	'autoplay',
	'camera',
	'display-capture',
	'geolocation',
	'gyroscope',
	'magnetometer',
	'microphone',
	'midi',
	'payment',
	'usb',
]
	.map((feature) => `${feature}=()`)
	.join(', ')

/**
 * A new nonce for each response: 16 bytes of the system's random source, as before, drawn from
 * a buffer filled 256 nonces at a time. One call to randomBytes per request cost about 2 % of
 * the trivial page's CPU (profile, docs/perf fourteenth round); each nonce is still used once.
 */
const NONCE_BYTES = 16
const NONCES_PER_FILL = 256
let randomPool = Buffer.alloc(0)
let poolOffset = 0
export function nextNonce(): string {
	if (poolOffset + NONCE_BYTES > randomPool.length) {
		randomPool = randomBytes(NONCE_BYTES * NONCES_PER_FILL)
		poolOffset = 0
	}
	const nonce = randomPool.toString('base64', poolOffset, poolOffset + NONCE_BYTES)
	poolOffset += NONCE_BYTES
	return nonce
}

// The policy around its nonce, written once.
const [POLICY_BEFORE_NONCE, POLICY_AFTER_NONCE] = contentSecurityPolicy('\u0000').split('\u0000') as [string, string]

export function securityHeaders({ hsts }: { hsts: boolean }): RequestHandler {
	return (_req, res, next) => {
		const nonce = nextNonce()
		res.locals.cspNonce = nonce
		res.setHeader('Content-Security-Policy', POLICY_BEFORE_NONCE + nonce + POLICY_AFTER_NONCE)
		res.setHeader('Permissions-Policy', PERMISSIONS_POLICY)
		res.setHeader('X-Content-Type-Options', 'nosniff')
		res.setHeader('Referrer-Policy', 'same-origin')
		res.setHeader('X-Frame-Options', 'DENY')
		res.setHeader('Cross-Origin-Opener-Policy', 'same-origin')
		// Only when the public address is https: over http the header means nothing, and
		// pinning https on localhost would break the next http project there.
		if (hsts) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
		next()
	}
}
