/**
 * The partner directory in the browser, on a 390 px phone with axe (issue 12): an
 * anonymous visitor searches by theme and distance, opens a profile (no address on it),
 * then a demo association's référent writes to it through the portal.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { expectAccessible, logInAs, openPhoneSession, type Portal } from './support.ts'

let portal: Portal
let page: Page
let close: () => Promise<void>

beforeAll(async () => {
	;({ portal, page, close } = await openPhoneSession({ SEED_DEMO: 'always' }))
})

afterAll(async () => {
	await close?.()
})

const CONTEURS = 'Les Grands-Parents Conteurs'

test('chercher un partenaire, ouvrir son profil et lui écrire par le portail', async () => {
	await page.goto(`${portal.baseUrl}/partenaires`)
	await expectAccessible(page)
	await page.getByLabel('Thème', { exact: true }).selectOption({ label: 'Intergénérationnel' })
	await page.getByLabel('Distance', { exact: true }).selectOption({ label: 'À 10 km au plus' })
	await page.getByLabel('De la commune').fill('grenoble')
	await page.getByRole('button', { name: 'Chercher' }).click()
	await expect.poll(() => page.getByRole('heading', { name: '1 association trouvée à 10 km au plus de Grenoble (38)' }).count()).toBe(1)
	await expectAccessible(page)
	// An unknown commune: the French message next to the field.
	await page.getByLabel('De la commune').fill('Atlantide')
	await page.getByRole('button', { name: 'Chercher' }).click()
	await expect.poll(() => page.getByText('Commune inconnue : « Atlantide »').count()).toBe(1)
	await expectAccessible(page)
	await page.getByLabel('De la commune').fill('Grenoble')
	await page.getByRole('button', { name: 'Chercher' }).click()
	await page.getByRole('link', { name: CONTEURS }).click()
	await page.waitForURL(/\/partenaires\/[\w-]+$/)
	const profileUrl = page.url()
	await expect.poll(() => page.getByRole('heading', { name: CONTEURS, level: 1 }).count()).toBe(1)
	expect(await page.getByText('@').count()).toBe(0)
	await expectAccessible(page)

	await logInAs(page, portal.baseUrl, 'asso5@demo.ensemble.test')
	await page.goto(profileUrl)
	await page.getByRole('button', { name: 'Envoyer le message' }).click()
	await expect.poll(() => page.getByText('Donnez un objet à votre message.').count()).toBe(1)
	await expectAccessible(page)
	await page.getByLabel('Objet', { exact: true }).fill('Des contes au bord du sentier ?')
	await page.getByLabel('Message', { exact: true }).fill('Bonjour, nous organisons des sorties nature adaptées : vos conteurs viendraient-ils raconter en chemin ?')
	await page.getByRole('button', { name: 'Envoyer le message' }).click()
	await page.waitForURL(/\/partenaires\/messages\/[\w-]+$/)
	await expect.poll(() => page.getByText('Message envoyé').count()).toBeGreaterThan(0)
	expect(await page.getByText('Les adresses restent cachées tant que l’association n’a pas répondu.').count()).toBe(1)
	await expectAccessible(page)
})
