/**
 * The follow-up of a retained dossier, the whole story in the browser on a 390 px wide screen
 * with axe on every page (issue 10): the funder draws up the agreement and signs it; each
 * association's référent signs for it; the first tranche is paid (a wrong amount refused
 * first); the project starts and its end-of-project evaluation opens; the consortium writes
 * its sections and each association its own part; the lead sends it and every association
 * receives it as a PDF; the funder asks for changes on the financial report only, the lead
 * corrects and sends again; the funder approves and pays the balance: the project is closed.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { A, B, FUNDER, PROJECT_TITLE } from './story-states.ts'
import { expectAccessible, logInAs, openPhoneSession, saveScreenshots, type Portal } from './support.ts'

let portal: Portal
let page: Page
let close: (() => Promise<void>) | undefined

beforeAll(async () => {
	;({ portal, page, close } = await openPhoneSession({ SEED_DEMO: 'always' }, { prepare: 'retained' }))
})

afterAll(async () => {
	await close?.()
})

const staffPage = () => `${portal.baseUrl}/gestion/appels/${portal.handles.callId}/suivi/${portal.handles.applicationId}`
const consortiumPage = (sub: 'convention' | 'evaluation') => `${portal.baseUrl}/candidatures/${portal.handles.applicationId}/${sub}`

async function logOut() {
	await page.getByRole('button', { name: 'Se déconnecter' }).click()
	await page.waitForURL((u) => u.pathname === '/')
}

async function shows(text: string | RegExp) {
	try {
		await expect.poll(() => page.getByText(text).count(), { timeout: 10_000 }).toBeGreaterThan(0)
	} catch (error) {
		console.log(`« ${String(text)} » not on ${page.url()}:\n${(await page.locator('main').innerText()).slice(0, 3000)}`)
		throw error
	}
}

/** Today in Paris, as a date field takes it: a transfer is never dated in the future. */
const parisToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date())

/** A section of the evaluation page, by its id (fieldAnchor('section', …)). */
const section = (id: string) => page.locator(`#section-${id}`)

async function saveSection(id: string) {
	const block = section(id)
	await block.getByRole('button', { name: 'Enregistrer' }).click()
	await expect.poll(() => block.getByRole('status').textContent(), { timeout: 10_000 }).toMatch(/enregistrée?/)
}

test('le financeur établit la convention et la signe ; chaque référent signe pour son association', async () => {
	await logInAs(page, portal.baseUrl, FUNDER)
	// From the call's page to the follow-up list, then the dossier.
	await page.goto(`${portal.baseUrl}/gestion/appels/${portal.handles.callId}`)
	await page.getByRole('link', { name: 'Conventions, versements et évaluations' }).click()
	await page.waitForURL('**/suivi')
	await shows(PROJECT_TITLE)
	await expectAccessible(page)
	await saveScreenshots(page, 'suivi-liste')
	await page.getByRole('link', { name: PROJECT_TITLE }).first().click()
	await page.waitForURL(staffPage())
	await page.getByRole('button', { name: 'Établir la convention' }).click()
	await shows('Convention établie')
	await expectAccessible(page)
	await saveScreenshots(page, 'suivi-dossier-convention')
	// The signer's name is the person's, kept; signed with the keyboard.
	await page.getByLabel('Qualité (facultatif)').fill('Directrice')
	await page.getByLabel('Qualité (facultatif)').press('Enter')
	await shows('Convention signée pour le financeur')
	await logOut()

	// B's référent: an empty name is refused next to the field, the quality typed is kept.
	await logInAs(page, portal.baseUrl, B.email)
	await page.goto(`${portal.baseUrl}/candidatures/${portal.handles.applicationId}`)
	await page.getByRole('link', { name: 'Convention et versements' }).click()
	await page.waitForURL(consortiumPage('convention'))
	await shows('Tranches prévues')
	await expectAccessible(page)
	await saveScreenshots(page, 'convention-erreur')
	const signAsB = page.locator('form', { has: page.getByRole('button', { name: `Signer la convention pour ${B.name}` }) })
	// Only B's form: the lead signs for itself.
	expect(await page.getByRole('button', { name: /^Signer la convention pour/ }).count()).toBe(1)
	await signAsB.getByLabel('Prénom et nom du ou de la signataire').fill('')
	await signAsB.getByLabel('Qualité (facultatif)').fill('Président')
	await signAsB.getByRole('button').click()
	await shows('Indiquez vos prénom et nom : ils figurent sur la convention signée.')
	expect(await signAsB.getByLabel('Qualité (facultatif)').inputValue()).toBe('Président')
	await expectAccessible(page)
	await saveScreenshots(page, 'convention-signee')
	await signAsB.getByLabel('Prénom et nom du ou de la signataire').fill('Karim Benali')
	await signAsB.getByRole('button').click()
	await shows('Karim Benali')
	await logOut()

	// A's référent signs last: the agreement is signed, the first tranche due.
	await logInAs(page, portal.baseUrl, A.email)
	await page.goto(consortiumPage('convention'))
	await page.getByLabel('Prénom et nom du ou de la signataire').fill('Louise Garnier')
	await page.getByRole('button', { name: `Signer la convention pour ${A.name}` }).click()
	await shows(/ \(J-60\)$/)
	await expectAccessible(page)
	await saveScreenshots(page, 'paiement-erreur')
	const pdf = await page.request.get(`${consortiumPage('convention')}.pdf`)
	expect(pdf.status()).toBe(200)
	expect(pdf.headers()['content-type']).toBe('application/pdf')
	await logOut()
})

