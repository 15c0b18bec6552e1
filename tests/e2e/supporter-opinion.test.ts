/**
 * The supporter's opinion in the browser, on a phone-sized screen with axe (issue 8): the
 * lead of the demo's ready draft names the Maisons des Associations as its accompanying
 * structure and submits; the structure's staff give their opinion (a missing text is
 * refused, the verdict chosen stays); the funder's staff read it beside the dossier, the
 * lead only that it was given.
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

const TITLE = 'Contes croisés à la Villeneuve'
const STRUCTURE = 'Réseau des Maisons des Associations Rhône-Loire-Isère'
const OPINION = 'Nous accompagnons ces deux associations depuis 2024 : la coopération est réelle, le calendrier un peu serré.'

test('le chef de file nomme sa structure d’accompagnement et dépose ; la structure donne son avis ; le financeur le lit, le consortium sait qu’il est donné', async () => {
	await logInAs(page, portal.baseUrl, 'asso7@demo.ensemble.test')
	await page.goto(`${portal.baseUrl}/candidatures`)
	await page.getByRole('link', { name: TITLE }).first().click()
	await page.waitForURL((u) => /^\/candidatures\/[^/]+$/.test(u.pathname))
	const dossierUrl = page.url()
	await page.getByRole('navigation', { name: 'Sections du dossier' }).getByRole('link', { name: 'Partenaires' }).click()
	await page.waitForURL('**/partenaires')
	await page.getByLabel('Structure d’accompagnement du consortium').selectOption({ label: `${STRUCTURE} (Rhône, Loire, Isère)` })
	await page.getByRole('button', { name: 'Enregistrer la structure d’accompagnement' }).click()
	await expect.poll(() => page.getByText('Structure d’accompagnement enregistrée').count()).toBeGreaterThan(0)
	await expectAccessible(page)
	await page.goto(dossierUrl)
	await page.getByRole('button', { name: 'Déposer le dossier' }).click()
	await expect.poll(() => page.getByRole('button', { name: 'Déposer le dossier' }).count()).toBe(0)

	await logInAs(page, portal.baseUrl, 'mda@demo.ensemble.test')
	await page.goto(`${portal.baseUrl}/accompagnement`)
	await expect.poll(() => page.getByRole('heading', { name: TITLE, level: 3 }).count()).toBe(1)
	await expectAccessible(page)
	await page.getByRole('link', { name: `Donner un avis sur « ${TITLE} »` }).click()
	await page.waitForURL('**/avis')
	await expectAccessible(page)
	await page.getByLabel('Réservé').check()
	await page.getByRole('button', { name: 'Donner mon avis' }).click()
	await expect.poll(() => page.getByText('Écrivez votre avis en quelques phrases').count()).toBeGreaterThan(0)
	expect(await page.getByLabel('Réservé').isChecked()).toBe(true)
	await expectAccessible(page)
	await page.getByLabel('Votre avis motivé').fill(OPINION)
	await page.getByRole('button', { name: 'Donner mon avis' }).click()
	await expect.poll(() => page.getByText('Avis enregistré').count()).toBeGreaterThan(0)
	expect(await page.getByLabel('Votre avis motivé').inputValue()).toBe(OPINION)
	await expectAccessible(page)

	await logInAs(page, portal.baseUrl, 'gestion@demo.ensemble.test')
	const applicationId = new URL(dossierUrl).pathname.split('/').pop()!
	await page.goto(`${portal.baseUrl}/gestion`)
	await page.getByRole('link', { name: 'Vivre ensemble 2027' }).first().click()
	await page.waitForURL(/\/gestion\/appels\/[\w-]+$/)
	await page.goto(`${page.url()}/candidatures/${applicationId}`)
	await expect.poll(() => page.getByRole('heading', { name: 'Avis de la structure d’accompagnement' }).count()).toBe(1)
	expect(await page.getByText(OPINION).count()).toBe(1)
	expect(await page.getByText('Réservé', { exact: true }).count()).toBe(1)
	await expectAccessible(page)

	await logInAs(page, portal.baseUrl, 'asso7@demo.ensemble.test')
	await page.goto(dossierUrl)
	await expect.poll(() => page.getByRole('heading', { name: 'Avis de la structure d’accompagnement' }).count()).toBe(1)
	expect(await page.getByText(OPINION).count()).toBe(0)
	expect(await page.getByText('Réservé', { exact: true }).count()).toBe(0)
	await expectAccessible(page)
})
