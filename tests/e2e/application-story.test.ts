/**
 * The whole story of an application (issue 3, "Tests"), in a real browser: the funder
 * publishes a call; association A drafts an application and invites B; B reads and accepts;
 * A tries to submit too early and sees what is missing; A completes the budget (which asks B
 * to confirm again, as the budget it committed to changed) and submits; both receive the
 * receipt email; the funder sees the application and marks it recevable. Every page visited
 * passes axe.
 *
 * It creates its own call through the funder's pages and does not rely on the demo
 * applications: only the demo accounts, the funder and the eight associations are used.
 * Each step runs on a portal of its own, started from the state the steps before it leave
 * (tests/e2e/story-states.ts, built with the domain functions): each runs alone (`-t`), and
 * one failure does not fail the steps after it.
 */
import type { ParsedMail } from 'mailparser'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest'
import { COOPERATION_TOPICS } from '#app/domain/applications/options.ts'
import { A, B, CALL_TITLE, FUNDER, PROJECT_TITLE, type StoryState } from './story-states.ts'
import { expectAccessible, openAndHydrate, openBrowser, startPortal, type Portal } from './support.ts'

const PASSWORD = 'demo-ensemble-2027'

let portal: Portal | undefined
let browser: Awaited<ReturnType<typeof openBrowser>>
let page: Page
let callId = ''
let applicationId = ''

beforeAll(async () => {
	browser = await openBrowser()
})

/** A portal on a fresh demo, in the state the step starts from; a new page, no cookies. */
async function begin(state?: StoryState) {
	portal = await startPortal({ SEED_DEMO: 'always' }, { prepare: state })
	;({ callId, applicationId } = portal.handles)
	await browser.context.clearCookies()
	page = await browser.context.newPage()
}

afterEach(async () => {
	await page?.close()
	await portal?.stop()
	portal = undefined
})

afterAll(async () => {
	await browser?.close()
})

const url = (path: string) => `${portal!.baseUrl}${path}`

/** Waits for a text to be shown: the URL changes before the new page has rendered. */
async function shown(text: string | RegExp) {
	await expect.poll(() => page.getByText(text).count()).toBeGreaterThan(0)
}

/** Goes to a page, waits for its main heading, and checks it with axe. */
async function visit(path: string, heading: string | RegExp) {
	await page.goto(url(path))
	await expect.poll(() => page.getByRole('heading', { level: 1, name: heading }).count()).toBe(1)
	await expectAccessible(page)
}

/** One person at a time: the cookies of the previous one are cleared. */
async function logIn(email: string) {
	await browser.context.clearCookies()
	await page.goto(url('/connexion'))
	await page.getByLabel('Adresse e-mail').fill(email)
	await page.getByLabel('Mot de passe').fill(PASSWORD)
	await page.getByRole('button', { name: 'Se connecter' }).click()
	await page.waitForURL('**/espace')
	await expect.poll(() => page.getByRole('button', { name: 'Se déconnecter' }).count()).toBeGreaterThan(0)
	await expectAccessible(page)
}

/** Follows a link from an email while logged out: the login page sends back to it. */
async function logInThrough(link: string, email: string) {
	await browser.context.clearCookies()
	await page.goto(link)
	await page.waitForURL('**/connexion?**')
	await expectAccessible(page)
	await page.getByLabel('Adresse e-mail').fill(email)
	await page.getByLabel('Mot de passe').fill(PASSWORD)
	await page.getByRole('button', { name: 'Se connecter' }).click()
	await page.waitForURL((u) => u.href === link)
}

async function logOut() {
	await page.getByRole('button', { name: 'Se déconnecter' }).click()
	await page.waitForURL(`${portal!.baseUrl}/`)
}

function linkTo(mail: ParsedMail, path: RegExp): string {
	const link = (mail.text ?? '').match(/https?:\/\/\S+/g)?.find((l) => path.test(new URL(l).pathname))
	if (!link) throw new Error(`no link to ${path} in « ${mail.subject} »:\n${mail.text}`)
	return link
}

/** A small but well-formed one-page PDF (the type is read from the content, not the name). */
function smallPdf(): Buffer {
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		null, // the content stream, below
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	]
	const content = 'BT /F1 18 Tf 72 760 Td (RIB - Les Jardins Partages du Faubourg) Tj ET'
	objects[3] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`
	let body = '%PDF-1.4\n'
	const offsets: number[] = []
	objects.forEach((object, index) => {
		offsets.push(body.length)
		body += `${index + 1} 0 obj\n${object}\nendobj\n`
	})
	const xref = body.length
	body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`
	body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
	return Buffer.from(body, 'latin1')
}

