/**
 * The call's bilan in the browser (issue 11), on the demo, at 390 px with axe: the funder's
 * staff open the bilan of the 2026 call (its retained dossiers, one evaluation approved),
 * read a chart and its table, compare with the demo's past call chosen with the keyboard,
 * and download the PDF and the XLSX of the comparison. SCREENSHOTS=<folder> keeps the page
 * at 390 px and 1280 px.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { expectAccessible, logInAs, openAndHydrate, openPhoneSession, saveScreenshots, PHONE_WIDTH, type Portal } from './support.ts'

let portal: Portal
let page: Page
let close: (() => Promise<void>) | undefined

beforeAll(async () => {
	;({ portal, page, close } = await openPhoneSession({ SEED_DEMO: 'always' }))
})

afterAll(async () => {
	await close?.()
})

test('la gestionnaire lit le bilan de l’appel 2026, le compare à l’appel passé importé, télécharge le PDF et le tableur', async () => {
	await logInAs(page, portal.baseUrl, 'gestion@demo.ensemble.test')
	await page.goto(`${portal.baseUrl}/gestion`)
	await page.getByRole('link', { name: 'Vivre ensemble 2026', exact: true }).first().click()
	await page.getByRole('navigation', { name: 'Pages de l’appel' }).getByRole('link', { name: 'Bilan' }).click()
	await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Bilan de l’appel' }).count()).toBe(1)
	const bilanUrl = page.url()
	// Its figures are rendered once per data version on the server: a first visit hydrates without a mismatch.
	expect(await openAndHydrate(page, bilanUrl)).toEqual([])

	// Every part, each chart an image with its table after it.
	for (const title of ['Projets et associations', 'Profil des associations candidates', 'Thèmes des projets', 'Montants demandés et accordés', 'Formes de la coopération', 'Ce que disent les évaluations']) {
		expect(await page.getByRole('heading', { level: 2, name: title }).count()).toBe(1)
	}
	expect(await page.getByRole('img').count()).toBeGreaterThan(5)
	const retained = page.getByRole('row', { name: /Projets retenus/ }).first()
	await expect.poll(() => retained.textContent()).toMatch(/projets? sur \d+/)
	await expectAccessible(page)
	await saveScreenshots(page, 'bilan', { widths: [PHONE_WIDTH, 1280] })

	// The comparison, chosen with the keyboard: the form works without JavaScript (GET).
	const select = page.getByLabel('Comparer avec un autre appel du même financeur')
	await select.focus()
	const past = await select.locator('option', { hasText: 'Vivre ensemble 2012' }).getAttribute('value')
	await select.selectOption(past!)
	await page.getByRole('button', { name: 'Afficher' }).press('Enter')
	await expect.poll(() => page.url()).toContain('comparer=')
	await expect.poll(() => page.getByRole('columnheader', { name: /Écart/ }).count()).toBeGreaterThan(0)
	expect(await page.getByRole('columnheader', { name: '2012' }).count()).toBeGreaterThan(0)
	await expectAccessible(page)
	await saveScreenshots(page, 'bilan-compare', { widths: [PHONE_WIDTH, 1280] })

	for (const [name, type] of [
		['Télécharger le bilan (PDF)', 'application/pdf'],
		['Télécharger le bilan (XLSX, une feuille par partie)', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
	] as const) {
		const href = await page.getByRole('link', { name }).getAttribute('href')
		expect(href).toContain('comparer=')
		const response = await page.request.get(new URL(href!, bilanUrl).toString())
		expect(response.status()).toBe(200)
		expect(response.headers()['content-type']).toBe(type)
		expect((await response.body()).length).toBeGreaterThan(1000)
	}
})
