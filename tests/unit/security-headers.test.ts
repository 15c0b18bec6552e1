import { describe, expect, test } from 'vitest'
import { contentSecurityPolicy, nextNonce, securityHeaders } from '../../server/security-headers.ts'

describe('nonce de la politique de sécurité du contenu', () => {
	test('16 octets aléatoires par réponse, jamais deux fois le même, y compris d’un remplissage de la réserve à l’autre', () => {
		const nonces = Array.from({ length: 1000 }, () => nextNonce())
		expect(new Set(nonces).size).toBe(nonces.length)
		for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16)
	})

	test('l’en-tête est la politique écrite autour du nonce de la réponse', () => {
		const headers = new Map<string, string>()
		const res = { locals: {} as Record<string, unknown>, setHeader: (name: string, value: string) => void headers.set(name, value) }
		let called = false
		securityHeaders({ hsts: false })({} as never, res as never, () => void (called = true))
		expect(called).toBe(true)
		const nonce = res.locals.cspNonce as string
		expect(headers.get('Content-Security-Policy')).toBe(contentSecurityPolicy(nonce))
		expect(headers.has('Strict-Transport-Security')).toBe(false)
	})
})