test('le financeur paie la première tranche, commence le projet et ouvre l’évaluation', async () => {
	await logInAs(page, portal.baseUrl, FUNDER)
	await page.goto(staffPage())
	await shows('Convention signée')
	// 70 % of 6 000 €: 4 200 €. A wrong amount is refused next to the field, what was typed kept.
	await page.getByLabel('Date du virement').fill(parisToday())
	await page.getByLabel('Montant versé (€)').fill('4 000')
	await page.getByLabel('Référence du virement (facultatif)').fill('VIR-2026-001')
	await page.getByRole('button', { name: 'Enregistrer le paiement' }).click()
	await shows(/Le montant versé doit être celui de la tranche/)
	expect(await page.getByLabel('Référence du virement (facultatif)').inputValue()).toBe('VIR-2026-001')
	await expectAccessible(page)
	await saveScreenshots(page, 'evaluation-ouverte')
	await page.getByLabel('Montant versé (€)').fill('4 200')
	await page.getByRole('button', { name: 'Enregistrer le paiement' }).click()
	await shows('Paiement enregistré')
	await page.getByRole('button', { name: 'Marquer le début du projet' }).click()
	await shows('Projet commencé')
	await page.getByRole('button', { name: 'Ouvrir l’évaluation de fin de projet' }).click()
	await shows('Évaluation ouverte')
	await expectAccessible(page)
	await saveScreenshots(page, 'evaluation-debut')
	await logOut()
})

test('le consortium rédige ses sections, chaque association sa partie ; le chef de file envoie ; chacun reçoit le PDF', async () => {
	await logInAs(page, portal.baseUrl, A.email)
	await page.goto(`${portal.baseUrl}/candidatures/${portal.handles.applicationId}`)
	await page.getByRole('link', { name: 'Évaluation de fin de projet' }).click()
	await page.waitForURL(consortiumPage('evaluation'))
	await shows('Ce qu’il reste à compléter')
	await expectAccessible(page)
	await saveScreenshots(page, 'evaluation-ecart')

	await section('realisation').getByLabel('Ce qui a été réalisé').fill('Douze ateliers au jardin, trois représentations avec les habitants.')
	await section('realisation').getByLabel('Premier atelier au jardin : date réelle').fill('2026-09-20')
	await saveSection('realisation')
	await section('publics').getByLabel('Publics touchés').fill('Des familles du quartier et des résidents de la maison de retraite voisine.')
	await section('publics').getByLabel('Nombre de participants touchés').fill('134')
	await saveSection('publics')
	await section('indicateurs').getByLabel('Résultat atteint').fill('134 personnes')
	await saveSection('indicateurs')
	await section('difficultes').getByRole('radio', { name: 'Oui' }).check()
	await section('difficultes').getByLabel('Temps (avant, pendant et après)').fill('Agendas des comédiens : nous avons décalé deux ateliers au samedi.')
	await saveSection('difficultes')
	// The actors' hours went 20 % over: saved as it goes, the explanation is asked for.
	const finance = section('financier')
	for (const [label, value] of [
		['Graines, outils et décors', '3 000'],
		['Heures des comédiens', '6 000'],
		['Ville de Lyon', '1 500'],
		['Cotisations des adhérents', '500'],
	] as const) {
		await finance.getByLabel(`Réalisé (€) — ${label}`).fill(value)
	}
	await saveSection('financier')
	await page.reload()
	await shows('L’écart de « Heures des comédiens » dépasse 15 % : expliquez-le.')
	await expectAccessible(page)
	await saveScreenshots(page, 'evaluation-b')

	const partOf = (name: string) => page.locator('section', { has: page.getByRole('heading', { name: new RegExp(`^${name}`) }) })
	const answerPart = async (name: string, id: string) => {
		const part = partOf(name)
		await part.getByRole('checkbox', { name: 'Comité de pilotage' }).check()
		await part.getByRole('radio', { name: 'Fort' }).check()
		await part.getByRole('group', { name: 'La coopération a-t-elle mobilisé d’autres partenaires ?' }).getByRole('radio', { name: 'Non' }).check()
		await part.getByRole('group', { name: 'La coopération vous a-t-elle apporté de nouveaux financements ?' }).getByRole('radio', { name: 'Non' }).check()
		await part.getByRole('group', { name: 'La notoriété de votre association a-t-elle grandi grâce à la coopération ?' }).getByRole('radio', { name: 'Oui' }).check()
		await part.getByRole('group', { name: 'Souhaitez-vous continuer à coopérer ensemble ?' }).getByRole('radio', { name: 'Oui' }).check()
		await part.getByLabel('Ce que la coopération a apporté à votre association').fill('Un public que nous ne touchions pas.')
		await part.getByLabel('Ce que vous feriez autrement').fill('Fixer le calendrier avec les comédiens dès le début.')
		await saveSection(id)
	}
	const ids = await page.locator('section[id^="section-association-"]').evaluateAll((nodes) => nodes.map((n) => n.id.replace(/^section-/, '')))
	expect(ids).toHaveLength(2)
	// A answers its own part; B's is not its to write.
	expect(await partOf(B.name).getByRole('button', { name: 'Enregistrer' }).count()).toBe(0)
	const aPart = (await partOf(A.name).getAttribute('id'))!.replace(/^section-/, '')
	await answerPart(A.name, aPart)
	await logOut()

	await logInAs(page, portal.baseUrl, B.email)
	await page.goto(consortiumPage('evaluation'))
	const bPart = (await partOf(B.name).getAttribute('id'))!.replace(/^section-/, '')
	await answerPart(B.name, bPart)
	// A co-porter completes the consortium's part too: the gap explained.
	await section('financier').getByLabel('Explication de l’écart — Heures des comédiens').fill('Deux représentations de plus que prévu, à la demande des habitants.')
	await saveSection('financier')
	// Only the lead sends it.
	expect(await page.getByRole('button', { name: 'Envoyer l’évaluation au financeur' }).count()).toBe(0)
	await expectAccessible(page)
	await saveScreenshots(page, 'evaluation-envoyee')
	await logOut()

	await logInAs(page, portal.baseUrl, A.email)
	await page.goto(consortiumPage('evaluation'))
	await page.getByRole('button', { name: 'Envoyer l’évaluation au financeur' }).click()
	await shows(/envoyée/i)
	await expectAccessible(page)
	await saveScreenshots(page, 'relecture')
	await logOut()
	// Every association receives the evaluation as a PDF.
	for (const email of [A.email, B.email]) {
		// The demo's own dossiers sent theirs too: this project's, by its subject.
		const mail = await portal.mailbox.waitFor(email, (m) => (m.subject ?? '').includes(PROJECT_TITLE) && (m.attachments ?? []).some((a) => a.contentType === 'application/pdf'))
		expect(mail.attachments.find((a) => a.contentType === 'application/pdf')!.content.subarray(0, 5).toString()).toBe('%PDF-')
	}
})

