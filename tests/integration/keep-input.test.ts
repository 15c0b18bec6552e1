import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { createApplication } from '#app/domain/applications/creation.server.ts'
import { db } from '#db/client.server.ts'
import { sessions } from '#db/schema/index.ts'
import { addMember, createAssociationMember, createCall, createUser } from '#tests/factories.ts'
import { get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

test('une saisie envoyée après l’expiration de la session revient dans le formulaire après reconnexion', async () => {
	const call = await createCall()
	const { user, organization } = await createAssociationMember('referent')
	const created = await createApplication({ user, callId: call.id, title: 'Jardins partagés', leadOrganizationId: organization.id })
	if (!created.ok) throw new Error(created.message)
	const page = `/candidatures/${created.applicationId}/projet`
	const cookie = await login(server, user.email)

	// The session expires while the person is typing (a session closed by signing out keeps nothing).
	await db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.userId, user.id))
	const posted = await post(server, page, { version: '1', title: 'Un titre tapé hors session', summary: 'Un résumé long, écrit avec soin.' }, { cookie })
	expect(posted.status).toBe(302)
	const loginUrl = new URL(posted.headers.get('location')!, server.baseUrl)
	expect(loginUrl.pathname).toBe('/connexion')
	const back = loginUrl.searchParams.get('redirectTo')!
	expect(back).toMatch(new RegExp(`^${page}\\?brouillon=`))

	// Logging in again leads back to the page, with what was typed in the form.
	const again = await post(server, '/connexion', { email: user.email, password: 'mot-de-passe-de-test', redirectTo: back })
	expect(again.headers.get('location')).toBe(back)
	const newCookie = again.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('ensemble_session='))!
	const restored = await get(server, back, newCookie)
	expect(restored.status).toBe(200)
	const html = await restored.text()
	expect(html).toContain('Un titre tapé hors session')
	expect(html).toContain('Un résumé long, écrit avec soin.')

	// Nobody else gets it, even a member of the same association with the same link.
	const colleague = await createUser()
	await addMember(organization.id, colleague.id, 'member')
	const other = await get(server, back, await login(server, colleague.email))
	expect(other.status).toBe(200)
	expect(await other.text()).not.toContain('Un titre tapé hors session')

	// Without the token, the page shows what is saved.
	expect(await (await get(server, page, newCookie)).text()).not.toContain('Un titre tapé hors session')
})
