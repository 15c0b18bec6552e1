/**
 * The jury's assignment in the browser, on a 390 px wide screen with axe: the funder's
 * staff open « Affectations » from the jury page, preview the automatic assignment (load
 * per juror as a table and a chart), apply it, and see each dossier with its jurors.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { expectAccessible, logInAs, openBrowser, PHONE_WIDTH, startPortal, type Portal } from './support.ts'

let portal: Portal
let browser: Awaited<ReturnType<typeof openBrowser>>
let page: Page

beforeAll(async () => {
	portal = await startPortal({ SEED_DEMO: 'always' }, { prepare: 'atJury' })
	browser = await openBrowser()
	page = await browser.context.newPage()
	await page.setViewportSize({ width: PHONE_WIDTH, height: 844 })
})

afterAll(async () => {
	await browser?.close()
	await portal?.stop()
})

/** The page's width at 390 px: nothing may scroll sideways. */
async function pageWidth() {
	return page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(document.documentElement.scrollWidth))))
}

test('la gestionnaire prévisualise puis applique l’affectation sur un téléphone, et voit la charge de chaque juré', async () => {
	await logInAs(page, portal.baseUrl, 'gestion@demo.ensemble.test')
	await page.goto(`${portal.baseUrl}/gestion/appels/${portal.handles.callId}/jury`)
	await page.getByRole('link', { name: /Affectations des dossiers/ }).click()
	await page.waitForURL('**/jury/affectations')
	await expect.poll(() => page.getByRole('heading', { name: 'Affectations du jury', level: 2 }).count()).toBe(1)
	await expectAccessible(page)
	expect(await pageWidth()).toBeLessThanOrEqual(PHONE_WIDTH)

	await page.getByRole('button', { name: 'Prévisualiser' }).click()
	await expect.poll(() => page.getByRole('heading', { name: 'Aperçu, avant d’appliquer' }).count()).toBe(1)
	await expect.poll(() => page.getByText('24 nouvelles affectations').count()).toBeGreaterThan(0)
	// The load per juror, as a table and as a chart: 8 dossiers × 3 jurors over 3 jurors.
	const loads = page.getByRole('heading', { name: 'Charge par juré' }).locator('xpath=following-sibling::div[1]//table')
	for (const name of ['Camille Martin-Durand', 'Dominique Lefèvre', 'Sacha Benali']) {
		await expect.poll(() => loads.getByRole('rowheader', { name: new RegExp(name) }).count()).toBe(1)
	}
	expect(await page.getByRole('img', { name: /Dossiers par juré après application : .*Sacha Benali 8/ }).count()).toBe(1)
	await expectAccessible(page)
	expect(await pageWidth()).toBeLessThanOrEqual(PHONE_WIDTH)

	await page.getByRole('button', { name: 'Appliquer' }).click()
	await expect.poll(() => page.getByText('Affectation appliquée').count()).toBeGreaterThan(0)
	await expect.poll(() => page.getByText('0/3 envoyée').count()).toBe(8)
	await expect.poll(() => page.getByRole('row', { name: /Sacha Benali/ }).first().textContent()).toContain('0/8')
	await expectAccessible(page)
	expect(await pageWidth()).toBeLessThanOrEqual(PHONE_WIDTH)

	// Each juror got one email listing their dossiers.
	const mail = await portal.mailbox.waitFor('sacha.jury@exemple.test')
	expect(mail.text ?? '').toContain('Projet de quartier n° 1')
	expect(mail.text ?? '').toContain('8 nouveaux dossiers')
})
