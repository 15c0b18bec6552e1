/**
 * Personal data in the browser, on a 390 px phone with axe (issue 13): the privacy page from
 * the footer, a référent's data page and downloads, the deletion refused while they are the
 * only référent of their association, a juror who deletes their account and can no longer
 * log in, and the platform admin's retention page.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { DEMO_PASSWORD, expectAccessible, logInAs, openPhoneSession, type Portal } from './support.ts'

let portal: Portal
let page: Page
let close: () => Promise<void>

beforeAll(async () => {
	;({ portal, page, close } = await openPhoneSession({ SEED_DEMO: 'always' }))
})

afterAll(async () => {
	await close?.()
})

test('lire la page confidentialité, télécharger ses données, supprimer son compte', async () => {
	await page.goto(portal.baseUrl)
	await page.getByRole('link', { name: 'Confidentialité et données personnelles' }).click()
	await page.waitForURL(/\/confidentialite$/)
	await expect.poll(() => page.getByText('supprimés 12 mois après la clôture de leur appel', { exact: false }).count()).toBe(1)
	await expectAccessible(page)

	await logInAs(page, portal.baseUrl, 'asso1@demo.ensemble.test')
	await page.goto(`${portal.baseUrl}/espace`)
	await page.getByRole('link', { name: 'Mes données personnelles' }).click()
	await page.waitForURL(/\/compte\/donnees$/)
	await expect.poll(() => page.getByRole('heading', { name: 'Mes données personnelles' }).count()).toBe(1)
	await expectAccessible(page)
	const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Télécharger en PDF (lisible)' }).click()])
	expect(download.suggestedFilename()).toMatch(/^ensemble-mes-donnees-\d{4}-\d{2}-\d{2}\.pdf$/)

	// The only référent of « Les Jardins Partagés du Faubourg »: no form, the reason instead.
	await page.goto(`${portal.baseUrl}/compte/suppression`)
	expect(await page.getByText('Vous ne pouvez pas encore supprimer votre compte.').count()).toBe(1)
	expect(await page.getByLabel('Votre mot de passe').count()).toBe(0)
	await expectAccessible(page)

	await logInAs(page, portal.baseUrl, 'jury3@demo.ensemble.test')
	await page.goto(`${portal.baseUrl}/compte/suppression`)
	await page.getByLabel('Votre mot de passe').fill(DEMO_PASSWORD)
	await page.getByLabel('Tapez SUPPRIMER pour confirmer').fill('oui')
	await page.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click()
	await expect.poll(() => page.getByText('Tapez SUPPRIMER pour confirmer.').count()).toBe(1)
	await expectAccessible(page)
	await page.getByLabel('Tapez SUPPRIMER pour confirmer').fill('SUPPRIMER')
	await Promise.all([page.waitForURL(`${portal.baseUrl}/`), page.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click()])
	await expect.poll(() => page.getByText('Vos données personnelles ont été effacées.').count()).toBe(1)
	await page.goto(`${portal.baseUrl}/connexion`)
	await page.getByLabel('Adresse e-mail').fill('jury3@demo.ensemble.test')
	await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD)
	await page.locator('main').getByRole('button', { name: 'Se connecter' }).click()
	await expect.poll(() => page.getByText('Adresse e-mail ou mot de passe incorrect.').count()).toBe(1)

	await logInAs(page, portal.baseUrl, 'admin@demo.ensemble.test')
	await page.goto(`${portal.baseUrl}/admin`)
	await page.getByRole('link', { name: /Conservation des données/ }).click()
	await page.waitForURL(/\/admin\/conservation$/)
	await expect.poll(() => page.getByText('1 compte supprimé au total.', { exact: false }).count()).toBe(1)
	await expectAccessible(page)
})
