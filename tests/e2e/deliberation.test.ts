/**
 * The deliberation in the browser, on a 390 px screen with axe (issue 9): the funder's staff
 * sort and filter the ranking, correct a proposed amount in its row (a refused amount stays
 * typed, its message next to it), then decide one dossier retenu and one non retenu with the
 * keyboard alone (the missing motivation refused next to its field).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { TEST_PASSWORD } from '#tests/factories.ts'
import { copyTemplate, expectAccessible, logInAs, openAndHydrate, openBrowser, PHONE_WIDTH, startPortal, type Portal } from './support.ts'

type Scene = { callId: string; staffEmail: string; chairEmail: string; titles: string[] }

let portal: Portal
let browser: Awaited<ReturnType<typeof openBrowser>>
let page: Page
let scene: Scene
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ensemble-e2e-deliberation-'))
const SHOTS = process.env.E2E_SCREENSHOTS_DIR ?? os.tmpdir()

beforeAll(async () => {
	// The scene is written to the portal's own PGlite folder before it starts.
	await copyTemplate('migrated', dataDir)
	const prepared = spawnSync(process.execPath, ['--import', 'tsx', 'tests/e2e/deliberation-scene.ts'], {
		env: { ...process.env, PGLITE_DIR: path.join(dataDir, 'pglite'), SECRETS_FILE: path.join(dataDir, 'secrets.json'), DATABASE_URL: '', SEED_DEMO: 'never' },
		encoding: 'utf8',
	})
	const line = prepared.stdout.split('\n').find((l) => l.startsWith('HANDLES '))
	if (prepared.status !== 0 || !line) throw new Error(`deliberation scene failed:\n${prepared.stdout}\n${prepared.stderr}`)
	scene = JSON.parse(line.slice('HANDLES '.length)) as Scene
	portal = await startPortal({}, { dataDir })
	browser = await openBrowser()
	page = await browser.context.newPage()
	await page.setViewportSize({ width: PHONE_WIDTH, height: 844 })
})

afterAll(async () => {
	await browser?.close()
	await portal?.stop()
	rmSync(dataDir, { recursive: true, force: true })
})

const noSidewaysScroll = () => page.evaluate(() => document.documentElement.scrollWidth)

test('la gestionnaire trie, filtre, corrige un montant et décide au clavier, sur un téléphone', async () => {
	await logInAs(page, portal.baseUrl, scene.staffEmail, TEST_PASSWORD)
	await page.goto(`${portal.baseUrl}/gestion/appels/${scene.callId}`)
	await page.getByRole('link', { name: /Délibération : classement/ }).click()
	await page.waitForURL(`**/gestion/appels/${scene.callId}/deliberation`)
	await expect.poll(() => page.getByRole('heading', { level: 1, name: /Délibération/ }).count()).toBe(1)
	await expect.poll(() => page.getByText('Ligne de financement', { exact: true }).count()).toBeGreaterThan(0)
	await page.screenshot({ path: path.join(SHOTS, 'deliberation-390.png'), fullPage: true })
	await expectAccessible(page)
	expect(await noSidewaysScroll()).toBeLessThanOrEqual(PHONE_WIDTH)

	// Sort by the raw mean, highest first, and filter by theme: a GET form, without script (a phone shows no column header).
	await page.getByLabel('Trier par').selectOption('brut')
	await page.getByLabel('Ordre').selectOption('desc')
	await page.getByRole('button', { name: 'Appliquer' }).click()
	await page.waitForURL(/tri=brut&ordre=desc/)
	const order = await page.locator('tbody th[scope="row"] > a').allTextContents()
	expect(order[0]).toBe(scene.titles[0])
	expect(order.at(-1)).toBe(scene.titles[5])

	await page.getByRole('combobox', { name: 'Thème', exact: true }).selectOption('Culture de proximité')
	await page.getByRole('button', { name: 'Appliquer' }).click()
	await page.waitForURL(/theme=/)
	await expect.poll(() => page.getByText('3 dossiers sur 6').count()).toBe(1)
	await expectAccessible(page)
	await page.getByRole('link', { name: 'Effacer les filtres' }).click()
	await expect.poll(() => page.getByText(/^6 dossiers/).count()).toBe(1)

	// The second dossier's proposed amount, typed the French way, submitted with Enter. The rows are
	// rendered once per content on the server: a first visit hydrates them without a mismatch.
	expect(await openAndHydrate(page, `${portal.baseUrl}/gestion/appels/${scene.callId}/deliberation`)).toEqual([])
	const amount = page.getByLabel(`Montant proposé pour « ${scene.titles[1]} » (euros)`)
	await amount.fill('99 999')
	await amount.press('Enter')
	await expect.poll(() => page.getByText('Le montant ne peut pas dépasser le montant demandé').count()).toBe(1)
	expect(await page.getByLabel(`Montant proposé pour « ${scene.titles[1]} » (euros)`).inputValue()).toBe('99 999')
	await expectAccessible(page)
	await page.getByLabel(`Montant proposé pour « ${scene.titles[1]} » (euros)`).fill('8 500,50')
	await page.getByLabel(`Montant proposé pour « ${scene.titles[1]} » (euros)`).press('Enter')
	await expect.poll(() => page.getByText('Montant proposé enregistré').count()).toBeGreaterThan(0)
	expect(await page.getByLabel(`Montant proposé pour « ${scene.titles[1]} » (euros)`).inputValue()).toBe('8500,50')

	// Retenu, with the keyboard: the link, the radio, the amount, the button.
	await page.getByRole('link', { name: `Décider pour « ${scene.titles[0]} »` }).focus()
	await page.keyboard.press('Enter')
	await page.waitForURL(/\/deliberation\/[\w-]+$/)
	await expect.poll(() => page.getByRole('heading', { level: 2, name: 'Notes des jurés' }).count()).toBe(1)
	await page.getByLabel('Retenu', { exact: true }).focus()
	await page.keyboard.press('Space')
	await page.getByLabel('Montant attribué (euros, si retenu)').focus()
	await page.keyboard.press('Control+A')
	await page.keyboard.type('11 000')
	await page.getByLabel('Motivation').focus()
	await page.keyboard.type('Un projet solide, ancré dans le quartier.')
	await page.screenshot({ path: path.join(SHOTS, 'deliberation-decision-390.png'), fullPage: true })
	await expectAccessible(page)
	await page.getByRole('button', { name: 'Enregistrer la décision' }).focus()
	await page.keyboard.press('Enter')
	await page.waitForURL(/\/deliberation(#.*)?$/)
	await expect.poll(() => page.getByText('Décision enregistrée : retenu').count()).toBeGreaterThan(0)

	// Non retenu: refused without a motivation (next to the field), then recorded.
	await page.getByRole('link', { name: `Décider pour « ${scene.titles[5]} »` }).focus()
	await page.keyboard.press('Enter')
	await page.waitForURL(/\/deliberation\/[\w-]+$/)
	await page.getByLabel('Non retenu', { exact: true }).focus()
	await page.keyboard.press('Space')
	await page.getByRole('button', { name: 'Enregistrer la décision' }).focus()
	await page.keyboard.press('Enter')
	await expect.poll(() => page.getByText('la motivation est obligatoire pour un dossier non retenu').count()).toBe(1)
	expect(await page.getByLabel('Non retenu', { exact: true }).isChecked()).toBe(true)
	await expectAccessible(page)
	await page.getByLabel('Motivation').focus()
	await page.keyboard.type('Le budget ne correspond pas aux actions prévues.')
	await page.getByRole('button', { name: 'Enregistrer la décision' }).focus()
	await page.keyboard.press('Enter')
	await page.waitForURL(/\/deliberation(#.*)?$/)
	await expect.poll(() => page.getByText('Décision enregistrée : non retenu').count()).toBeGreaterThan(0)
	await expect.poll(() => page.getByText('Le budget ne correspond pas aux actions prévues.').count()).toBeGreaterThan(0)
	await page.screenshot({ path: path.join(SHOTS, 'deliberation-after-390.png'), fullPage: true })
	// Parts worth looking at, at their real size: a row as a card, the funding line, the envelope by theme.
	await page.locator('tbody tr').first().screenshot({ path: path.join(SHOTS, 'deliberation-row-390.png') })
	await page.locator('tr.funding-line').screenshot({ path: path.join(SHOTS, 'deliberation-line-390.png') })
	await page.locator('.share-bars').first().screenshot({ path: path.join(SHOTS, 'deliberation-chart-390.png') })
	await expectAccessible(page)
	expect(await noSidewaysScroll()).toBeLessThanOrEqual(PHONE_WIDTH)
})
