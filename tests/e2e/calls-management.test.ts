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

test('la gestionnaire crée un appel, sa grille et ses questions, le prévisualise et le publie', async () => {
	await logInAs(page, portal.baseUrl, 'gestion@demo.ensemble.test')

	await page.goto(`${portal.baseUrl}/gestion`)
	await page.getByRole('link', { name: 'Créer un appel à projets' }).click()
	await page.waitForURL('**/gestion/appels/nouveau')
	await expectAccessible(page)

	const nextYear = new Date().getFullYear() + 1
	await page.getByLabel('Titre', { exact: true }).fill('Ensemble dans nos quartiers')
	await page.getByLabel('Présentation').fill('## Objectifs\nFaire se rencontrer les habitants.\n\n- des ateliers\n- des fêtes')
	await page.getByLabel('Nombre minimum d’associations par projet').fill('1')
	await page.getByLabel('Enveloppe de l’appel, en euros').fill('50 000')
	await page.getByLabel('Date limite de dépôt').fill(`${nextYear}-03-31`)
	await page.getByLabel('Heure limite de dépôt').fill('12:00')
	await page.getByLabel('Thème 1').fill('Intergénérationnel')
	await page.getByLabel('Pièce 1', { exact: true }).fill('Statuts')
	await page.getByRole('button', { name: 'Créer le brouillon' }).click()
	await expect.poll(() => page.getByText('au moins 2 associations').count()).toBe(1)
	await expectAccessible(page)
	await page.getByLabel('Nombre minimum d’associations par projet').fill('2')
	await page.getByRole('button', { name: 'Créer le brouillon' }).click()
	await page.waitForURL(/\/gestion\/appels\/[\w-]+$/)
	await expect.poll(() => page.getByRole('button', { name: 'Publier l’appel' }).count()).toBe(1)
	await expectAccessible(page)

	await page.getByRole('link', { name: 'Grille de notation' }).first().click()
	await page.waitForURL('**/grille')
	await page.getByLabel('Intitulé').first().fill('Qualité de la coopération')
	await page.getByRole('button', { name: 'Enregistrer la grille' }).click()
	await expect.poll(() => page.getByText('Grille de notation enregistrée').count()).toBe(1)
	await expectAccessible(page)

	await page.getByRole('link', { name: 'Questions aux candidats' }).first().click()
	await page.waitForURL('**/questions')
	await page.getByLabel('Question', { exact: true }).first().fill('Quel public visez-vous ?')
	await page.getByLabel('Nombre maximum de caractères').first().fill('1500')
	await page.getByRole('button', { name: 'Enregistrer les questions' }).click()
	await expect.poll(() => page.getByText('Questions enregistrées').count()).toBe(1)
	await expectAccessible(page)

	await page.getByRole('link', { name: 'Aperçu' }).click()
	await page.waitForURL('**/apercu')
	// The URL changes before the new page has rendered: wait for its content.
	await expect.poll(() => page.getByRole('heading', { name: 'Objectifs' }).count()).toBe(1)
	await expect.poll(() => page.getByText('Quel public visez-vous ?').count()).toBe(1)
	await expectAccessible(page)

	await page.getByRole('link', { name: 'Informations et publication' }).click()
	await page.getByRole('button', { name: 'Publier l’appel' }).click()
	await page.getByRole('button', { name: 'Oui, publier l’appel' }).click()
	await expect.poll(() => page.getByText('Appel publié').count()).toBe(1)
	await expectAccessible(page)
})
