/**
 * Scoring in the browser, on a 390 px wide screen with axe on every page (issue 8): a juror
 * opens /jury from their space, declares a conflict on one dossier (it leaves the list),
 * opens the other, scores it (saved as they go), reloads and finds their input, sees a save
 * from another tab refused with their input kept, keeps their version, sends it.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { expectAccessible, logInAs, openBrowser, PHONE_WIDTH, startPortal, type Portal } from './support.ts'
import { JURY_TITLES, JUROR } from './story-states.ts'

let portal: Portal
let browser: Awaited<ReturnType<typeof openBrowser>>
let page: Page

/** The dossier beside the grid (its HTML kept out of the page's data: a StaticPart), by its first section. */
const dossierShown = () => page.getByRole('heading', { name: 'Projet', exact: true, level: 2 }).count()

beforeAll(async () => {
	portal = await startPortal({ SEED_DEMO: 'always' }, { prepare: 'jury' })
	browser = await openBrowser()
	page = await browser.context.newPage()
	await page.setViewportSize({ width: PHONE_WIDTH, height: 844 })
})

afterAll(async () => {
	await browser?.close()
	await portal?.stop()
})

test('sur un téléphone, le juré déclare un conflit sur un dossier, note l’autre (enregistré au fil de l’eau, retrouvé après rechargement) et l’envoie', async () => {
	await logInAs(page, portal.baseUrl, JUROR)
	await page.getByRole('link', { name: 'Ouvrir mon jury' }).click()
	await page.waitForURL('**/jury')
	await expect.poll(() => page.getByRole('heading', { name: 'Jury des quartiers 2027', level: 2 }).count()).toBe(1)
	await expect.poll(() => page.getByText('2 dossiers à évaluer sur 2').count()).toBe(1)
	await expectAccessible(page)

	// A conflict on the first dossier, declared from the list without opening it.
	const card = page.getByRole('listitem').filter({ hasText: JURY_TITLES.conflicted })
	await card.getByText('Déclarer un conflit d’intérêts sur ce dossier').click()
	await card.getByLabel('Type de lien').selectOption('personnel')
	await card.getByLabel('Décrivez le lien').fill('La présidente de l’association est ma sœur.')
	await expectAccessible(page)
	await card.getByRole('button', { name: 'Déclarer le conflit' }).click()
	await expect.poll(() => page.getByText('Conflit d’intérêts déclaré').count()).toBeGreaterThan(0)
	await expect.poll(() => page.getByRole('link', { name: JURY_TITLES.conflicted }).count()).toBe(0)
	await expect.poll(() => page.getByText('1 dossier à évaluer sur 1').count()).toBe(1)
	await expectAccessible(page)

	// The other dossier: its grid, filled and saved as the juror goes.
	await page.getByRole('link', { name: JURY_TITLES.scored }).click()
	await page.waitForURL(`**/jury/appels/${portal.handles.callId}/dossiers/${portal.handles.applicationId}`)
	await expect.poll(() => page.getByRole('heading', { name: 'Ma notation' }).count()).toBe(1)
	// Reached by a link: the dossier's HTML came with the route's data.
	expect(await dossierShown()).toBe(1)
	await expectAccessible(page)
	const first = page.getByRole('group', { name: 'Qualité de la coopération' })
	const second = page.getByRole('group', { name: 'Ancrage local' })
	await first.getByLabel('Note (sur 5)').selectOption('4')
	await first.getByLabel('Commentaire').fill('Les rôles sont clairs.')
	await expect.poll(() => page.getByRole('status').filter({ hasText: 'Enregistré à' }).count(), { timeout: 10_000 }).toBe(1)
	// The save that carries the opinion carries the score chosen before it (the whole form is sent).
	const saved = page.waitForResponse(
		(response) => response.request().method() === 'POST' && new URLSearchParams(response.request().postData() ?? '').get('generalOpinion') === 'Un beau projet de quartier.',
	)
	await second.getByLabel('Note (sur 10)').selectOption('7')
	await page.getByLabel('Avis général').fill('Un beau projet de quartier.')
	expect((await saved).status()).toBe(200)
	await expect.poll(() => page.getByRole('status').filter({ hasText: 'Enregistré à' }).count(), { timeout: 10_000 }).toBe(1)
	await expectAccessible(page)

	await page.reload()
	await expect.poll(() => page.getByRole('heading', { name: 'Ma notation' }).count()).toBe(1)
	expect(await first.getByLabel('Note (sur 5)').inputValue()).toBe('4')
	expect(await first.getByLabel('Commentaire').inputValue()).toBe('Les rôles sont clairs.')
	expect(await second.getByLabel('Note (sur 10)').inputValue()).toBe('7')
	expect(await page.getByLabel('Avis général').inputValue()).toBe('Un beau projet de quartier.')

	// A change left within the autosave's pause (the page reloaded at once) is sent as the page goes.
	await first.getByLabel('Note (sur 5)').selectOption('5')
	await expect
		.poll(async () => {
			await page.reload()
			return first.getByLabel('Note (sur 5)').inputValue()
		})
		.toBe('5')

	// Saved meanwhile in another tab: this tab's autosave is refused with a clear message, what was typed stays.
	const other = await browser.context.newPage()
	await other.setViewportSize({ width: PHONE_WIDTH, height: 844 })
	await other.goto(page.url())
	await other.getByLabel('Avis général').fill('Écrit dans un autre onglet.')
	await expect.poll(() => other.getByRole('status').filter({ hasText: 'Enregistré à' }).count(), { timeout: 10_000 }).toBe(1)
	await other.close()
	await second.getByLabel('Commentaire').fill('Ajouté dans le premier onglet.')
	await expect.poll(() => page.getByRole('status').filter({ hasText: 'enregistrée entre-temps ailleurs' }).count(), { timeout: 10_000 }).toBe(1)
	expect(await second.getByLabel('Commentaire').inputValue()).toBe('Ajouté dans le premier onglet.')
	// This page was rendered by the server (reloaded above) and has hydrated (its autosave ran): the dossier stayed.
	expect(await dossierShown()).toBe(1)
	await expectAccessible(page)
	// The juror keeps their version deliberately.
	await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
	await expect.poll(() => page.getByText('Évaluation enregistrée').count()).toBeGreaterThan(0)
	expect(await second.getByLabel('Commentaire').inputValue()).toBe('Ajouté dans le premier onglet.')
	expect(await page.getByLabel('Avis général').inputValue()).toBe('Un beau projet de quartier.')
	expect(await dossierShown()).toBe(1)

	await page.getByRole('button', { name: 'Envoyer l’évaluation' }).click()
	await expect.poll(() => page.getByText('Votre évaluation est envoyée').count()).toBe(1)
	await expect.poll(() => page.getByRole('combobox').count()).toBe(0)
	// Revalidated after sending: the dossier's HTML came with the data again.
	expect(await dossierShown()).toBe(1)
	await expectAccessible(page)

	await page.getByRole('link', { name: '← Mon jury' }).click()
	await page.waitForURL('**/jury')
	await expect.poll(() => page.getByText('0 dossier à évaluer sur 1').count()).toBe(1)
	await expect.poll(() => page.getByText('Évaluation : Envoyée').count()).toBe(1)
	await expectAccessible(page)
})
