import { createHash, randomBytes } from 'node:crypto'

/** A random URL-safe token to email; only its hash is stored. */
export function generateToken(): { token: string; tokenHash: string } {
	const token = randomBytes(32).toString('base64url')
	return { token, tokenHash: hashToken(token) }
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex')
}

export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase()
}
