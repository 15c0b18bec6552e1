/**
 * The jury's first part in the browser, on a phone-sized screen with axe: the funder's
 * staff open the jury page of the demo call, invite a juror (a refused address keeps what
 * was typed), and the invited person declines from the emailed link without an account.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { expectAccessible, logInAs, openBrowser, startPortal, type Portal } from './support.ts'

let portal: Portal
let browser: Awaited<ReturnType<typeof openBrowser>>
let page: Page

beforeAll(async () => {
	portal = await startPortal({ SEED_DEMO: 'always' })
	browser = await openBrowser()
	page = await browser.context.newPage()
})

afterAll(async () => {
	await browser?.close()
	await portal?.stop()
})

test('la gestionnaire invite un juré depuis la page « Jury » ; la personne invitée décline depuis le lien, sans compte', async () => {
	await logInAs(page, portal.baseUrl, 'gestion@demo.ensemble.test')
	await page.goto(`${portal.baseUrl}/gestion`)
	await page.getByRole('link', { name: 'Vivre ensemble 2027' }).first().click()
	await page.waitForURL(/\/gestion\/appels\/[\w-]+$/)
	await page.getByRole('link', { name: 'Jury', exact: true }).first().click()
	await page.waitForURL('**/jury')
	await expect.poll(() => page.getByRole('heading', { name: 'Jury', level: 2 }).count()).toBe(1)
	await expectAccessible(page)

	// A mistyped address is refused next to the field; the profile chosen stays.
	await page.getByLabel('Adresse e-mail').fill('dominique.exemple.test')
	await page.getByLabel('Profil').selectOption('external_expert')
	await page.getByLabel('Charge maximale (dossiers)').fill('6')
	await page.getByRole('button', { name: 'Envoyer l’invitation' }).click()
	await expect.poll(() => page.getByText('Indiquez une adresse e-mail valide').count()).toBeGreaterThan(0)
	expect(await page.getByLabel('Profil').inputValue()).toBe('external_expert')
	expect(await page.getByLabel('Charge maximale (dossiers)').inputValue()).toBe('6')
	await expectAccessible(page)

	await page.getByLabel('Adresse e-mail').fill('dominique.jure@exemple.test')
	await page.getByRole('button', { name: 'Envoyer l’invitation' }).click()
	await expect.poll(() => page.getByText('dominique.jure@exemple.test').count()).toBeGreaterThan(0)
	await expectAccessible(page)

	const mail = await portal.mailbox.waitFor('dominique.jure@exemple.test')
	const link = (mail.text ?? '').match(/https?:\/\/\S+/g)?.find((l) => new URL(l).pathname.startsWith('/jury/invitations/'))
	expect(link, mail.text ?? '').toBeTruthy()

	// The invited person has no account: signed out, the link is enough to decline.
	await page.getByRole('button', { name: 'Se déconnecter' }).click()
	await page.waitForURL((url) => !url.pathname.startsWith('/gestion'))
	await page.goto(link!)
	await expect.poll(() => page.getByRole('heading', { name: 'Invitation au jury', level: 1 }).count()).toBe(1)
	await expect.poll(() => page.getByText('Vivre ensemble 2027').count()).toBeGreaterThan(0)
	await expectAccessible(page)
	await page.getByRole('button', { name: 'Décliner l’invitation' }).click()
	await expect.poll(() => page.getByRole('heading', { name: 'Invitation déclinée', level: 1 }).count()).toBe(1)
	await expectAccessible(page)
})
