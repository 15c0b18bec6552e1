/**
 * A request for a missing piece, in the browser, on the demo: the funder's staff ask for
 * the budget of « Sentiers partagés du Forez »; the lead (asso5) reads the request, edits
 * the budget (the project stays read-only), sends the completed dossier; the budget closes
 * again and the staff are told by email. On a phone-sized screen, nothing scrolls sideways.
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
	await page.setViewportSize({ width: 390, height: 844 })
})

afterAll(async () => {
	await browser?.close()
	await portal?.stop()
})

const logIn = (email: string) => logInAs(page, portal.baseUrl, email)

async function checkPage() {
	await expectAccessible(page)
	expect(await page.evaluate(() => document.documentElement.scrollWidth), `largeur de ${page.url()}`).toBeLessThanOrEqual(390)
}

const shown = (text: string) => expect.poll(() => page.getByText(text, { exact: false }).count()).toBeGreaterThan(0)

test('le financeur demande le budget ; le chef de file ne modifie que le budget, envoie, et le budget se referme', async () => {
	await logIn('gestion@demo.ensemble.test')
	await page.goto(`${portal.baseUrl}/gestion`)
	await page.getByRole('link', { name: 'Vivre ensemble 2027' }).first().click()
	await page.waitForURL('**/gestion/appels/*')
	await page.goto(`${page.url()}/candidatures`)
	await page.getByRole('link', { name: 'Sentiers partagés du Forez', exact: true }).click()
	await page.getByRole('link', { name: 'Messages et demandes de complément' }).click()
	await page.waitForURL('**/messages')
	await checkPage()

	await page.getByLabel('Ce que vous demandez').fill('Merci de détailler la location des joëlettes dans le budget.')
	await page.getByLabel('La section « Budget »').check()
	const inTenDays = new Date(Date.now() + 10 * 24 * 3600_000).toISOString().slice(0, 10)
	await page.getByLabel('Jusqu’au (date)').fill(inTenDays)
	await page.getByRole('button', { name: 'Envoyer la demande' }).click()
	await shown('Demande de complément envoyée')
	await shown('Demande de complément en cours')
	await checkPage()
	const email = await portal.mailbox.waitFor('asso5@demo.ensemble.test', (m) => (m.subject ?? '').includes('Demande de complément'))
	expect(email.text).toContain('la section « Budget »')

	await logIn('asso5@demo.ensemble.test')
	await page.goto(`${portal.baseUrl}/candidatures`)
	await page.getByRole('link', { name: 'Sentiers partagés du Forez', exact: true }).first().click()
	await page.getByRole('navigation', { name: 'Sections du dossier' }).getByRole('link', { name: 'Messages' }).click()
	await page.waitForURL('**/messages')
	await shown('vous demande')
	await shown('Merci de détailler la location des joëlettes dans le budget.')
	await checkPage()

	// The project stays read-only.
	await page.getByRole('navigation', { name: 'Sections du dossier' }).getByRole('link', { name: 'Projet' }).click()
	await page.waitForURL('**/projet')
	await shown('Cette section est en lecture seule')

	// The budget is open: one line is detailed and saved.
	await page.goto(page.url().replace(/\/projet$/, '/messages'))
	await page.getByRole('link', { name: 'la section « Budget »' }).click()
	await page.waitForURL('**/budget')
	expect(await page.getByText('Cette section est en lecture seule').count()).toBe(0)
	await page.getByLabel('Charge 1 : libellé').fill('Location de deux joëlettes (20 sorties)')
	await page.getByRole('button', { name: 'Enregistrer' }).click()
	await shown('Section « Budget » enregistrée')
	await checkPage()

	await page.getByRole('navigation', { name: 'Sections du dossier' }).getByRole('link', { name: 'Messages' }).click()
	await page.waitForURL('**/messages')
	await page.getByRole('button', { name: 'Envoyer les compléments' }).click()
	await shown('Compléments envoyés')
	await checkPage()
	const answered = await portal.mailbox.waitFor('gestion@demo.ensemble.test', (m) => (m.subject ?? '').includes('Compléments reçus'))
	expect(answered.text).toContain('Sentiers partagés du Forez')

	await page.getByRole('navigation', { name: 'Sections du dossier' }).getByRole('link', { name: 'Budget' }).click()
	await page.waitForURL('**/budget')
	await shown('Cette section est en lecture seule')
	// Closed again, the budget reads as the funder reads it: the saved line, no disabled form.
	expect(await page.getByRole('cell', { name: 'Location de deux joëlettes (20 sorties)', exact: true }).count()).toBe(1)
	expect(await page.getByLabel('Charge 1 : libellé').count()).toBe(0)
})
