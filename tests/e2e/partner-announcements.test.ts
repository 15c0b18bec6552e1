/**
 * « Je cherche des partenaires » in the browser (issue 12), on a 390 px phone with axe: Les
 * Grands-Parents Conteurs (asso7) answer the demo's announcement of Handi’Cap Loire (asso5);
 * asso5 accepts the answer, which creates its draft on the call and invites asso7 as a
 * partner: the draft's partners page shows the invitation.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
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

const ANNOUNCEMENT = 'Rencontres sportives handi-valides à Roanne'
const RESPONDER = 'Les Grands-Parents Conteurs'
const MESSAGE = 'Nos conteurs accompagnent déjà un club handisport à Grenoble : nous animerions les goûters des tournois.'

test('une association répond à une annonce ; l’annonceuse accepte ; l’invitation apparaît sur les partenaires de son brouillon', async () => {
	await logInAs(page, portal.baseUrl, 'asso7@demo.ensemble.test')
	await page.goto(`${portal.baseUrl}/appels`)
	await page.getByRole('link', { name: 'Vivre ensemble 2027' }).first().click()
	await page.waitForURL(/\/appels\/[^/]+$/)
	await page.getByRole('link', { name: /Je cherche des partenaires/ }).click()
	await page.waitForURL('**/partenaires')
	await expectAccessible(page)
	await page.getByRole('link', { name: ANNOUNCEMENT }).click()
	await page.waitForURL(/\/partenaires\/[^/]+$/)
	const announcementUrl = page.url()
	// A message too short is refused next to the field, what was typed kept.
	await page.getByLabel('Votre message').fill('Oui')
	await page.getByRole('button', { name: 'Envoyer notre réponse' }).click()
	await expect.poll(() => page.getByText('Votre message doit compter au moins 10 caractères.').count()).toBeGreaterThan(0)
	expect(await page.getByLabel('Votre message').inputValue()).toBe('Oui')
	await expectAccessible(page)
	await page.getByLabel('Votre message').fill(MESSAGE)
	await page.getByRole('button', { name: 'Envoyer notre réponse' }).click()
	await expect.poll(() => page.getByText('Réponse envoyée').count()).toBeGreaterThan(0)
	expect(await page.getByText('En attente de réponse').count()).toBeGreaterThan(0)
	await expectAccessible(page)

	await logInAs(page, portal.baseUrl, 'asso5@demo.ensemble.test')
	await page.goto(announcementUrl)
	await expect.poll(() => page.getByText(MESSAGE).count()).toBe(1)
	await expectAccessible(page)
	await page.getByRole('button', { name: `Accepter et inviter ${RESPONDER}` }).click()
	await expect.poll(() => page.getByText('Réponse acceptée', { exact: true }).count()).toBeGreaterThan(0)
	await expectAccessible(page)
	// The demo's other answer (Foot Ensemble Vénissieux) is declined with a reason, kept and shown.
	await page.getByLabel('Motif (facultatif, transmis à l’association)').fill('Nous avons trouvé notre club, merci !')
	await page.getByRole('button', { name: 'Décliner cette réponse' }).click()
	await expect.poll(() => page.getByText('Réponse déclinée', { exact: true }).count()).toBeGreaterThan(0)
	expect(await page.getByText('Motif : Nous avons trouvé notre club, merci !').count()).toBe(1)
	await page.getByRole('link', { name: `« ${ANNOUNCEMENT} »` }).click()
	await page.waitForURL(/\/candidatures\/[^/]+\/partenaires$/)
	await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Associations partenaires' }).count()).toBe(1)
	await expect.poll(() => page.getByRole('heading', { level: 3, name: RESPONDER }).count()).toBe(1)
	await expect.poll(() => page.getByText(/Invitée, en attente de confirmation/).count()).toBeGreaterThan(0)
	await expectAccessible(page)

	// The responder's référent received the invitation by email.
	const invitation = await portal.mailbox.waitFor('asso7@demo.ensemble.test', (m) => (m.subject ?? '').startsWith('Invitation à co-porter') && (m.subject ?? '').includes(ANNOUNCEMENT), 30_000)
	expect(invitation.subject).toContain(ANNOUNCEMENT)
})

test('le financeur lance le tirage au sort depuis la navigation de l’appel ; une association tirée voit sa place à confirmer', async () => {
	await logInAs(page, portal.baseUrl, 'gestion@demo.ensemble.test')
	await page.goto(`${portal.baseUrl}/gestion`)
	await page.getByRole('link', { name: 'Vivre ensemble 2027' }).first().click()
	await page.waitForURL(/\/gestion\/appels\/[\w-]+$/)
	await page.getByRole('navigation', { name: 'Pages de l’appel' }).getByRole('link', { name: 'Tirage au sort' }).click()
	await page.waitForURL('**/tirage')
	await expect.poll(() => page.getByRole('heading', { name: 'Associations volontaires (6)' }).count()).toBe(1)
	await expectAccessible(page)
	await page.getByRole('button', { name: 'Lancer le tirage au sort' }).click()
	await expect.poll(() => page.getByText('Tirage effectué').count()).toBeGreaterThan(0)
	// Six volunteers, three per département, groups of two: one group and one waiting in each.
	expect(await page.getByRole('heading', { level: 4, name: /^Département \d+, groupe 1$/ }).count()).toBe(2)
	expect(await page.getByText('Graine :').count()).toBe(1)
	await expectAccessible(page)

	await logInAs(page, portal.baseUrl, 'asso1@demo.ensemble.test')
	await page.goto(`${portal.baseUrl}/appels`)
	await page.getByRole('link', { name: 'Vivre ensemble 2027' }).first().click()
	await page.waitForURL(/\/appels\/[^/]+$/)
	await page.getByRole('link', { name: /Je cherche des partenaires/ }).click()
	await page.waitForURL('**/partenaires')
	await expect.poll(() => page.getByText(/Votre association a une place dans un groupe|liste d’attente de son département/).count()).toBe(1)
	await expectAccessible(page)
})
