import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { firstLink } from '../support/smtp.ts'
import { expectAccessible, openBrowser, startPortal, type Portal } from './support.ts'

let portal: Portal
let browser: Awaited<ReturnType<typeof openBrowser>>
let page: Page

beforeAll(async () => {
	portal = await startPortal()
	browser = await openBrowser()
	page = await browser.context.newPage()
})

afterAll(async () => {
	await browser?.close()
	await portal?.stop()
})

/** Goes to a page and checks it with axe, as every visited page must pass. */
async function visit(url: string) {
	await page.goto(url)
	await expectAccessible(page)
}

test('une bénévole crée son compte, le confirme, se connecte et crée son association', async () => {
	await visit(`${portal.baseUrl}/`)
	await page.getByRole('link', { name: 'Créer un compte' }).first().click()
	await page.waitForURL('**/inscription')
	await expectAccessible(page)

	await page.getByLabel('Prénom et nom').fill('Nadia Benali')
	await page.getByLabel('Adresse e-mail').fill('nadia@asso.test')
	await page.getByLabel('Mot de passe').fill('une-longue-phrase-de-passe')
	await page.getByRole('button', { name: 'Créer mon compte' }).click()
	await page.waitForURL('**/verification**')
	await expect.poll(() => page.getByText('Vérifiez votre boîte mail').count()).toBeGreaterThan(0)
	await expectAccessible(page)

	// The verification email arrives at the test SMTP server.
	const verification = await portal.mailbox.waitFor('nadia@asso.test', (m) => (m.subject ?? '').includes('Confirmez'))
	expect(verification.html).toContain('Confirmer mon adresse')
	await visit(firstLink(verification))
	await page.getByRole('button', { name: 'Confirmer mon adresse' }).click()
	await page.waitForURL('**/connexion**')
	await expect.poll(() => page.getByText('Adresse confirmée').count()).toBeGreaterThan(0)
	await expectAccessible(page)

	// Password managers find the fields by their autocomplete attributes.
	expect(await page.locator('input[name=email]').getAttribute('autocomplete')).toBe('username')
	expect(await page.locator('input[name=password]').getAttribute('autocomplete')).toBe('current-password')
	await page.getByLabel('Adresse e-mail').fill('nadia@asso.test')
	await page.getByLabel('Mot de passe').fill('une-longue-phrase-de-passe')
	await page.getByRole('button', { name: 'Se connecter' }).click()
	await page.waitForURL('**/espace')
	await expectAccessible(page)

	await page.getByRole('link', { name: 'Créer une association' }).click()
	await page.waitForURL('**/associations/nouvelle')
	await expectAccessible(page)

	const typed = {
		name: 'Les Voisins Solidaires',
		rna: 'W691234567',
		addressLine: '12 rue des Tilleuls',
		postalCode: '69007',
		commune: 'Lyon',
		annualBudget: '48 000',
		employees: '1',
		volunteers: '25',
	}
	for (const [name, value] of Object.entries(typed)) await page.locator(`[name=${name}]`).fill(value)
	await page.locator('[name=sector]').selectOption('social')
	await page.locator('[name=siret]').fill('12345678901234') // fails the Luhn check
	await page.locator('form button[type=submit]').last().click()

	const siret = page.locator('[name=siret]')
	await expect.poll(() => siret.getAttribute('aria-invalid')).toBe('true')
	const errorId = (await siret.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-error'))!
	expect(await page.locator(`[id="${errorId}"]`).textContent()).toMatch(/SIRET/)
	// What was typed is still there.
	expect(await siret.inputValue()).toBe('12345678901234')
	for (const [name, value] of Object.entries(typed)) expect(await page.locator(`[name=${name}]`).inputValue()).toBe(value)
	expect(await page.locator('[name=sector]').inputValue()).toBe('social')
	await expectAccessible(page)

	await siret.fill('732 829 320 00074') // a valid SIRET, typed with spaces
	await page.locator('form button[type=submit]').last().click()
	await page.waitForURL((url) => /^\/associations\/(?!nouvelle$)[^/]+$/.test(url.pathname))
	await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Les Voisins Solidaires')
	await expectAccessible(page)
})
