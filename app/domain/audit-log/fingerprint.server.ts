/**
 * A failed login on an address with no account is recorded under a fingerprint of the
 * address, never the address as typed: people type their password in the e-mail field, and
 * the address of someone with no account is not ours to keep. A keyed hash (HMAC-SHA-256
 * with the server's secret), so the fingerprint cannot be reversed by hashing a list of
 * addresses; the journal finds the attempts on an address when the admin types it whole.
 */
import { createHmac } from 'node:crypto'
import { getEnv } from '#app/env.server.ts'
import { normalizeEmail } from '#app/utils/tokens.server.ts'

export function emailFingerprint(email: string): string {
	const key = getEnv().SESSION_SECRET ?? 'ensemble-development-only'
	return createHmac('sha256', key).update(`login-attempt:${normalizeEmail(email)}`).digest('hex').slice(0, 32)
}
