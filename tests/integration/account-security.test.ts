/**
 * Accounts as an attacker probes them: open redirects, lockout of the owner, unlimited
 * emails, old reset links, and sign-up telling whether an address has an account.
 */
import { and, count, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { db } from '#db/client.server.ts'
import { outboxMessages } from '#db/schema/index.ts'
import { createUser, TEST_PASSWORD } from '#tests/factories.ts'
import { lastEmailTo } from '#tests/support/mail.ts'
import { cookiesFrom, post, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
beforeAll(async () => {
	server = await startTestServer()
})
afterAll(async () => {
	await server.close()
})

const tokenOf = (link: string | undefined) => new URL(link!).searchParams.get('token')!

async function mailsTo(address: string, template?: string) {
	const [row] = await db
		.select({ value: count() })
		.from(outboxMessages)
		.where(template ? and(eq(outboxMessages.toAddress, address), eq(outboxMessages.template, template)) : eq(outboxMessages.toAddress, address))
	return row!.value
}

/** A form POST from a given source address (the test server trusts no proxy: one source per test run). */
const fromSource = (pathname: string, fields: Record<string, string>, cookie?: string) => post(server, pathname, fields, { cookie })

describe('redirection après connexion', () => {
	const hostile = [
		'//evil.example/',
		'/\\evil.example/',
		'\\\\evil.example/',
		'/\t/evil.example/',
		'/%09/evil.example/',
		'\t',
		'/\r\n/evil.example',
		'/%0d%0aSet-Cookie:%20x=1',
		'/%2F%2Fevil.example',
		'/%5Cevil.example',
		'javascript:alert(1)',
		'https://evil.example/',
		'http:/evil.example',
		'evil.example',
	]

	test.each(hostile)('redirectTo=%j renvoie vers /espace, jamais ailleurs ni en 500', async (redirectTo) => {
		const user = await createUser()
		const response = await post(server, '/connexion', { email: user.email, password: TEST_PASSWORD, redirectTo })
		expect(response.status).toBe(302)
		expect(response.headers.get('location')).toBe('/espace')
	})

	test('le lien du rapport (%2F%09%2Fevil.example%2F) ne quitte pas le site, et la page de connexion ne le recopie pas', async () => {
		const user = await createUser()
		const page = await fetch(`${server.baseUrl}/connexion?redirectTo=%2F%09%2Fevil.example%2F`)
		expect(page.status).toBe(200)
		// The hidden field that the form posts back does not carry it either.
		expect(await page.text()).toContain('name="redirectTo" value=""')
		const response = await fetch(`${server.baseUrl}/connexion?redirectTo=%2F%09%2Fevil.example%2F`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.baseUrl },
			body: `email=${encodeURIComponent(user.email)}&password=${TEST_PASSWORD}&redirectTo=%2F%09%2Fevil.example%2F`,
			redirect: 'manual',
		})
		expect(response.headers.get('location')).toBe('/espace')
	})

	test('un chemin du site est gardé, après l’inscription et la confirmation aussi', async () => {
		const user = await createUser()
		const ok = await post(server, '/connexion', { email: user.email, password: TEST_PASSWORD, redirectTo: '/appels?tri=date' })
		expect(ok.headers.get('location')).toBe('/appels?tri=date')
		await post(server, '/inscription', { displayName: 'Léa Roux', email: 'lea@exemple.test', password: 'une-phrase-de-passe', redirectTo: '/\t/evil.example' })
		const email = await lastEmailTo('lea@exemple.test')
		expect(new URL(email.link!).searchParams.get('redirectTo')).toBeNull()
		const verify = await post(server, '/verification', { intent: 'verify', token: tokenOf(email.link), redirectTo: '//evil.example' })
		expect(verify.headers.get('location')).toBe('/connexion?email=lea%40exemple.test')
	})
})

