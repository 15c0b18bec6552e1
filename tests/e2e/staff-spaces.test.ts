import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { firstLink } from '../support/smtp.ts'
import { expectAccessible, logInAs, openBrowser, startPortal, type Portal } from './support.ts'

let portal: Portal
let browser: Awaited<ReturnType<typeof openBrowser>>
let page: Page

beforeAll(async () => {
	portal = await startPortal({ SEED_DEMO: 'always' })
	browser = await openBrowser()
	page = await browser.context.newPage()
	// A phone-sized screen, as many volunteers use.
	await page.setViewportSize({ width: 390, height: 844 })
})

afterAll(async () => {
	await browser?.close()
	await portal?.stop()
})

const logIn = (email: string) => logInAs(page, portal.baseUrl, email)

async function logOut() {
	await page.getByRole('button', { name: 'Se déconnecter' }).click()
	await page.waitForURL(`${portal.baseUrl}/`)
}

test('l’administrateur crée une fondation et nomme sa gestionnaire, qui accepte et voit son back-office', async () => {
	await logIn('admin@demo.ensemble.test')
	await expectAccessible(page)
	await page.getByRole('link', { name: 'Administration' }).first().click()
	await page.waitForURL('**/admin')
	await expectAccessible(page)

	await page.goto(`${portal.baseUrl}/admin/structures/nouvelle`)
	await expectAccessible(page)
	await page.getByLabel('Type de structure').selectOption({ index: 1 })
	await page.getByLabel('Nom').fill('Fondation des Possibles')
	await page.getByLabel('Territoire couvert').fill('Isère (38)')
	await page.getByLabel('Adresse e-mail de contact').fill('pas-une-adresse')
	await page.getByRole('button', { name: 'Créer la structure' }).click()
	await expect.poll(() => page.getByLabel('Adresse e-mail de contact').getAttribute('aria-invalid')).toBe('true')
	expect(await page.getByLabel('Nom').inputValue()).toBe('Fondation des Possibles')
	await expectAccessible(page)

	await page.getByLabel('Adresse e-mail de contact').fill('contact@possibles.test')
	await page.getByRole('button', { name: 'Créer la structure' }).click()
	await page.waitForURL((url) => /^\/admin\/structures\/(?!nouvelle$)[^/]+$/.test(url.pathname))
	await expectAccessible(page)

	await page.getByLabel('Adresse e-mail de la personne').fill('ines@possibles.test')
	await page.getByRole('button', { name: 'Nommer dans l’équipe' }).click()
	const invitation = await portal.mailbox.waitFor('ines@possibles.test')
	expect(invitation.subject).toContain('Fondation des Possibles')
	await expectAccessible(page)

	// Issue 13: the journal shows that invitation first among the roles given; it fits a phone.
	await page.goto(`${portal.baseUrl}/admin`)
	await page.getByRole('link', { name: 'Journal d’audit' }).click()
	await page.waitForURL('**/admin/journal')
	await expectAccessible(page)
	await page.getByLabel('Catégorie').selectOption('roles')
	await page.getByRole('button', { name: 'Filtrer' }).click()
	await page.waitForURL(/categorie=roles/)
	await expect.poll(() => page.locator('tbody tr').first().textContent()).toContain('Membre de l’équipe invité')
	expect(await page.locator('tbody tr').first().textContent()).toContain('Fondation des Possibles')
	await expectAccessible(page)
	await logOut()

	// Inès has no account yet: she follows the link, signs up, confirms, logs in, accepts.
	await page.goto(firstLink(invitation))
	await expectAccessible(page)
	await page.getByRole('link', { name: /Créer un compte/ }).last().click()
	await page.waitForURL('**/inscription**')
	await page.getByLabel('Prénom et nom').fill('Inès Moreau')
	expect(await page.getByLabel('Adresse e-mail').inputValue()).toBe('ines@possibles.test')
	await page.getByLabel('Mot de passe').fill('une-phrase-pour-ines')
	await page.getByRole('button', { name: 'Créer mon compte' }).click()
	const verification = await portal.mailbox.waitFor('ines@possibles.test', (m) => (m.subject ?? '').includes('Confirmez'))
	await page.goto(firstLink(verification))
	await page.getByRole('button', { name: 'Confirmer mon adresse' }).click()
	await page.waitForURL('**/connexion**')
	await page.getByLabel('Adresse e-mail').fill('ines@possibles.test')
	await page.getByLabel('Mot de passe').fill('une-phrase-pour-ines')
	await page.getByRole('button', { name: 'Se connecter' }).click()
	await page.waitForURL(/\/invitations\//)
	await expectAccessible(page)
	await page.getByRole('button', { name: 'Accepter l’invitation' }).click()
	await page.waitForURL('**/espace')
	await page.goto(`${portal.baseUrl}/gestion`)
	await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBeTruthy()
	expect(await page.content()).toContain('Fondation des Possibles')
	await expectAccessible(page)
	await logOut()
})

test('la gestionnaire de démo voit l’appel, l’accompagnement voit les associations, chacun dans son espace', async () => {
	await logIn('gestion@demo.ensemble.test')
	await page.goto(`${portal.baseUrl}/gestion`)
	expect(await page.content()).toContain('Vivre ensemble 2027')
	await expectAccessible(page)
	const admin = await page.goto(`${portal.baseUrl}/admin`)
	expect(admin?.status()).toBe(403)
	await expectAccessible(page)
	await page.goto(`${portal.baseUrl}/espace`)
	await logOut()

	await logIn('mda@demo.ensemble.test')
	await page.goto(`${portal.baseUrl}/accompagnement`)
	expect(await page.content()).toContain('Théâtre des Deux Rives')
	await expectAccessible(page)
	await page.goto(`${portal.baseUrl}/espace`)
	await logOut()

	await logIn('asso1@demo.ensemble.test')
	await page.getByRole('link', { name: 'Les Jardins Partagés du Faubourg' }).click()
	await page.waitForURL(/\/associations\//)
	await expectAccessible(page)
	await page.goto(`${portal.baseUrl}/dev/mail`)
	await expectAccessible(page)
})
