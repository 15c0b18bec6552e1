import { describe, expect, test } from 'vitest'
import { safeRedirect } from './safe-redirect.ts'

describe('safeRedirect', () => {
	test.each([
		'/espace',
		'/invitations/abc',
		'/appels/123?onglet=questions',
		'/associations/x#membres',
	])('garde le chemin du site %s', (path) => {
		expect(safeRedirect(path)).toBe(path)
	})

	test.each([
		'//evil.example',
		'//evil.example/',
		'/\\evil.example',
		'\\\\evil.example',
		'/\t/evil.example/',
		'/%09/evil.example/',
		'\t',
		'/\n/evil.example',
		'/\r\n',
		'/%0d%0aSet-Cookie:x=1',
		'/%2fevil.example',
		'/%2F%2Fevil.example',
		'/%5cevil.example',
		'javascript:alert(1)',
		'JavaScript:alert(1)',
		'/javascript:alert(1)x'.slice(1),
		'https://evil.example/',
		'http:/evil.example',
		'evil.example',
		'',
		' /espace',
		'/\u0000',
	])('refuse %j', (value) => {
		expect(safeRedirect(value)).toBe('/espace')
	})

	test('refuse ce qui n’est pas un texte, et prend le repli donné', () => {
		expect(safeRedirect(undefined)).toBe('/espace')
		expect(safeRedirect(null, '')).toBe('')
		expect(safeRedirect(['/espace'])).toBe('/espace')
		expect(safeRedirect('//evil', '/connexion')).toBe('/connexion')
	})
})
