import { describe, expect, test } from 'vitest'
import { closeRequestScope, isDocumentRequest, openRequestScope, openRequestScopes, REQUEST_SCOPE_HEADER, requestScope } from './request-scope.server.ts'

const request = (method: string, key?: string) =>
	new Request('http://localhost/page', { method, headers: key === undefined ? {} : { [REQUEST_SCOPE_HEADER]: key } })

describe('la portée d’une requête', () => {
	test('les copies d’une requête partagent sa portée tant qu’elle est ouverte, et plus après sa fermeture', () => {
		const before = openRequestScopes()
		const key = openRequestScope({ document: true })
		const scope = requestScope(request('GET', key))
		expect(scope).not.toBeNull()
		scope!.set(Symbol.for('test'), 1)
		expect(requestScope(request('GET', key))?.get(Symbol.for('test'))).toBe(1)
		expect(requestScope(request('HEAD', key))).toBe(scope)
		expect(openRequestScopes()).toBe(before + 1)
		closeRequestScope(key)
		expect(requestScope(request('GET', key))).toBeNull()
		expect(openRequestScopes()).toBe(before)
	})

	test('ni une autre méthode, ni une clé inconnue, ni une requête sans clé n’en ont une', () => {
		const key = openRequestScope({ document: true })
		expect(requestScope(request('POST', key))).toBeNull()
		expect(requestScope(request('GET', 'inventée'))).toBeNull()
		expect(requestScope(request('GET'))).toBeNull()
		closeRequestScope(key)
	})

	test('deux portées ouvertes sont distinctes', () => {
		const a = openRequestScope({ document: true })
		const b = openRequestScope({ document: true })
		expect(a).not.toBe(b)
		expect(requestScope(request('GET', a))).not.toBe(requestScope(request('GET', b)))
		closeRequestScope(a)
		closeRequestScope(b)
	})

	test('une page que le serveur rend est distinguée des données lues par le navigateur (?_data), hors portée non plus', () => {
		const page = openRequestScope({ document: true })
		const data = openRequestScope({ document: false })
		expect(isDocumentRequest(request('GET', page))).toBe(true)
		expect(isDocumentRequest(request('GET', data))).toBe(false)
		expect(isDocumentRequest(request('GET'))).toBe(false)
		closeRequestScope(page)
		expect(isDocumentRequest(request('GET', page))).toBe(false)
		closeRequestScope(data)
	})
})
