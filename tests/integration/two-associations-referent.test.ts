/**
 * A person who is the référent of two associations of one consortium acts for each of them
 * (issue 7: findAccess used to return one member row, so only one could answer).
 */
import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { acceptEngagement, answerNo } from '#app/domain/applications/engagement.server.ts'
import { db } from '#db/client.server.ts'
import { applicationMembers } from '#db/schema/index.ts'
import { addMember, createApplication, createAssociationMember, createOrganization } from '#tests/factories.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

async function twoAssociationsOfOnePerson() {
	const first = await createAssociationMember('referent')
	const secondOrganization = await createOrganization({ kind: 'association' })
	await addMember(secondOrganization.id, first.user.id, 'referent')
	const second = { user: first.user, organization: secondOrganization }
	const app = await createApplication({
		coCarriers: 0,
		partners: [
			{ association: first, state: 'invited' },
			{ association: second, state: 'invited' },
		],
	})
	return { app, first, second }
}

async function statusOf(applicationId: string, organizationId: string) {
	const [row] = await db
		.select({ status: applicationMembers.status })
		.from(applicationMembers)
		.where(and(eq(applicationMembers.applicationId, applicationId), eq(applicationMembers.organizationId, organizationId)))
	return row?.status
}

describe('référent de deux associations d’un même consortium', () => {
	test('confirme l’engagement de chacune de ses deux associations', async () => {
		const { app, first, second } = await twoAssociationsOfOnePerson()
		const engagement = { roleDescription: 'Accueille les ateliers', contribution: 'Une salle' }
		expect(await acceptEngagement({ id: app.id, user: first.user, organizationId: first.organization.id, ...engagement })).toEqual({ ok: true })
		expect(await acceptEngagement({ id: app.id, user: first.user, organizationId: second.organization.id, ...engagement })).toEqual({ ok: true })
		expect(await statusOf(app.id, first.organization.id)).toBe('confirmed')
		expect(await statusOf(app.id, second.organization.id)).toBe('confirmed')
	})

	test('confirme pour l’une et décline pour l’autre', async () => {
		const { app, first, second } = await twoAssociationsOfOnePerson()
		expect(await answerNo({ id: app.id, user: first.user, organizationId: second.organization.id, intent: 'decline', message: 'Pas cette année.' })).toEqual({ ok: true })
		expect(
			await acceptEngagement({ id: app.id, user: first.user, organizationId: first.organization.id, roleDescription: 'Accueille les ateliers', contribution: 'Une salle' }),
		).toEqual({ ok: true })
		expect(await statusOf(app.id, first.organization.id)).toBe('confirmed')
		expect(await statusOf(app.id, second.organization.id)).toBe('declined')
	})
})

describe('sur la page d’engagement', () => {
	test('choisit l’association pour laquelle répondre et confirme pour chacune', async () => {
		const { app, first, second } = await twoAssociationsOfOnePerson()
		const cookie = await login(server, first.user.email)
		const page = await get(server, `/candidatures/${app.id}/engagement?association=${second.organization.id}`, cookie)
		expect(page.status).toBe(200)
		expect(await page.text()).toContain(`Engagement de ${second.organization.name}`)
		for (const organization of [first.organization, second.organization]) {
			const response = await post(
				server,
				`/candidatures/${app.id}/engagement`,
				{ intent: 'accept', organizationId: organization.id, roleDescription: 'Accueille les ateliers', contribution: 'Une salle' },
				{ cookie },
			)
			expect(response.status).toBe(302)
			expect(await statusOf(app.id, organization.id)).toBe('confirmed')
		}
	})

	test('une association hors du consortium : 404, rien d’écrit', async () => {
		const { app, first } = await twoAssociationsOfOnePerson()
		const outsider = await createOrganization({ kind: 'association' })
		await addMember(outsider.id, first.user.id, 'referent')
		const cookie = await login(server, first.user.email)
		const response = await post(
			server,
			`/candidatures/${app.id}/engagement`,
			{ intent: 'accept', organizationId: outsider.id, roleDescription: 'Accueille les ateliers', contribution: 'Une salle' },
			{ cookie },
		)
		expect(response.status).toBe(404)
		expect(await statusOf(app.id, first.organization.id)).toBe('invited')
	})
})
