/**
 * The public showcase in the browser, on a 390 px wide phone with axe on every page (issue 12):
 * an anonymous visitor finds the demo's published project on /projets, filters by département
 * with the GET form, opens the project, reads who cooperates with whom and the pense-pas-bête;
 * the partner association's référent withdraws its consent from the dossier — the project
 * leaves the showcase — then gives it again.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { axeViolations, expectAccessible, logInAs, openPhoneSession, saveScreenshots, type Portal } from './support.ts'

let portal: Portal
let page: Page
let close: (() => Promise<void>) | undefined

beforeAll(async () => {
	;({ portal, page, close } = await openPhoneSession({ SEED_DEMO: 'always' }))
})

afterAll(async () => {
	await close?.()
})

const TITLE = 'Veillées de contes croisés (2026)'
const PARTNER = 'Maison des Associations de Grenoble'

async function shows(text: string | RegExp) {
	await expect.poll(() => page.getByText(text).count(), { timeout: 10_000 }).toBeGreaterThan(0)
}

test('un visiteur sans compte lit les projets réalisés, filtre, ouvre un projet, le graphe des coopérations et le pense-pas-bête', async () => {
	await page.goto(`${portal.baseUrl}/`)
	await page.getByRole('navigation', { name: 'Coopérer entre associations' }).getByRole('link', { name: 'Projets réalisés' }).click()
	await page.waitForURL('**/projets')
	await shows('1 projet publié')
	await expectAccessible(page)
	// The GET form, as a keyboard user sends it.
	await page.getByLabel('Département d’une association').selectOption('38')
	await page.getByRole('button', { name: 'Filtrer' }).click()
	await page.waitForURL((u) => u.searchParams.get('departement') === '38')
	await shows('1 projet publié correspondant aux filtres')
	await page.getByText('Résultats et ce que les associations ont appris').click()
	await shows('Ce qui n’a pas marché')
	await expectAccessible(page)
	await saveScreenshots(page, 'projets')

	await page.getByRole('link', { name: TITLE }).click()
	await page.waitForURL(/\/projets\/[\w-]+$/)
	await shows('Ce que nous avons appris')
	expect(await page.getByText('Les Grands-Parents Conteurs (chef de file)').count()).toBe(1)
	expect(await page.locator('main').innerText()).not.toMatch(/@/)
	await expectAccessible(page)
	await saveScreenshots(page, 'projet')

	await page.getByRole('link', { name: 'Qui coopère avec qui' }).first().click()
	await page.waitForURL('**/projets/cooperations')
	await shows('2 associations, 1 lien, 1 projet')
	expect(await page.getByRole('link', { name: /^1\. / }).count()).toBe(1)
	await expectAccessible(page)
	await saveScreenshots(page, 'cooperations')

	await page.getByRole('link', { name: 'Le pense-pas-bête de la coopération' }).first().click()
	await page.waitForURL('**/cooperer')
	await shows('Les douze sujets à aborder entre associations')
	await shows('Capitaliser sur les échecs.')
	await expectAccessible(page)
	await saveScreenshots(page, 'cooperer')
})

test('le référent de l’association partenaire retire son accord : le projet quitte la vitrine ; il le redonne : il revient', async () => {
	await page.goto(`${portal.baseUrl}/projets`)
	await page.getByRole('link', { name: TITLE }).click()
	await page.waitForURL(/\/projets\/[\w-]+$/)
	const applicationId = new URL(page.url()).pathname.split('/').pop()!

	await logInAs(page, portal.baseUrl, 'asso8@demo.ensemble.test')
	await page.goto(`${portal.baseUrl}/candidatures/${applicationId}/evaluation`)
	await page.getByRole('navigation', { name: 'Sections du dossier' }).getByRole('link', { name: 'Publication du projet' }).click()
	await page.waitForURL('**/publication')
	await shows('Publié')
	await expectAccessible(page)
	await saveScreenshots(page, 'publication')
	// Only its own association's consent is its to withdraw.
	expect(await page.getByRole('button', { name: /accord de Les Grands-Parents Conteurs/ }).count()).toBe(0)
	await page.getByRole('button', { name: `Retirer l’accord de ${PARTNER}` }).click()
	await shows('Accord retiré')
	await shows('Pas encore publié.')
	await expectAccessible(page)
	await page.goto(`${portal.baseUrl}/projets`)
	await shows('Aucun projet n’a encore été publié.')
	expect((await page.request.get(`${portal.baseUrl}/projets/${applicationId}`)).status()).toBe(404)

	await page.goto(`${portal.baseUrl}/candidatures/${applicationId}/publication`)
	await page.getByRole('button', { name: `Donner l’accord de ${PARTNER}` }).click()
	await shows('Toutes les associations ont donné leur accord')
	await page.goto(`${portal.baseUrl}/projets`)
	await shows('1 projet publié')
})

test('le contrôle d’accessibilité des tests signale ce qu’axe signale : image sans texte, champ sans étiquette, lien vide, contraste faible', async () => {
	await page.goto(`${portal.baseUrl}/projets`)
	await shows('1 projet publié')
	expect(await axeViolations(page)).toEqual([])
	await page.evaluate(() =>
		document.body.insertAdjacentHTML('beforeend', '<img src="x.png"><input type="text"><a href="/x"></a><p style="color:#777;background:#888">faible</p>'),
	)
	const found = (await axeViolations(page)).map((violation) => violation.split(':')[0])
	expect(found.sort()).toEqual(['color-contrast', 'image-alt', 'label', 'link-name'])
})
