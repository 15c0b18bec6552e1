/**
 * The import of a past call in a real browser, on a phone-sized screen (issue 11): the
 * funder's staff finds the page from the calls list, sends a file with errors and reads
 * them in the table (the title typed is kept), then sends the corrected file and lands on
 * the new archived call. Every page passes axe and fits 390 px.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { importWorkbook } from '#app/domain/bilan/import/template-workbook.server.ts'
import { sirenWithKey, withLuhnKey } from '#app/domain/organizations/identifiers.ts'
import { expectAccessible, logInAs, openPhoneSession, type Portal } from './support.ts'

let portal: Portal
let page: Page
let close: (() => Promise<void>) | undefined

beforeAll(async () => {
	;({ portal, page, close } = await openPhoneSession({ SEED_DEMO: 'always' }))
})

afterAll(async () => {
	await close?.()
})

const siret = (n: number) => withLuhnKey(`${sirenWithKey(String(64_000_000 + n))}0001`)
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

function rows(leadSiret: string) {
	return {
		projects: [['P1', 'Balades entre générations', 'Intergénérationnel', 'Retenu', 5000, 4500, 'Collaboration', '42']],
		members: [
			['P1', 'Les Marcheurs du Forez', leadSiret, null, 'Oui', 'Sport', 20000, 0, 30, '42', 'Montbrison'],
			['P1', 'Club des Aînés de Montbrison', siret(2), null, 'Non', 'Social', 8000, 0, 15, '42', 'Montbrison'],
		],
		evaluations: [['P1', siret(2), 'Réunions ponctuelles', null, 'Fort', 'Non', null, 'Non', null, 'Oui', 'Oui']],
	}
}

test('la gestionnaire importe un appel passé : erreurs listées, puis appel archivé créé', async () => {
	await logInAs(page, portal.baseUrl, 'gestion@demo.ensemble.test')
	await page.goto(`${portal.baseUrl}/gestion`)
	await page.getByRole('link', { name: 'Importer un appel passé' }).click()
	await page.waitForURL('**/gestion/appels/importer')
	await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Importer un appel passé' }).count()).toBe(1)
	await expectAccessible(page)

	await page.getByLabel('Titre de l’appel').fill('Bouger ensemble 2014')
	await page.getByLabel('Année').fill('2014')
	const bad = await importWorkbook(rows('12345678901234'))
	await page.getByLabel('Classeur XLSX').setInputFiles({ name: 'bouger-2014.xlsx', mimeType: XLSX, buffer: bad })
	await page.getByRole('button', { name: 'Vérifier et importer' }).click()
	await expect.poll(() => page.getByRole('heading', { name: 'Erreurs à corriger' }).count()).toBe(1)
	const row = page.getByRole('row').filter({ hasText: 'Ce SIRET n’est pas valide' })
	expect(await row.count()).toBe(1)
	expect(await row.getByRole('cell').allTextContents()).toEqual(['Associations', '2', 'C', 'Ce SIRET n’est pas valide : le numéro SIREN (9 premiers chiffres) est erroné.'])
	expect(await page.getByLabel('Titre de l’appel').inputValue()).toBe('Bouger ensemble 2014')
	await expectAccessible(page)

	const good = await importWorkbook(rows(siret(1)))
	await page.getByLabel('Classeur XLSX').setInputFiles({ name: 'bouger-2014.xlsx', mimeType: XLSX, buffer: good })
	await page.getByRole('button', { name: 'Vérifier et importer' }).click()
	await page.waitForURL((url) => /^\/gestion\/appels\/(?!importer)[^/]+$/.test(url.pathname), { timeout: 15_000 })
	await expect.poll(() => page.getByRole('heading', { level: 1, name: /Bouger ensemble 2014/ }).count()).toBe(1)
	await expectAccessible(page)
})