describe('limitation des connexions sans bloquer le titulaire', () => {
	test('le titulaire se connecte depuis un appareil connu après 10 échecs d’un attaquant (même IP, sans TRUST_PROXY)', async () => {
		const owner = await createUser({ email: 'titulaire@exemple.test' })
		const first = await post(server, '/connexion', { email: owner.email, password: TEST_PASSWORD })
		expect(first.status).toBe(302)
		const device = first.headers.getSetCookie().find((c) => c.startsWith('ensemble_device='))
		expect(device).toBeDefined()
		expect(device).toMatch(/HttpOnly/i)
		const deviceCookie = device!.split(';')[0]!

		const statuses: number[] = []
		for (let i = 0; i < 10; i++) {
			statuses.push((await post(server, '/connexion', { email: owner.email, password: `essai-${i}-de-l-attaquant` })).status)
		}
		expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
		expect(statuses.slice(5)).toEqual([429, 429, 429, 429, 429])

		// Without the device cookie, this account from this source is locked…
		expect((await post(server, '/connexion', { email: owner.email, password: TEST_PASSWORD })).status).toBe(429)
		// …the owner's browser is not, but a wrong password is still refused there.
		const wrong = await post(server, '/connexion', { email: owner.email, password: 'pas-le-bon' }, { cookie: deviceCookie })
		expect(wrong.status).toBe(401)
		const ok = await post(server, '/connexion', { email: owner.email, password: TEST_PASSWORD }, { cookie: deviceCookie })
		expect(ok.status).toBe(302)
		expect(cookiesFrom(ok)).toContain('ensemble_session=')
	})

	test('un cookie d’appareil falsifié ou d’un autre compte ne sert à rien', async () => {
		const owner = await createUser()
		const other = await createUser()
		const otherLogin = await post(server, '/connexion', { email: other.email, password: TEST_PASSWORD })
		const otherDevice = otherLogin.headers.getSetCookie().find((c) => c.startsWith('ensemble_device='))!.split(';')[0]!
		for (let i = 0; i < 5; i++) await post(server, '/connexion', { email: owner.email, password: `essai-${i}-faux` })
		expect((await post(server, '/connexion', { email: owner.email, password: TEST_PASSWORD }, { cookie: otherDevice })).status).toBe(429)
		const forged = `ensemble_device=${Buffer.from(JSON.stringify([{ userId: owner.id, deviceId: 'x' }])).toString('base64')}`
		expect((await post(server, '/connexion', { email: owner.email, password: TEST_PASSWORD }, { cookie: forged })).status).toBe(429)
	})

	test('trop d’échecs depuis un appareil connu lui retirent sa confiance', async () => {
		const owner = await createUser()
		const first = await post(server, '/connexion', { email: owner.email, password: TEST_PASSWORD })
		const deviceCookie = first.headers.getSetCookie().find((c) => c.startsWith('ensemble_device='))!.split(';')[0]!
		for (let i = 0; i < 5; i++) await post(server, '/connexion', { email: owner.email, password: `essai-${i}-faux` }, { cookie: deviceCookie })
		for (let i = 0; i < 5; i++) await post(server, '/connexion', { email: owner.email, password: `essai-${i}-faux` })
		expect((await post(server, '/connexion', { email: owner.email, password: TEST_PASSWORD }, { cookie: deviceCookie })).status).toBe(429)
	})
})

describe('limitation des e-mails', () => {
	test('mot de passe oublié : au plus 3 e-mails par adresse et par heure, la même réponse ensuite', async () => {
		const user = await createUser({ email: 'oubli@exemple.test' })
		const texts: string[] = []
		for (let i = 0; i < 5; i++) {
			const response = await fromSource('/mot-de-passe-oublie', { email: user.email })
			expect(response.status).toBe(200)
			texts.push(await response.text())
		}
		expect(texts.every((t) => t.includes('Si un compte existe pour cette adresse'))).toBe(true)
		expect(await mailsTo(user.email, 'reset-password')).toBe(3)
	})

	test('mot de passe oublié : au plus 20 demandes par source et par heure, puis 429 en français', async () => {
		const statuses: number[] = []
		for (let i = 0; i < 21; i++) statuses.push((await fromSource('/mot-de-passe-oublie', { email: `victime${i}@exemple.test` })).status)
		expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true)
		const user = await createUser({ email: 'apres@exemple.test' })
		const refused = await fromSource('/mot-de-passe-oublie', { email: user.email })
		expect(refused.status).toBe(429)
		expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
		expect(await refused.text()).toContain('Trop de demandes : réessayez dans')
		expect(await mailsTo(user.email)).toBe(0)
	})

	test('confirmation d’adresse : au plus 3 e-mails par adresse (inscription comprise), 429 au-delà de 20 par source', async () => {
		await fromSource('/inscription', { displayName: 'Noé Blanc', email: 'noe@exemple.test', password: 'une-phrase-de-passe' })
		for (let i = 0; i < 4; i++) {
			const response = await fromSource('/verification', { intent: 'resend', email: 'noe@exemple.test' })
			expect(response.status).toBe(200)
			expect(await response.text()).toContain('Si un compte non confirmé existe pour cette adresse')
		}
		expect(await mailsTo('noe@exemple.test', 'verify-email')).toBe(3)
		for (let i = 0; i < 16; i++) await fromSource('/verification', { intent: 'resend', email: `autre${i}@exemple.test` })
		const refused = await fromSource('/verification', { intent: 'resend', email: 'noe@exemple.test' })
		expect(refused.status).toBe(429)
		expect(await refused.text()).toContain('Trop de demandes')
	})
})

