import { describe, expect, test } from 'vitest'
import { isSameOriginRequest } from './origin.server.ts'

const host = 'ensemble.example'

describe('contrôle de l’origine', () => {
	test('les lectures passent toujours', () => {
		expect(isSameOriginRequest({ method: 'GET', origin: 'https://evil.example', referer: undefined, host })).toBe(true)
	})
	test('un POST du même site passe, en http comme en https', () => {
		expect(isSameOriginRequest({ method: 'POST', origin: `https://${host}`, referer: undefined, host })).toBe(true)
		expect(isSameOriginRequest({ method: 'POST', origin: `http://${host}`, referer: undefined, host })).toBe(true)
	})
	test('un POST d’un autre site, ou d’un port différent, est refusé', () => {
		expect(isSameOriginRequest({ method: 'POST', origin: 'https://evil.example', referer: undefined, host })).toBe(false)
		expect(isSameOriginRequest({ method: 'POST', origin: `https://${host}:8443`, referer: undefined, host })).toBe(false)
		expect(isSameOriginRequest({ method: 'DELETE', origin: 'https://evil.example', referer: undefined, host })).toBe(false)
	})
	test('sans Origin, le Referer décide ; sans les deux, refus', () => {
		expect(isSameOriginRequest({ method: 'POST', origin: undefined, referer: `https://${host}/connexion`, host })).toBe(true)
		expect(isSameOriginRequest({ method: 'POST', origin: 'null', referer: 'https://evil.example/x', host })).toBe(false)
		expect(isSameOriginRequest({ method: 'POST', origin: undefined, referer: undefined, host })).toBe(false)
		expect(isSameOriginRequest({ method: 'POST', origin: undefined, referer: 'pas une url', host })).toBe(false)
	})
	test('une origine publique déclarée (APP_URL derrière un proxy) est acceptée', () => {
		expect(
			isSameOriginRequest({ method: 'POST', origin: 'https://portail.example', referer: undefined, host: '10.0.0.5:3000', allowedOrigins: ['https://portail.example'] }),
		).toBe(true)
	})
})
