/**
 * Behind a reverse proxy with TRUST_PROXY set, each client has its own source: an attacker
 * is locked out from their address while the owner logs in from theirs.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { recordFailure, throttleKeys } from '#app/domain/accounts/login-throttle.server.ts'
import { createUser, TEST_PASSWORD } from '#tests/factories.ts'
import { post, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer({ trustProxy: 'loopback' })
})
afterAll(async () => {
	await server.close()
})

const from = (ip: string, fields: Record<string, string>) => post(server, '/connexion', fields, { headers: { 'X-Forwarded-For': ip } })

describe('limitation par compte et par source', () => {
	test('l’attaquant est ralenti puis bloqué depuis son IP, le titulaire se connecte depuis la sienne sans appareil connu', async () => {
		const owner = await createUser()
		const started = Date.now()
		const statuses: number[] = []
		for (let i = 0; i < 7; i++) statuses.push((await from('203.0.113.5', { email: owner.email, password: `essai-${i}-faux` })).status)
		expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429])
		expect(Date.now() - started).toBeGreaterThanOrEqual(1_400) // the 4th and 5th attempts were slowed
		expect((await from('203.0.113.5', { email: owner.email, password: TEST_PASSWORD })).status).toBe(429)

		expect((await from('198.51.100.7', { email: owner.email, password: TEST_PASSWORD })).status).toBe(302)
	})

	test('une source qui essaie beaucoup de comptes est bloquée pour tous', async () => {
		const owner = await createUser()
		// 30 failures on as many accounts (recorded directly: over HTTP each would be slowed).
		for (let i = 0; i < 30; i++) await recordFailure(throttleKeys(`inconnu${i}@exemple.test`, '203.0.113.9'))
		expect((await from('203.0.113.9', { email: owner.email, password: TEST_PASSWORD })).status).toBe(429)
		expect((await from('198.51.100.8', { email: owner.email, password: TEST_PASSWORD })).status).toBe(302)
	})
})