describe('réinitialisation du mot de passe', () => {
	test('un ancien lien ne marche plus après une réinitialisation réussie avec un lien plus récent', async () => {
		const user = await createUser({ email: 'double@exemple.test' })
		await fromSource('/mot-de-passe-oublie', { email: user.email })
		const older = tokenOf((await lastEmailTo(user.email)).link)
		await new Promise((resolve) => setTimeout(resolve, 5))
		await fromSource('/mot-de-passe-oublie', { email: user.email })
		const newer = tokenOf((await lastEmailTo(user.email)).link)
		expect(newer).not.toBe(older)

		const reset = await post(server, '/reinitialiser-mot-de-passe', { token: newer, password: 'nouvelle-phrase-secrete', confirmPassword: 'nouvelle-phrase-secrete' })
		expect(reset.status).toBe(302)
		const old = await post(server, '/reinitialiser-mot-de-passe', { token: older, password: 'phrase-de-l-attaquant', confirmPassword: 'phrase-de-l-attaquant' })
		expect(old.status).toBe(400)
		expect(await old.text()).toContain('n’est plus valable')
		expect((await post(server, '/connexion', { email: user.email, password: 'phrase-de-l-attaquant' })).status).toBe(401)
	})
})

describe('l’inscription ne dit pas si une adresse a un compte', () => {
	test('même réponse pour une adresse connue et une nouvelle ; le titulaire reçoit un avertissement, pas de lien de confirmation', async () => {
		await createUser({ email: 'connue@exemple.test', displayName: 'Claire Connue' })
		const known = await post(server, '/inscription', { displayName: 'Intrus', email: 'connue@exemple.test', password: 'une-phrase-de-passe' })
		const fresh = await post(server, '/inscription', { displayName: 'Nouvelle', email: 'nouvelle@exemple.test', password: 'une-phrase-de-passe' })
		expect(known.status).toBe(fresh.status)
		expect(known.status).toBe(302)
		const where = (r: Response) => r.headers.get('location')!.replace(/email=[^&]+/, 'email=…')
		expect(where(known)).toBe(where(fresh))
		expect(await known.text()).toBe(await fresh.text())

		// Per-response nonces (scripts, styles) aside, the pages must be the same.
		const page = (r: Response) =>
			fetch(server.baseUrl + r.headers.get('location'), { headers: { Cookie: cookiesFrom(r) } })
				.then((p) => p.text())
				.then((html) => html.replace(/nonce="[^"]*"/g, ''))
		const [knownPage, freshPage] = await Promise.all([page(known), page(fresh)])
		expect(knownPage).toContain('Vérifiez votre boîte mail')
		const blank = (html: string, email: string) => html.replaceAll(email, '…').replaceAll(encodeURIComponent(email), '…')
		expect(blank(knownPage, 'connue@exemple.test')).toBe(blank(freshPage, 'nouvelle@exemple.test'))

		expect(await mailsTo('connue@exemple.test', 'verify-email')).toBe(0)
		const warning = await lastEmailTo('connue@exemple.test')
		expect(warning.template).toBe('account-exists')
		expect(warning.text).toContain('mot-de-passe-oublie')
		expect(await mailsTo('nouvelle@exemple.test', 'verify-email')).toBe(1)
		// The intruder's password was not set.
		expect((await post(server, '/connexion', { email: 'connue@exemple.test', password: 'une-phrase-de-passe' })).status).toBe(401)
	})
})