test('la gestionnaire publie un appel qui demande un RIB au chef de file', async () => {
	await begin()
	await logIn(FUNDER)
	await visit('/gestion', /./)
	await page.getByRole('link', { name: 'Créer un appel à projets' }).click()
	await page.waitForURL('**/gestion/appels/nouveau')
	await expect.poll(() => page.getByRole('button', { name: 'Créer le brouillon' }).count()).toBe(1)
	await expectAccessible(page)

	const nextYear = new Date().getFullYear() + 1
	await page.getByLabel('Titre', { exact: true }).fill(CALL_TITLE)
	await page.getByLabel('Présentation').fill('Des associations de quartier qui cultivent, jouent et accueillent ensemble.')
	await page.getByLabel('Enveloppe de l’appel, en euros').fill('60 000')
	await page.getByLabel('Montant maximum par projet, en euros (facultatif)').fill('10 000')
	await page.getByLabel('Date limite de dépôt').fill(`${nextYear}-06-30`)
	await page.getByLabel('Heure limite de dépôt').fill('23:59')
	await page.getByLabel('Thème 1').fill('Intergénérationnel')
	await page.getByLabel('Thème 2').fill('Interculturel')
	await page.getByLabel('Pièce 1', { exact: true }).fill('RIB')
	await page.getByLabel('Pièce 1 : fournie par').selectOption('lead')
	await page.getByRole('button', { name: 'Créer le brouillon' }).click()
	// '/gestion/appels/nouveau' would match /[^/]+$/ too: wait for another address.
	await page.waitForURL((u) => /^\/gestion\/appels\/(?!nouveau$)[^/]+$/.test(u.pathname))
	callId = new URL(page.url()).pathname.split('/').pop()!
	await expect.poll(() => page.getByRole('button', { name: 'Publier l’appel' }).count()).toBe(1)
	await expectAccessible(page)

	// Publishing cannot be undone: a confirmation step comes first, focused.
	await page.getByRole('button', { name: 'Publier l’appel' }).click()
	await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Confirmer la publication ?')
	await expectAccessible(page)
	await page.getByRole('button', { name: 'Oui, publier l’appel' }).click()
	await shown('Appel publié')
	await expect.poll(() => page.getByRole('button', { name: 'Clore l’appel maintenant' }).count()).toBe(1)
	await expectAccessible(page)
	await logOut()
})

