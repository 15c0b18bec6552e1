/**
 * CSRF defence: a state-changing request must come from our own origin. Browsers send
 * Origin on every cross-site POST; a missing Origin falls back to Referer.
 */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function isSameOriginRequest(options: {
	method: string
	origin: string | undefined
	referer: string | undefined
	host: string | undefined
	allowedOrigins?: string[]
}): boolean {
	if (SAFE_METHODS.has(options.method.toUpperCase())) return true
	const source = options.origin && options.origin !== 'null' ? options.origin : refererOrigin(options.referer)
	if (!source) return false
	const allowed = new Set(options.allowedOrigins ?? [])
	if (options.host) {
		allowed.add(`http://${options.host}`)
		allowed.add(`https://${options.host}`)
	}
	return allowed.has(source)
}

function refererOrigin(referer: string | undefined): string | undefined {
	if (!referer) return undefined
	try {
		return new URL(referer).origin
	} catch {
		return undefined
	}
}
