/**
 * The one check for every redirect to a user-supplied path (login, sign-up, verification,
 * invitations). Browsers strip tabs and newlines from URLs and read "\" as "/", so
 * "/\tevil.example" or "/\\evil.example" lead to another site: anything but a plain path
 * of this site falls back.
 */
export function safeRedirect(value: unknown, fallback = '/espace'): string {
	if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return fallback
	// Checked as typed and once decoded: a proxy or a second redirect may decode "%09" or "%2f".
	let decoded: string
	try {
		decoded = decodeURIComponent(value)
	} catch {
		return fallback
	}
	for (const candidate of [value, decoded]) {
		// Control characters (tab, CR, LF, NUL…) and backslashes have no place in our paths.
		// eslint-disable-next-line no-control-regex
		if (/[\u0000-\u001f\u007f\\]/.test(candidate)) return fallback
		if (!candidate.startsWith('/') || candidate.startsWith('//')) return fallback
	}
	// Resolve it as the browser would, against a dummy origin: it must stay on that origin.
	let url: URL
	try {
		url = new URL(value, 'http://ensemble.invalid')
	} catch {
		return fallback
	}
	if (url.origin !== 'http://ensemble.invalid') return fallback
	return url.pathname + url.search + url.hash
}
