/**
 * The follow-up's settings of a call over HTTP (issue 10): the funder's staff set the payment
 * plan (« editable per call ») and the financial report's gap threshold on the call's
 * follow-up page; an agreement drawn up afterwards follows the plan. A plan that does not make
 * 100 %, a stale page or hostile input is refused in French with what was typed, nothing
 * written; a co-porter gets 403, another funder's staff 404.
 */
import { asc, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openAgreement } from '#app/domain/agreements/agreements.server.ts'
import { db } from '#db/client.server.ts'
import { calls, payments } from '#db/schema/index.ts'
import { createStaff } from '#tests/factories.ts'
import { followedDossier } from '#tests/support/follow-up.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

const callOf = async (id: string) => (await db.select().from(calls).where(eq(calls.id, id)))[0]!

const plan = (version: number, rows: [string, string, string][], gapThreshold = '10') => ({
	intent: 'settings',
	version: String(version),
	gapThreshold,
	...Object.fromEntries(rows.flatMap(([label, percent, trigger], i) => [[`tranches[${i}].label`, label], [`tranches[${i}].percent`, percent], [`tranches[${i}].trigger`, trigger]])),
})

describe('réglages du suivi d’un appel', () => {
	test('le financeur fixe trois tranches et le seuil d’écart ; la convention établie ensuite les suit', async () => {
		const app = await followedDossier({ stage: 'selected' })
		const cookie = await login(server, app.funder.user.email)
		const page = await (await get(server, `/gestion/appels/${app.call.id}/suivi`, cookie)).text()
		expect(page).toContain('Enregistrer les réglages')
		const { version } = await callOf(app.call.id)
		const saved = await post(
			server,
			`/gestion/appels/${app.call.id}/suivi`,
			plan(version, [
				['Avance', '50', 'signature'],
				['Deuxième tranche', '30', 'signature'],
				['Solde', '20 %', 'final_evaluation'],
			]),
			{ cookie },
		)
		expect(saved.status).toBe(302)
		const call = await callOf(app.call.id)
		expect(call).toMatchObject({ reportGapThresholdPercent: 10, version: version + 1 })
		expect(call.tranchePlan).toEqual([
			{ label: 'Avance', percent: 50, trigger: 'signature' },
			{ label: 'Deuxième tranche', percent: 30, trigger: 'signature' },
			{ label: 'Solde', percent: 20, trigger: 'final_evaluation' },
		])
		expect(await openAgreement({ user: app.funder.user, applicationId: app.id })).toMatchObject({ ok: true })
		const tranches = await db.select().from(payments).where(eq(payments.applicationId, app.id)).orderBy(asc(payments.position))
		expect(tranches.map((t) => [t.label, t.amountCents, t.trigger])).toEqual([
			['Avance', 500_000, 'signature'],
			['Deuxième tranche', 300_000, 'signature'],
			['Solde', 200_000, 'final_evaluation'],
		])
	})

	test('un plan qui ne fait pas 100 %, une page périmée, des saisies hostiles : refusés en français, rien d’écrit ; co-porteur 403, autre financeur 404', async () => {
		const app = await followedDossier({ stage: 'selected' })
		const cookie = await login(server, app.funder.user.email)
		const before = await callOf(app.call.id)
		const path = `/gestion/appels/${app.call.id}/suivi`

		const short = await post(server, path, plan(before.version, [['Unique', '60', 'signature']]), { cookie })
		expect(short.status).toBe(400)
		const html = await short.text()
		expect(html).toContain('Les tranches doivent faire 100 % du montant (elles font 60 %).')
		expect(html).toContain('value="Unique"')

		const hostile: Record<string, string>[] = [
			plan(before.version, [['x'.repeat(5000), '100', 'signature']]),
			plan(before.version, [['Tout', '100', 'au petit bonheur']]),
			plan(before.version, [['Tout', '-100', 'signature']]),
			plan(before.version, [['Tout', '100', 'signature']], '250'),
			plan(before.version, [['Tout', '100', 'signature']], '=1+1'),
			{ ...plan(before.version, [['Tout', '100', 'signature']]), 'tranches[900].label': 'loin' },
			{ intent: 'settings', gapThreshold: '15', 'tranches[0].label': 'Tout', 'tranches[0].percent': '100', 'tranches[0].trigger': 'signature' },
		]
		for (const fields of hostile) {
			const response = await post(server, path, fields, { cookie })
			expect(response.status, JSON.stringify(fields).slice(0, 120)).toBe(400)
			// Zod's own (English) wording never reaches the page.
			expect(await response.text()).not.toMatch(/must contain|Expected|Invalid|Required/)
		}
		const stale = await post(server, path, plan(before.version - 1, [['Tout', '100', 'signature']]), { cookie })
		expect(stale.status).toBe(409)
		expect(await stale.text()).toContain('L’appel a été modifié entre-temps')

		expect((await post(server, path, plan(before.version, [['Tout', '100', 'signature']]), { cookie: await login(server, app.lead.user.email) })).status).toBe(403)
		const other = await createStaff('funder')
		expect((await post(server, path, plan(before.version, [['Tout', '100', 'signature']]), { cookie: await login(server, other.user.email) })).status).toBe(404)

		const after = await callOf(app.call.id)
		expect(after).toMatchObject({ version: before.version, reportGapThresholdPercent: before.reportGapThresholdPercent })
		expect(after.tranchePlan).toEqual(before.tranchePlan)
	})
})
