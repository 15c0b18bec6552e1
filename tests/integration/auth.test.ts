import { count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { recordFailure, throttleKeys } from '#app/domain/accounts/login-throttle.server.ts'
import { db } from '#db/client.server.ts'
import { emailTokens, outboxMessages, sessions, users } from '#db/schema/index.ts'
import { createUser, TEST_PASSWORD } from '#tests/factories.ts'
import { lastEmailTo, pathOf } from '#tests/support/mail.ts'
import { cookiesFrom, get, login, post, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

const tokenOf = (link: string | undefined) => new URL(link!).searchParams.get('token')!

describe('inscription, confirmation, connexion, déconnexion', () => {
	test('parcours complet avec cookie de session sécurisé', async () => {
		const signUp = await post(server, '/inscription', {
			displayName: 'Camille Martin',
			email: 'Camille.Martin@Exemple.test',
			password: 'une-phrase-de-passe',
		})
		expect(signUp.status).toBe(302)
		expect(signUp.headers.get('location')).toContain('/verification')

		const [user] = await db.select().from(users).where(eq(users.email, 'camille.martin@exemple.test'))
		expect(user?.emailVerifiedAt).toBeNull()
		expect(user?.passwordHash).toMatch(/^\$argon2id\$/)

		// Not verified yet: refused with a French explanation.
		const early = await post(server, '/connexion', { email: 'camille.martin@exemple.test', password: 'une-phrase-de-passe' })
		expect(early.status).toBe(403)
		expect(await early.text()).toContain('Confirmez d’abord votre adresse e-mail')

		const email = await lastEmailTo('camille.martin@exemple.test')
		expect(email.template).toBe('verify-email')
		expect(email.subject).toContain('Confirmez votre adresse')
		const page = await get(server, pathOf(email.link))
		expect(page.status).toBe(200)
		expect(await page.text()).toContain('Confirmer mon adresse')
		const verify = await post(server, '/verification', { intent: 'verify', token: tokenOf(email.link) })
		expect(verify.status).toBe(302)
		expect(verify.headers.get('location')).toContain('/connexion')

		// A token is single use.
		const again = await post(server, '/verification', { intent: 'verify', token: tokenOf(email.link) })
		expect(again.status).toBe(400)
		expect(await again.text()).toContain('n’est plus valable')

		const loginResponse = await post(server, '/connexion', {
			email: 'camille.martin@exemple.test',
			password: 'une-phrase-de-passe',
			redirectTo: '/espace',
		})
		expect(loginResponse.status).toBe(302)
		expect(loginResponse.headers.get('location')).toBe('/espace')
		const setCookie = loginResponse.headers.getSetCookie().find((c) => c.startsWith('ensemble_session='))!
		expect(setCookie).toMatch(/HttpOnly/i)
		expect(setCookie).toMatch(/SameSite=Lax/i)
		expect(setCookie).not.toMatch(/Secure/i) // Secure only in production, over HTTPS
		const cookie = setCookie.split(';')[0]!

		const space = await get(server, '/espace', cookie)
		expect(space.status).toBe(200)
		expect(await space.text()).toContain('Bonjour Camille Martin')

		const logout = await post(server, '/deconnexion', {}, { cookie })
		expect(logout.status).toBe(302)
		const after = await get(server, '/espace', cookie)
		expect(after.status).toBe(302)
		expect(after.headers.get('location')).toBe('/connexion?redirectTo=%2Fespace')
	})

	test('après confirmation, on revient là où l’on allait (ex. une invitation)', async () => {
		await post(server, '/inscription', {
			displayName: 'Inès Moreau',
			email: 'ines@exemple.test',
			password: 'une-phrase-de-passe',
			redirectTo: '/invitations/abc',
		})
		const email = await lastEmailTo('ines@exemple.test')
		expect(new URL(email.link!).searchParams.get('redirectTo')).toBe('/invitations/abc')
		const verify = await post(server, '/verification', { intent: 'verify', token: tokenOf(email.link), redirectTo: '/invitations/abc' })
		expect(verify.headers.get('location')).toBe('/connexion?email=ines%40exemple.test&redirectTo=%2Finvitations%2Fabc')
	})

	test('une inscription invalide garde la saisie, sans le mot de passe, et n’écrit rien', async () => {
		const response = await post(server, '/inscription', { displayName: 'Dominique Petit', email: 'pas-une-adresse', password: 'court' })
		expect(response.status).toBe(400)
		const html = await response.text()
		expect(html).toContain('Cette adresse e-mail n’est pas valide')
		expect(html).toContain('Le mot de passe doit contenir au moins 10 caractères.')
		expect(html).toContain('value="Dominique Petit"')
		expect(html).toContain('value="pas-une-adresse"')
		expect(html).not.toContain('value="court"')
		const [{ value }] = await db.select({ value: count() }).from(users)
		expect(value).toBe(0)
	})

	test('un mauvais mot de passe est refusé sans dire si le compte existe', async () => {
		await createUser({ email: 'sophie@exemple.test' })
		const wrong = await post(server, '/connexion', { email: 'sophie@exemple.test', password: 'pas-le-bon-mot-de-passe' })
		const unknown = await post(server, '/connexion', { email: 'inconnu@exemple.test', password: 'pas-le-bon-mot-de-passe' })
		expect(wrong.status).toBe(401)
		expect(unknown.status).toBe(401)
		expect(await wrong.text()).toContain('Adresse e-mail ou mot de passe incorrect.')
		expect(await unknown.text()).toContain('Adresse e-mail ou mot de passe incorrect.')
	})

	test('la redirection après connexion reste sur le site', async () => {
		const user = await createUser()
		const response = await post(server, '/connexion', { email: user.email, password: TEST_PASSWORD, redirectTo: '//exemple.com/piege' })
		expect(response.headers.get('location')).toBe('/espace')
	})
})

describe('mot de passe oublié', () => {
	test('réinitialise par lien unique, ferme les autres sessions', async () => {
		const user = await createUser({ email: 'leo@exemple.test' })
		const oldCookie = await login(server, user.email)

		const request = await post(server, '/mot-de-passe-oublie', { email: 'leo@exemple.test' })
		expect(request.status).toBe(200)
		expect(await request.text()).toContain('Si un compte existe pour cette adresse')
		const email = await lastEmailTo('leo@exemple.test')
		expect(email.template).toBe('reset-password')

		const page = await get(server, pathOf(email.link))
		expect(await page.text()).toContain('Choisir un nouveau mot de passe')

		const mismatch = await post(server, '/reinitialiser-mot-de-passe', {
			token: tokenOf(email.link),
			password: 'nouvelle-phrase-secrete',
			confirmPassword: 'autre-chose-encore',
		})
		expect(mismatch.status).toBe(400)
		expect(await mismatch.text()).toContain('Les deux mots de passe ne sont pas identiques.')

		const reset = await post(server, '/reinitialiser-mot-de-passe', {
			token: tokenOf(email.link),
			password: 'nouvelle-phrase-secrete',
			confirmPassword: 'nouvelle-phrase-secrete',
		})
		expect(reset.status).toBe(302)
		expect((await get(server, '/espace', oldCookie)).status).toBe(302)
		expect(await db.select().from(sessions).where(eq(sessions.userId, user.id))).toHaveLength(0)

		expect((await post(server, '/connexion', { email: user.email, password: TEST_PASSWORD })).status).toBe(401)
		expect((await post(server, '/connexion', { email: user.email, password: 'nouvelle-phrase-secrete' })).status).toBe(302)

		const reuse = await post(server, '/reinitialiser-mot-de-passe', {
			token: tokenOf(email.link),
			password: 'encore-une-autre-phrase',
			confirmPassword: 'encore-une-autre-phrase',
		})
		expect(reuse.status).toBe(400)
		expect(await reuse.text()).toContain('n’est plus valable')
	})

	test('une adresse inconnue reçoit la même réponse et aucun e-mail', async () => {
		const response = await post(server, '/mot-de-passe-oublie', { email: 'personne@exemple.test' })
		expect(response.status).toBe(200)
		expect(await response.text()).toContain('Si un compte existe pour cette adresse')
		const [{ value }] = await db.select({ value: count() }).from(outboxMessages)
		expect(value).toBe(0)
	})

	test('sans JavaScript, une adresse mal écrite est refusée sous son champ, telle qu’elle a été tapée', async () => {
		const response = await post(server, '/mot-de-passe-oublie', { email: 'camille<at>exemple' })
		expect(response.status).toBe(400)
		const html = await response.text()
		const input = html.match(/<input[^>]*name="email"[^>]*>/)?.[0] ?? ''
		expect(input).toContain('value="camille&lt;at&gt;exemple"')
		expect(input).toContain('aria-invalid="true"')
		const describedBy = input.match(/aria-describedby="([^"]+)"/)?.[1]
		expect(html).toMatch(new RegExp(`<p id="${describedBy}" class="field-error">[^<]*adresse e-mail`, 'i'))
		const [{ value }] = await db.select({ value: count() }).from(outboxMessages)
		expect(value).toBe(0)
	})

	test('un lien expiré est refusé', async () => {
		const user = await createUser({ email: 'expire@exemple.test' })
		await post(server, '/mot-de-passe-oublie', { email: user.email })
		const email = await lastEmailTo(user.email)
		await db.update(emailTokens).set({ expiresAt: new Date(Date.now() - 1000) })
		const page = await get(server, pathOf(email.link))
		expect(await page.text()).toContain('Lien expiré')
		const reset = await post(server, '/reinitialiser-mot-de-passe', {
			token: tokenOf(email.link),
			password: 'nouvelle-phrase-secrete',
			confirmPassword: 'nouvelle-phrase-secrete',
		})
		expect(reset.status).toBe(400)
	})
})

describe('limitation des tentatives de connexion', () => {
	test('un compte est ralenti puis refusé (429) après des échecs répétés', async () => {
		const user = await createUser({ email: 'cible@exemple.test' })
		const started = Date.now()
		for (let attempt = 1; attempt <= 5; attempt++) {
			const response = await post(server, '/connexion', { email: user.email, password: `mauvais-${attempt}-essai` })
			expect(response.status).toBe(401)
		}
		// Attempts 4 and 5 were slowed (0.5 s then 1 s).
		expect(Date.now() - started).toBeGreaterThanOrEqual(1_400)

		const refused = await post(server, '/connexion', { email: user.email, password: TEST_PASSWORD })
		expect(refused.status).toBe(429)
		expect(refused.headers.get('retry-after')).toBe('900')
		expect(await refused.text()).toContain('Trop de tentatives de connexion')
	})

	test('une adresse IP est refusée après trop d’échecs sur des comptes différents', async () => {
		const user = await createUser()
		for (let i = 0; i < 30; i++) await recordFailure(throttleKeys(`inconnu${i}@exemple.test`, '127.0.0.1'))
		const refused = await post(server, '/connexion', { email: user.email, password: TEST_PASSWORD })
		expect(refused.status).toBe(429)
		expect(await refused.text()).toContain('Trop de tentatives de connexion')
	})
})

describe('contrôle de l’origine des requêtes', () => {
	test('un POST venu d’un autre site est refusé', async () => {
		const user = await createUser()
		const foreign = await post(server, '/connexion', { email: user.email, password: TEST_PASSWORD }, { origin: 'https://malveillant.example' })
		expect(foreign.status).toBe(403)
		expect(await foreign.text()).toContain('contrôle de l’origine')
		expect(cookiesFrom(foreign)).toBe('')
	})

	test('un POST sans Origin ni Referer est refusé, un Referer du site est accepté', async () => {
		const user = await createUser()
		const bare = await post(server, '/connexion', { email: user.email, password: TEST_PASSWORD }, { origin: null })
		expect(bare.status).toBe(403)
		const withReferer = await post(
			server,
			'/connexion',
			{ email: user.email, password: TEST_PASSWORD },
			{ origin: null, headers: { Referer: `${server.baseUrl}/connexion` } },
		)
		expect(withReferer.status).toBe(302)
	})
})
