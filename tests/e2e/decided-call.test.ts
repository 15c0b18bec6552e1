/**
 * After the deliberation, in the browser on a 390 px wide screen with axe on every page
 * (issue 9), on the demo's decided call « Vivre ensemble 2026 »: the chair reads the
 * deliberation and its minutes from the jury space; the lead of a retained consortium
 * renounces its grant; the funder's staff see the freed amount on the decisions page, retain
 * the first dossier of the waiting list, and send its letters from the « Courriers » page;
 * that consortium then reads its decision.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { expectAccessible, logInAs, openBrowser, PHONE_WIDTH, startPortal, type Portal } from './support.ts'

let portal: Portal
let browser: Awaited<ReturnType<typeof openBrowser>>
let page: Page

const CALL = 'Vivre ensemble 2026'
const RETAINED = 'Le foot des filles et des garçons (2026)'
const WAITING = 'Randonnées partagées du Forez (2026)'

beforeAll(async () => {
	portal = await startPortal({ SEED_DEMO: 'always' })
	browser = await openBrowser()
	page = await browser.context.newPage()
	await page.setViewportSize({ width: PHONE_WIDTH, height: 844 })
})

afterAll(async () => {
	await browser?.close()
	await portal?.stop()
})

async function logOut() {
	await page.getByRole('button', { name: 'Se déconnecter' }).click()
	await page.waitForURL((u) => u.pathname === '/')
}

async function openDossier(title: string) {
	await page.goto(`${portal.baseUrl}/candidatures`)
	await page.getByRole('link', { name: title, exact: true }).click()
	await page.waitForURL((u) => /^\/candidatures\/[^/]+$/.test(u.pathname))
}

test('la présidence lit la délibération close et son procès-verbal depuis l’espace juré', async () => {
	await logInAs(page, portal.baseUrl, 'jury1@demo.ensemble.test')
	await page.goto(`${portal.baseUrl}/jury`)
	// jury1 also chairs the pilot edition, still at the jury stage: only the 2026 call offers its deliberation.
	await expect.poll(() => page.getByRole('heading', { name: CALL, exact: true }).count()).toBe(1)
	await page.getByRole('link', { name: 'voir la délibération' }).click()
	await page.waitForURL('**/deliberation')
	await expect.poll(() => page.getByRole('heading', { level: 1, name: `Délibération — ${CALL}` }).count()).toBe(1)
	await expect.poll(() => page.getByText(RETAINED).count()).toBeGreaterThan(0)
	await expectAccessible(page)
	// Its close page, from the deliberation's link.
	await page.getByRole('link', { name: 'Délibération close' }).click()
	await page.waitForURL('**/deliberation/cloture')
	await expectAccessible(page)
	const minutes = await page.request.get(`${page.url().replace(/\/deliberation.*$/, '')}/proces-verbal.pdf`)
	expect(minutes.status()).toBe(200)
	expect(minutes.headers()['content-type']).toBe('application/pdf')
	await logOut()
})

test('un consortium retenu renonce ; le financeur retient le premier de la liste d’attente et lui envoie ses courriers ; le consortium lit sa décision', async () => {
	// asso3 leads the retained « foot » project: it gives its grant up, with a reason and a confirmation.
	await logInAs(page, portal.baseUrl, 'asso3@demo.ensemble.test')
	await openDossier(RETAINED)
	await expect.poll(() => page.getByText('Décision du financeur').count()).toBe(1)
	await expectAccessible(page)
	await page.getByLabel('Raison du renoncement').fill('Le gymnase n’est plus disponible cette saison.')
	await page.getByRole('button', { name: 'Renoncer à la subvention' }).click()
	await expect.poll(() => page.getByText('Cochez la case pour confirmer le renoncement à la subvention.').count()).toBe(1)
	expect(await page.getByLabel('Raison du renoncement').inputValue()).toBe('Le gymnase n’est plus disponible cette saison.')
	await page.getByLabel('Je confirme renoncer à la subvention au nom du consortium.').check()
	await page.getByRole('button', { name: 'Renoncer à la subvention' }).click()
	await expect.poll(() => page.getByText('Renoncement enregistré').count()).toBeGreaterThan(0)
	await expectAccessible(page)
	await logOut()

	// The staff: the freed 8 000 €, and the waiting list's first dossier now fits.
	await logInAs(page, portal.baseUrl, 'gestion@demo.ensemble.test')
	await page.goto(`${portal.baseUrl}/gestion`)
	await page.getByRole('link', { name: CALL, exact: true }).click()
	await page.getByRole('link', { name: 'Décisions, avenants et liste d’attente' }).click()
	await page.waitForURL('**/decisions')
	await expect.poll(() => page.getByRole('heading', { name: 'Ont renoncé (1)' }).count()).toBe(1)
	await expect.poll(() => page.getByText('8 000,00 €').count()).toBeGreaterThan(0)
	await expectAccessible(page)
	const waiting = page.getByRole('listitem').filter({ hasText: WAITING })
	await waiting.getByRole('button', { name: 'Retenir' }).click()
	await expect.poll(() => page.getByRole('heading', { name: 'Retenus (3)' }).count()).toBe(1)
	await expect.poll(() => page.getByText('Aucun dossier sur la liste d’attente.').count()).toBe(1)
	await expectAccessible(page)

	// Its letters: one per association of its consortium, sent by the background job.
	await page.getByRole('link', { name: 'page Courriers' }).click()
	await page.waitForURL('**/courriers')
	await expectAccessible(page)
	// The texts of the emails and letters, on a phone too.
	const lettersUrl = page.url()
	await page.goto(lettersUrl.replace(/\/courriers$/, '/modeles'))
	await expectAccessible(page)
	await page.goto(lettersUrl)
	await page.getByRole('button', { name: /^Envoyer 3 courriers$/ }).click()
	await expect.poll(() => page.getByText(/3 courriers préparés sur 3/).count(), { timeout: 30_000 }).toBeGreaterThan(0)
	await expectAccessible(page)
	await logOut()
	const letter = await portal.mailbox.waitFor('asso5@demo.ensemble.test', (m) => (m.subject ?? '').includes(WAITING) && (m.attachments ?? []).length > 0, 30_000)
	expect(letter.attachments[0]!.contentType).toBe('application/pdf')

	// The lead of the promoted project reads its decision on its dossier.
	await logInAs(page, portal.baseUrl, 'asso5@demo.ensemble.test')
	await openDossier(WAITING)
	await expect.poll(() => page.getByText('Décision du financeur').count()).toBe(1)
	await expect.poll(() => page.getByText(/montant attribué : 8\s000,00\s€/).count()).toBe(1)
	await expectAccessible(page)
})