test('le financeur demande de reprendre le compte rendu financier seul ; le chef de file corrige et renvoie ; approuvée, le solde payé, le projet est clos', async () => {
	await logInAs(page, portal.baseUrl, FUNDER)
	await page.goto(staffPage())
	await shows('Relecture')
	await expectAccessible(page)
	await saveScreenshots(page, 'reprise')
	await page.getByRole('checkbox', { name: 'Compte rendu financier' }).check()
	await page.getByLabel('Message au consortium').fill('Joignez le détail des heures des comédiens par représentation.')
	await page.getByRole('button', { name: /Demander/ }).click()
	await shows('Joignez le détail des heures des comédiens par représentation.')
	await logOut()

	await logInAs(page, portal.baseUrl, A.email)
	await page.goto(consortiumPage('evaluation'))
	await shows('Ce que le financeur demande de reprendre')
	// Only the financial report reopens.
	expect(await page.getByRole('button', { name: 'Enregistrer' }).count()).toBe(1)
	await expectAccessible(page)
	await saveScreenshots(page, 'clos')
	await section('financier')
		.getByLabel('Explication de l’écart — Heures des comédiens')
		.fill('Deux représentations de plus que prévu : 6 h de jeu et 4 h de répétition chacune, à 100 € l’heure.')
	await saveSection('financier')
	await page.reload()
	await page.getByRole('button', { name: 'Envoyer l’évaluation au financeur' }).click()
	await shows(/envoyée/i)
	await logOut()

	await logInAs(page, portal.baseUrl, FUNDER)
	await page.goto(staffPage())
	await page.getByRole('button', { name: 'Approuver l’évaluation' }).click()
	await shows('Évaluation approuvée')
	// The balance, 1 800 €, is now due: paid, the project closes.
	await page.getByLabel('Date du virement').fill(parisToday())
	await page.getByLabel('Montant versé (€)').fill('1 800')
	await page.getByRole('button', { name: 'Enregistrer le paiement' }).click()
	await shows('Paiement enregistré')
	await shows('Clos')
	await expectAccessible(page)
	await saveScreenshots(page, 'suivi-liste-fin')
	const pdf = await page.request.get(`${staffPage()}/evaluation.pdf`)
	expect(pdf.status()).toBe(200)
	// The call's list: nothing late, the balance paid.
	await page.goto(`${portal.baseUrl}/gestion/appels/${portal.handles.callId}/suivi`)
	await shows(PROJECT_TITLE)
	await expectAccessible(page)
	await saveScreenshots(page, 'evaluation-lecture-b')
	await logOut()
})