test('l’association A crée le dossier, invite B par son SIRET et remplit les sections', async () => {
	await begin('published')
	await logIn(A.email)
	await visit(`/appels/${callId}`, CALL_TITLE)
	expect(await page.getByText(`Association chef de file : ${A.name}`).count()).toBe(1)
	await page.getByLabel('Titre du projet').fill(PROJECT_TITLE)
	await page.getByRole('button', { name: 'Commencer un dossier' }).click()
	await page.waitForURL((u) => /^\/candidatures\/[^/]+$/.test(u.pathname))
	applicationId = new URL(page.url()).pathname.split('/').pop()!
	await shown('Dossier créé')
	await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(PROJECT_TITLE)
	await expectAccessible(page)

	// Partners: A's own engagement, then B invited by its SIRET, typed with spaces.
	await page.getByRole('navigation', { name: 'Sections du dossier' }).getByRole('link', { name: 'Partenaires' }).click()
	await page.waitForURL('**/partenaires')
	await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Associations partenaires' }).count()).toBe(1)
	await expectAccessible(page)
	await page.getByLabel(`Rôle de « ${A.name} » (qui fait quoi)`).fill('Coordination, jardinage avec les habitants')
	await page.getByLabel(`Contribution de « ${A.name} »`).fill('Deux parcelles, 15 bénévoles, les outils')
	await page.getByLabel(`Part du budget portée par « ${A.name} » (€)`).fill('5 000')
	await page.getByRole('button', { name: `Enregistrer l’engagement de « ${A.name} »` }).click()
	await shown('Engagement mis à jour')
	await expectAccessible(page)

	const spaced = B.siret.replace(/^(\d{3})(\d{3})(\d{3})(\d{5})$/, '$1 $2 $3 $4')
	await page.getByLabel('SIRET ou numéro RNA de l’association').fill(spaced)
	await page.getByRole('button', { name: 'Inviter l’association' }).click()
	await shown('Invitation envoyée')
	await expect.poll(() => page.getByRole('heading', { level: 3, name: B.name }).count()).toBe(1)
	await expectAccessible(page)
	await page.getByLabel(`Part du budget portée par « ${B.name} » (€)`).fill('3 000')
	await page.getByLabel(`Rôle de « ${B.name} » (qui fait quoi)`).fill('Spectacles au jardin, ateliers de théâtre')
	await page.getByRole('button', { name: `Enregistrer l’engagement de « ${B.name} »` }).click()
	await shown('Engagement mis à jour')
	await expectAccessible(page)
	// Stored, and shown as stored right after the save (no reload needed).
	await expect.poll(() => page.getByLabel(`Part du budget portée par « ${B.name} » (€)`).inputValue()).toBe('3000')
	expect(await page.getByLabel(`Part du budget portée par « ${A.name} » (€)`).inputValue()).toBe('5000')

	// Mes dossiers lists it.
	await visit('/candidatures', 'Mes dossiers')
	expect(await page.getByRole('link', { name: PROJECT_TITLE }).count()).toBe(1)

	// Project.
	await visit(`/candidatures/${applicationId}/projet`, 'Projet')
	// The current tab is marked for the eye too, not only for screen readers.
	const current = page.getByRole('navigation', { name: 'Sections du dossier' }).locator('a[aria-current="page"]')
	expect(await current.textContent()).toBe('Projet')
	expect(await current.evaluate((a) => getComputedStyle(a).fontWeight)).toBe('700')
	expect(await page.getByLabel('Titre du projet').inputValue()).toBe(PROJECT_TITLE)
	await page.getByLabel('Résumé').fill('Des potagers partagés où se jouent de petites pièces, pour les habitants de tous âges.')
	await page.getByRole('checkbox', { name: 'Intergénérationnel' }).check()
	await page.getByLabel('Territoire', { exact: true }).fill('Lyon 3e et Villeurbanne')
	await page.getByLabel('Type de territoire').selectOption({ label: 'Autre territoire' })
	await page.getByLabel('Publics visés').fill('Enfants du quartier et personnes âgées isolées')
	await page.getByLabel('Nombre de personnes attendues').fill('120')
	await page.getByLabel('Objectifs collectifs').fill('Faire se rencontrer les générations autour du jardin et du théâtre.')
	await page.getByLabel(A.name, { exact: true }).fill('Ouvrir les parcelles aux familles.')
	await page.getByLabel(B.name, { exact: true }).fill('Créer un spectacle avec les habitants.')
	await page.getByLabel('Indicateur 1', { exact: true }).fill('Participants aux ateliers')
	await page.getByLabel('Cible de l’indicateur 1', { exact: true }).fill('120 personnes')
	await page.getByLabel('Étape 1', { exact: true }).fill('Premier atelier au jardin')
	await page.getByLabel('Date de l’étape 1', { exact: true }).fill(`${new Date().getFullYear() + 1}-09-15`)
	await page.getByRole('button', { name: 'Enregistrer' }).click()
	await shown('Section « Projet » enregistrée')
	// Announced where the focus is: the status region next to the button that keeps it.
	await expect.poll(() => page.evaluate(() => document.activeElement?.nextElementSibling?.textContent)).toBe('Section « Projet » enregistrée')
	expect(await page.evaluate(() => document.activeElement?.nextElementSibling?.getAttribute('role'))).toBe('status')
	// Nothing typed is lost.
	expect(await page.getByLabel('Publics visés').inputValue()).toBe('Enfants du quartier et personnes âgées isolées')
	expect(await page.getByLabel(B.name, { exact: true }).inputValue()).toBe('Créer un spectacle avec les habitants.')
	expect(await page.getByRole('checkbox', { name: 'Intergénérationnel' }).isChecked()).toBe(true)
	await expectAccessible(page)

	// Cooperation.
	await visit(`/candidatures/${applicationId}/cooperation`, 'Coopération')
	await page.getByRole('radio', { name: /^Coopération/ }).check()
	await page.getByRole('checkbox', { name: 'Une volonté commune de plusieurs acteurs associatifs' }).check()
	for (const topic of COOPERATION_TOPICS) await page.getByLabel(topic.label, { exact: true }).fill(`Convenu ensemble : ${topic.label.toLowerCase()}.`)
	await page.getByRole('checkbox', { name: 'Participation au comité de pilotage du projet' }).check()
	await page.getByRole('button', { name: 'Enregistrer' }).click()
	await shown('Section « Coopération » enregistrée')
	expect(await page.getByRole('radio', { name: /^Coopération/ }).isChecked()).toBe(true)
	await expectAccessible(page)

	// Attachments: the RIB, a small PDF.
	await visit(`/candidatures/${applicationId}/pieces`, 'Pièces jointes')
	await page.getByLabel('Fichier « RIB »').setInputFiles({ name: 'rib.pdf', mimeType: 'application/pdf', buffer: smallPdf() })
	await page.getByRole('button', { name: 'Envoyer' }).click()
	await shown('Pièce jointe enregistrée')
	await expect.poll(() => page.getByRole('link', { name: 'rib.pdf' }).count()).toBe(1)
	await expectAccessible(page)
	await logOut()
})

