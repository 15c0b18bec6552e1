/**
 * Decisions stay provisional until the deliberation closes (issue 9): the consortium sees its
 * dossier « en cours d'examen », no decision in its history, and cannot renounce a grant that
 * is not yet final; once the call is decided, the decision shows and the renunciation opens.
 */
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { closeDeliberation, validateDecisions } from '#app/domain/deliberation/closing.server.ts'
import { decide } from '#app/domain/deliberation/decisions.server.ts'
import { renounceAsLead } from '#app/domain/deliberation/amendments.server.ts'
import { db } from '#db/client.server.ts'
import { applications } from '#db/schema/index.ts'
import { createDeliberation } from '#tests/factories.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

describe('décisions provisoires', () => {
	test('pendant la délibération le consortium voit « En cours d’examen » ; après la clôture, « Retenu » et le renoncement', async () => {
		const scene = await createDeliberation({ envelopeCents: 2_500_000, amountsRequestedCents: [1_000_000, 1_000_000, 1_000_000] })
		const [a, b, c] = scene.dossiers
		const staff = scene.staff.user
		expect(await decide({ user: staff, callId: scene.call.id, applicationId: a!.id, decision: 'selected', motivation: 'Très bonne coopération.' })).toEqual({ ok: true })
		expect(await decide({ user: staff, callId: scene.call.id, applicationId: b!.id, decision: 'waitlisted', motivation: '' })).toEqual({ ok: true })
		expect(await decide({ user: staff, callId: scene.call.id, applicationId: c!.id, decision: 'rejected', motivation: 'Budget imprécis.' })).toEqual({ ok: true })

		const cookie = await login(server, a!.lead.user.email)
		const during = await (await get(server, `/candidatures/${a!.id}`, cookie)).text()
		expect(during).toContain('En cours d’examen')
		expect(during).not.toContain('Retenu')
		expect(during).not.toContain('Dossier retenu')
		expect(during).not.toContain('Renoncer à la subvention')
		expect(during).not.toContain('Décision du financeur')
		expect(during).not.toContain('Très bonne coopération.')
		expect(await (await get(server, '/candidatures', cookie)).text()).toContain('En cours d’examen')
		const early = await post(server, `/candidatures/${a!.id}`, { intent: 'renounce', reason: 'Trop tôt', confirm: 'oui' }, { cookie })
		expect(early.status).toBe(409)
		expect(await renounceAsLead({ user: a!.lead.user, applicationId: a!.id, reason: 'Trop tôt' })).toMatchObject({ ok: false })
		expect((await db.select().from(applications).where(eq(applications.id, a!.id)))[0]!.status).toBe('selected')

		expect(await validateDecisions({ user: scene.chair!, callId: scene.call.id })).toEqual({ ok: true })
		expect(await closeDeliberation({ user: staff, callId: scene.call.id })).toMatchObject({ ok: true })
		const after = await (await get(server, `/candidatures/${a!.id}`, cookie)).text()
		expect(after).toContain('Retenu')
		expect(after).toContain('Dossier retenu')
		expect(after).toContain('Renoncer à la subvention')
		expect(after).toContain('Décision du financeur')
		expect(after).toContain('Très bonne coopération.')
		const rejectedPage = await (await get(server, `/candidatures/${c!.id}`, await login(server, c!.lead.user.email))).text()
		expect(rejectedPage).toContain('Non retenu')
		expect(rejectedPage).toContain('Budget imprécis.')
	})
})
