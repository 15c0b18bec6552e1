/**
 * Telling the associations in the browser, on a 390 px wide screen with axe: the funder's
 * staff open the decision letters from the call's page, adapt the text of an email (an
 * unknown placeholder refused next to the field, then a preview, then saved), send the
 * letters and watch the progress fill without JavaScript's help (the page reloads itself);
 * each association's référent receives the email with its letter attached.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { copyTemplate, expectAccessible, logInAs, openBrowser, PHONE_WIDTH, startPortal, type Portal } from './support.ts'

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ensemble-e2e-letters-'))
let portal: Portal
let browser: Awaited<ReturnType<typeof openBrowser>>
let page: Page
let callId = ''
let staffEmail = ''
let referents: string[] = []

beforeAll(async () => {
	// The portal's database, prepared here before it starts (PGlite is one process at a time): a decided call of three consortia.
	await copyTemplate('migrated', dataDir)
	process.env.PGLITE_DIR = path.join(dataDir, 'pglite')
	delete process.env.DATABASE_URL
	const { closeConnection } = await import('#db/client.server.ts')
	const { runMigrations } = await import('#db/migrate.ts')
	const { createStaff } = await import('#tests/factories.ts')
	const { seedDecidedCall } = await import('#tests/support/decided-call.ts')
	await runMigrations()
	const staff = await createStaff('funder')
	const seeded = await seedDecidedCall({
		funderId: staff.organization.id,
		dossiers: [
			{ status: 'selected', amountGrantedCents: 750_000, associations: 3, title: 'Contes et crêpes à la Villeneuve' },
			{ status: 'waitlisted', waitlistPosition: 1, title: 'Jardins partagés' },
			{ status: 'rejected', motivation: 'Le budget ne tient pas.', title: 'Fresques du quartier' },
		],
	})
	await closeConnection()
	callId = seeded.call.id
	staffEmail = staff.user.email
	referents = seeded.dossiers.flatMap((d) => d.associations.map((a) => a.referentEmail))
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

test('la gestionnaire adapte un texte puis envoie les courriers de décision, sur un téléphone', async () => {
	await logInAs(page, portal.baseUrl, staffEmail, 'mot-de-passe-de-test')
	await page.goto(`${portal.baseUrl}/gestion/appels/${callId}`)
	await page.getByRole('link', { name: 'textes des e-mails et courriers' }).click()
	await page.waitForURL('**/modeles')
	await expectAccessible(page)
	await page.getByRole('link', { name: 'E-mail « retenu »' }).click()
	await page.waitForURL('**/modeles/selected-email')
	await expect.poll(() => page.getByText('Avec le dossier « Contes et crêpes à la Villeneuve »').count()).toBe(1)
	await expectAccessible(page)

	const body = page.getByLabel('Texte', { exact: true })
	await body.fill('Bonjour {{president}},\n\nLe projet {{projet}} reçoit {{montant}}.')
	await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
	await expect.poll(() => page.getByText('Champ inconnu : {{president}}').count()).toBe(1)
	await expectAccessible(page)
	await body.fill('Bonjour {{association}},\n\nLe projet {{projet}} reçoit {{montant}}.')
	await page.getByRole('button', { name: 'Aperçu sans enregistrer' }).click()
	await expect.poll(() => page.getByText(/Le projet Contes et crêpes à la Villeneuve reçoit 7\s500,00\s€\./u).count()).toBe(1)
	await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
	await expect.poll(() => page.getByText('Texte enregistré').count()).toBeGreaterThan(0)
	await expect.poll(() => page.getByText('Texte adapté pour cet appel.').count()).toBe(1)

	await page.goto(`${portal.baseUrl}/gestion/appels/${callId}`)
	await page.getByRole('link', { name: 'Envoi aux associations' }).click()
	await page.waitForURL('**/courriers')
	await expectAccessible(page)
	await page.getByRole('button', { name: 'Envoyer 7 courriers' }).click()
	// The server's job worker prepares them; the page reloads itself while it runs.
	await expect.poll(() => page.getByText('7 courriers préparés sur 7 · 7 courriers envoyés (e-mails en cours de distribution) · 0 échec').count(), { timeout: 60_000 }).toBe(1)
	expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0)
	expect(await page.getByRole('link', { name: 'courrier (PDF)' }).count()).toBe(7)
	await expectAccessible(page)

	const mail = await portal.mailbox.waitFor(referents[1]!, undefined, 30_000)
	expect(mail.text).toContain('Le projet Contes et crêpes à la Villeneuve reçoit')
	expect(mail.attachments.map((a) => a.filename)).toEqual(['courrier-de-decision.pdf'])
	const rejected = await portal.mailbox.waitFor(referents[6]!, undefined, 30_000)
	expect(rejected.subject).toBe('Décision sur votre projet « Fresques du quartier » — Ensemble')
})