test('B lit le dossier depuis l’invitation et confirme son engagement', async () => {
	await begin('drafted')
	const invitation = await portal!.mailbox.waitFor(B.email, (m) => (m.subject ?? '').includes(`Invitation à co-porter le projet « ${PROJECT_TITLE} »`))
	const engagement = linkTo(invitation, /^\/candidatures\/[^/]+\/engagement$/)
	expect(engagement).toBe(url(`/candidatures/${applicationId}/engagement`))

	await logInThrough(engagement, B.email)
	await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(`Engagement de ${B.name} dans « ${PROJECT_TITLE} »`)
	// B reads the whole application before answering.
	await shown('Faire se rencontrer les générations autour du jardin et du théâtre.')
	await shown('Créer un spectacle avec les habitants.')
	await expectAccessible(page)
	await visit(`/candidatures/${applicationId}`, PROJECT_TITLE)
	await shown('Votre association est invitée à co-porter ce projet.')
	// A partner does not submit.
	expect(await page.getByRole('button', { name: 'Déposer le dossier' }).count()).toBe(0)
	await page.getByRole('link', { name: 'répondez à l’invitation' }).click()
	await page.waitForURL('**/engagement')
	await expect.poll(() => page.getByRole('button', { name: 'Confirmer l’engagement de mon association' }).count()).toBe(1)
	await expectAccessible(page)

	const role = page.getByLabel('Rôle de votre association dans le projet (qui fait quoi)')
	expect(await role.inputValue()).toBe('Spectacles au jardin, ateliers de théâtre')
	await role.fill('Spectacles au jardin, ateliers de théâtre pour les enfants')
	await page.getByLabel('Contribution de votre association').fill('Deux comédiens salariés, la régie, 5 bénévoles')
	await page.getByRole('button', { name: 'Confirmer l’engagement de mon association' }).click()
	await page.waitForURL((u) => u.pathname === `/candidatures/${applicationId}`)
	await shown('Engagement confirmé')
	await expectAccessible(page)

	// The demo's own consortia wrote to A too (its 2026 dossier): this answer is the one about this project.
	const answered = await portal!.mailbox.waitFor(A.email, (m) => (m.subject ?? '').includes(`réponse de ${B.name}`) && (m.subject ?? '').includes(PROJECT_TITLE))
	expect(answered.subject).toContain(PROJECT_TITLE)
	await logOut()
})

