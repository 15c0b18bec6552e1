/**
 * Past the invitation limits the partner's link is created but not emailed: the lead is
 * told so ("e-mail non envoyé") instead of "Invitation envoyée".
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { consumeRateLimit } from '#app/domain/rate-limit.server.ts'
import { EMAIL_LIMITS } from '#app/domain/rate-limit.ts'
import { db } from '#db/client.server.ts'
import { outboxMessages } from '#db/schema/index.ts'
import { createApplication } from '#tests/factories.ts'
import { cookiesFrom, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
beforeAll(async () => void (server = await startTestServer()))
afterAll(async () => await server.close())

describe('invitation de partenaire au-delà de la limite d’e-mails', () => {
	test('l’invitation est enregistrée, aucun e-mail ne part, et le chef de file en est averti', async () => {
		const { id, lead } = await createApplication({ status: 'draft', coCarriers: 0 })
		const email = 'tres-invitee@exemple.test'
		for (let i = 0; i < EMAIL_LIMITS.invitationsPerAddress.max; i++) await consumeRateLimit(db, `invite:email:${email}`, EMAIL_LIMITS.invitationsPerAddress)
		const cookie = await login(server, lead.user.email)
		const response = await post(server, `/candidatures/${id}/partenaires`, { intent: 'invite-email', email }, { cookie })
		expect(response.status).toBe(302)
		const page = await fetch(`${server.baseUrl}/candidatures/${id}/partenaires`, { headers: { cookie: `${cookie}; ${cookiesFrom(response)}` } })
		const html = await page.text()
		expect(html).toContain('Invitation enregistrée, e-mail non envoyé')
		expect(html).toContain(email)
		expect(await db.select().from(outboxMessages).where(and(eq(outboxMessages.toAddress, email)))).toEqual([])
	})
})