test('A tente de déposer trop tôt, voit ce qui manque, complète le budget ; B confirme de nouveau ; A dépose', async () => {
	await begin('confirmed')
	await logIn(A.email)
	await visit(`/candidatures/${applicationId}`, PROJECT_TITLE)
	await page.getByRole('button', { name: 'Déposer le dossier' }).click()
	const refused = page.locator('#depot-refuse')
	await expect.poll(() => refused.count()).toBe(1)
	expect(await refused.getAttribute('role')).toBe('alert')
	// Only the budget is missing: every other section was completed above.
	expect(await refused.getByRole('heading', { level: 3 }).allTextContents()).toEqual(['Budget'])
	expect(await refused.textContent()).toContain('Budget à compléter : les charges prévues et le montant demandé à l’appel.')
	expect(await page.getByText('Déposé', { exact: true }).count()).toBe(0)
	await expectAccessible(page)

	// The budget, in the CERFA layout: 8 000 € of charges, as many products.
	await page.getByRole('navigation', { name: 'Sections du dossier' }).getByRole('link', { name: 'Budget' }).click()
	await page.waitForURL('**/budget')
	await expect.poll(() => page.getByRole('heading', { level: 1, name: 'Budget prévisionnel' }).count()).toBe(1)
	await expectAccessible(page)
	await page.getByLabel('Charge 1 : compte').selectOption('60')
	await page.getByLabel('Charge 1 : libellé').fill('Graines, outils et décors')
	await page.getByLabel('Charge 1 : montant (€)').fill('3 000')
	await page.getByLabel('Charge 2 : compte').selectOption('64')
	await page.getByLabel('Charge 2 : libellé').fill('Heures des comédiens')
	await page.getByLabel('Charge 2 : montant (€)').fill('5 000')
	await page.getByLabel('74 – Subvention demandée à cet appel (€)').fill('6 000')
	await page.getByLabel('Produit 1 : compte').selectOption('74')
	await page.getByLabel('Produit 1 : libellé').fill('Ville de Lyon')
	await page.getByLabel('Produit 1 : montant (€)').fill('1 500')
	await page.getByLabel('Produit 2 : compte').selectOption('75')
	await page.getByLabel('Produit 2 : libellé').fill('Cotisations des adhérents')
	await page.getByLabel('Produit 2 : montant (€)').fill('500')
	await shown('Totaux (calculés pendant la saisie)')
	await shown('Le budget est équilibré.')
	await page.getByRole('button', { name: 'Enregistrer' }).click()
	await shown('Section « Budget » enregistrée')
	await expectAccessible(page)
	// Right after the save, the page shows what the server stored, totals included.
	await shown('Totaux (budget enregistré)')
	await shown('Le budget est équilibré.')
	expect(await page.getByRole('region', { name: 'Autres co-financeurs (compte 74)' }).textContent()).toContain('Ville de Lyon')
	expect(await page.getByLabel('Charge 2 : libellé').inputValue()).toBe('Heures des comédiens')
	await expectAccessible(page)

	// B had confirmed on a budget that has changed: its confirmation lapses and it is asked again.
	await visit(`/candidatures/${applicationId}`, PROJECT_TITLE)
	const checklist = page.getByRole('region', { name: 'Ce qu’il reste à faire avant le dépôt' })
	await expect.poll(() => checklist.textContent()).toContain('une seule l’a fait')
	// The budget is complete and balanced; only B's share is not counted until it confirms again.
	const remaining = (await checklist.textContent()) ?? ''
	expect(remaining).not.toContain('Budget à compléter')
	expect(remaining).not.toContain('n’est pas équilibré')
	expect(await checklist.getByRole('heading', { level: 3 }).allTextContents()).toEqual(['Associations partenaires', 'Budget'])
	await expectAccessible(page)
	await logOut()

	const again = await portal!.mailbox.waitFor(B.email, (m) => (m.subject ?? '').includes('votre engagement est à confirmer de nouveau'))
	const engagement = linkTo(again, /^\/candidatures\/[^/]+(\/engagement)?$/)
	await logInThrough(engagement, B.email)
	await expect.poll(() => page.getByRole('button', { name: 'Confirmer l’engagement de mon association' }).count()).toBe(1)
	if (!new URL(page.url()).pathname.endsWith('/engagement')) {
		await expectAccessible(page)
		await page.getByRole('link', { name: 'répondez à l’invitation' }).click()
		await page.waitForURL('**/engagement')
		await expect.poll(() => page.getByRole('button', { name: 'Confirmer l’engagement de mon association' }).count()).toBe(1)
	}
	await shown('8 000')
	expect(await page.getByLabel('Contribution de votre association').inputValue()).toBe('Deux comédiens salariés, la régie, 5 bénévoles')
	await expectAccessible(page)
	await page.getByRole('button', { name: 'Confirmer l’engagement de mon association' }).click()
	await page.waitForURL((u) => u.pathname === `/candidatures/${applicationId}`)
	await shown('Engagement confirmé')
	await expectAccessible(page)
	await logOut()

	await logIn(A.email)
	await visit(`/candidatures/${applicationId}`, PROJECT_TITLE)
	await shown('Le dossier est complet : il peut être déposé.')
	await page.getByRole('button', { name: 'Déposer le dossier' }).click()
	await shown('Dossier déposé')
	await expect.poll(() => page.getByRole('button', { name: 'Déposer le dossier' }).count()).toBe(0)
	await shown(/^Déposé le /)
	const receiptLink = page.getByRole('link', { name: 'Télécharger le récépissé (PDF)' })
	const receipt = await page.request.get(url((await receiptLink.getAttribute('href'))!))
	expect(receipt.headers()['content-type']).toBe('application/pdf')
	expect((await receipt.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-')
	await expectAccessible(page)
	await logOut()

	// Both référents get the receipt by email.
	for (const referent of [A.email, B.email]) {
		const mail = await portal!.mailbox.waitFor(referent, (m) => m.subject === `Projet « ${PROJECT_TITLE} » déposé sur Ensemble`)
		expect(mail.text).toContain(CALL_TITLE)
		expect(mail.attachments).toHaveLength(1)
		expect(mail.attachments[0]!.contentType).toBe('application/pdf')
		expect(mail.attachments[0]!.filename).toBe('recepisse-de-depot.pdf')
		expect(mail.attachments[0]!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-')
	}
})

test('la gestionnaire voit la candidature et la déclare recevable ; les associations en sont informées', async () => {
	await begin('submitted')
	await logIn(FUNDER)
	await visit(`/gestion/appels/${callId}/candidatures`, CALL_TITLE)
	// The rows are rendered once per content on the server (decision 033): a first visit hydrates them without a mismatch.
	expect(await openAndHydrate(page, url(`/gestion/appels/${callId}/candidatures`))).toEqual([])
	await shown('1 candidature déposée.')
	const row = page.getByRole('row', { name: new RegExp(PROJECT_TITLE) })
	expect(await row.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining([A.name, '1', 'Intergénérationnel', 'Déposé']))
	await row.getByRole('link', { name: PROJECT_TITLE }).click()
	await page.waitForURL((u) => u.pathname === `/gestion/appels/${callId}/candidatures/${applicationId}`)
	await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(PROJECT_TITLE)
	await shown('Ville de Lyon')
	await expectAccessible(page)

	// Irrecevable with no reason: refused in the browser by the form's schema (no request), the message under its field;
	// once refused, the message follows what is typed.
	let posts = 0
	const countPosts = (request: { method: () => string }) => void (request.method() === 'POST' && posts++)
	page.on('request', countPosts)
	await page.getByRole('radio', { name: 'Irrecevable', exact: true }).check()
	await page.getByRole('button', { name: 'Enregistrer la décision' }).click()
	const reasonMessage = 'Indiquez le motif d’irrecevabilité : il est envoyé à chaque association du consortium.'
	await shown(reasonMessage)
	expect(await page.getByLabel('Motif').getAttribute('aria-invalid')).toBe('true')
	await page.getByRole('radio', { name: 'Recevable', exact: true }).check()
	await expect.poll(() => page.getByText(reasonMessage).count()).toBe(0)
	expect(posts).toBe(0)
	page.off('request', countPosts)

	await page.getByLabel('Motif').fill('Dossier complet, transmis au jury.')
	await page.getByRole('button', { name: 'Enregistrer la décision' }).click()
	await shown('Dossier déclaré recevable')
	await expect.poll(() => page.getByRole('radio', { name: 'Recevable (décision actuelle)' }).isDisabled()).toBe(true)
	await expectAccessible(page)

	await visit(`/gestion/appels/${callId}/candidatures`, CALL_TITLE)
	expect(await page.getByRole('row', { name: new RegExp(PROJECT_TITLE) }).getByRole('cell').allTextContents()).toContain('Recevable')
	await logOut()

	for (const referent of [A.email, B.email]) {
		const mail = await portal!.mailbox.waitFor(referent, (m) => m.subject === `Projet « ${PROJECT_TITLE} » déclaré recevable sur Ensemble`)
		expect(mail.text).toContain('Dossier complet, transmis au jury.')
		expect(linkTo(mail, /^\/candidatures\//)).toBe(url(`/candidatures/${applicationId}`))
	}

	// A sees the decision on its application.
	await logIn(A.email)
	await visit(`/candidatures/${applicationId}`, PROJECT_TITLE)
	await shown(/^Recevable/)
	await logOut()
})
