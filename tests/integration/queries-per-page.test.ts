/**
 * How many SQL statements a page costs. The root loader and the route's loader each need
 * the signed-in user; Remix gives them different Request copies, so the user must be loaded
 * once per page through the page's scope (app/utils/request-scope.server.ts), not once per
 * loader, and the scope must end with the page.
 *
 * On PGlite every statement costs ~1–1.5 ms of a single-threaded engine: a dossier page
 * reads its access check and its dossier in one statement (issue 7: ≤ 4 per page).
 */
import { NoopLogger } from 'drizzle-orm/logger'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { openRequestScopes } from '#app/utils/request-scope.server.ts'
import { createApplication, type ApplicationState } from '#tests/factories.ts'
import { get, login, startTestServer, type TestServer } from '#tests/support/server.ts'

let server: TestServer
const statements: string[] = []
type Loggable = { logQuery: (query: string) => void }
const original = (NoopLogger.prototype as unknown as Loggable).logQuery

beforeAll(async () => {
	server = await startTestServer()
	;(NoopLogger.prototype as unknown as Loggable).logQuery = (query: string) => void statements.push(query)
})
afterEach(() => void (statements.length = 0))
afterAll(async () => {
	;(NoopLogger.prototype as unknown as Loggable).logQuery = original
	await server.close()
})

/** The statements that load the signed-in user: lucia's session lookup opens each load. */
const sessionLookups = () => statements.filter((query) => /from "sessions"/i.test(query)).length

describe('requêtes par page', () => {
	test('l’utilisateur connecté est chargé une fois par page, pas une fois par loader', async () => {
		const { id, lead } = await createApplication({ status: 'draft', coCarriers: 1 })
		const cookie = await login(server, lead.user.email)
		for (const path of ['/candidatures', `/candidatures/${id}`, `/candidatures/${id}/budget`]) {
			statements.length = 0
			const response = await get(server, path, cookie)
			expect(response.status, path).toBe(200)
			await response.text()
			expect(sessionLookups(), path).toBe(1)
		}
		// Nothing of a page is kept once it is served (the server's own requests are all answered).
		expect(openRequestScopes()).toBe(0)
	})

	test('une page refusée ou en erreur ferme aussi sa portée', async () => {
		const { id } = await createApplication({ status: 'draft', coCarriers: 1 })
		const stranger = await createApplication({ status: 'draft', coCarriers: 1 })
		const cookie = await login(server, stranger.lead.user.email)
		for (const path of [`/candidatures/${id}`, '/candidatures/pas-un-identifiant', '/page-qui-n-existe-pas']) {
			const response = await get(server, path, cookie)
			expect(response.status, path).toBeGreaterThanOrEqual(400)
			await response.text()
		}
		expect(openRequestScopes()).toBe(0)
	})

	test('l’utilisateur connecté, ses adhésions et ses jurys tiennent en une seule requête', async () => {
		const { lead } = await createApplication({ status: 'draft', coCarriers: 1 })
		const cookie = await login(server, lead.user.email)
		statements.length = 0
		// /espace shows the account and its memberships: its loader reads only the signed-in user.
		const response = await get(server, '/espace', cookie)
		expect(response.status).toBe(200)
		const page = await response.text()
		expect(page).toContain(lead.organization.name)
		expect(statements).toHaveLength(1)
	})

	test('la liste du financeur (comptes, filtres, page) tient en quatre requêtes, quelle que soit la taille de l’appel', async () => {
		const first = await createApplication({ status: 'submitted', coCarriers: 1 })
		await createApplication({ status: 'submitted', coCarriers: 2, call: first.call, title: 'Jardins partagés' })
		const cookie = await login(server, first.funder.user.email)
		const list = `/gestion/appels/${first.call.id}/candidatures`
		for (const path of [list, `${list}?statut=submitted&departement=69`, `${list}?page=2`]) {
			statements.length = 0
			const response = await get(server, path, cookie)
			expect(response.status, path).toBe(200)
			await response.text()
			expect(statements.length, `${path}\n${statements.join('\n')}`).toBeLessThanOrEqual(4)
		}
	})

	test('l’accueil, la page d’un appel et « Mes dossiers » tiennent en quatre requêtes au plus', async () => {
		const { call, lead } = await createApplication({ status: 'submitted', coCarriers: 1 })
		const cookie = await login(server, lead.user.email)
		for (const path of ['/', `/appels/${call.id}`, '/appels', '/candidatures']) {
			statements.length = 0
			const response = await get(server, path, cookie)
			expect(response.status, path).toBe(200)
			await response.text()
			expect(statements.length, `${path}\n${statements.join('\n')}`).toBeLessThanOrEqual(4)
		}
	})

	test('un client ne peut pas imposer sa clé de requête pour partager le cache d’un autre', async () => {
		const { id, lead } = await createApplication({ status: 'draft', coCarriers: 1 })
		const cookie = await login(server, lead.user.email)
		const headers = { cookie, 'x-ensemble-request-key': 'fixe' }
		const first = await fetch(`${server.baseUrl}/candidatures/${id}`, { headers, redirect: 'manual' })
		expect(first.status).toBe(200)
		const anonymous = await fetch(`${server.baseUrl}/candidatures/${id}`, { headers: { 'x-ensemble-request-key': 'fixe' }, redirect: 'manual' })
		expect(anonymous.status).toBe(302)
	})

	/** The statements a page costs, with the page read to its end (its loaders all ran). */
	async function statementsOf(path: string, cookie: string) {
		statements.length = 0
		const response = await get(server, path, cookie)
		expect(response.status, path).toBe(200)
		await response.text()
		return statements.length
	}

	/**
	 * The user's load (session, user, memberships…) costs the same on every page: measured on
	 * /espace, whose loader reads nothing but the user, and left out of each page's count, so
	 * the test reads "the page's own statements ≤ 3" today and "≤ 4 in all" once the user's
	 * load is one statement.
	 */
	async function ownStatements(paths: string[], cookie: string) {
		const userLoad = await statementsOf('/espace', cookie)
		const counts: Record<string, number> = {}
		for (const path of paths) counts[path] = (await statementsOf(path, cookie)) - userLoad
		console.info(`requêtes par page (sans les ${userLoad} du chargement de l’utilisateur) :`, counts)
		return counts
	}

	const SECTIONS = ['', '/projet', '/cooperation', '/budget', '/questions', '/pieces', '/partenaires']

	test.each<ApplicationState>(['draft', 'submitted'])('le dossier du chef de file et chacune de ses sections (%s) : au plus 3 requêtes en plus de l’utilisateur', async (status) => {
		const { id, lead } = await createApplication({ status, coCarriers: 2 })
		const cookie = await login(server, lead.user.email)
		const counts = await ownStatements(SECTIONS.map((section) => `/candidatures/${id}${section}`), cookie)
		expect(Object.entries(counts).filter(([, count]) => count > 3)).toEqual([])
		// The dossier and its sections read the access and the dossier in one statement (the partners' page of an editable
		// dossier adds the supporter structures its lead chooses from; submitted, the dossier names the one chosen).
		for (const section of ['', '/projet', '/cooperation', '/budget', '/questions', '/pieces']) expect(counts[`/candidatures/${id}${section}`], section).toBe(1)
		expect(counts[`/candidatures/${id}/partenaires`]).toBe(status === 'draft' ? 2 : 1)
	})

	test('la page d’engagement d’un partenaire : une requête en plus de l’utilisateur (le dossier avec son accès)', async () => {
		const { id, partners } = await createApplication({ status: 'draft', coCarriers: 1 })
		const cookie = await login(server, partners[0]!.user.email)
		const counts = await ownStatements([`/candidatures/${id}/engagement`], cookie)
		expect(Object.values(counts)).toEqual([1])
	})

	test('le dossier côté financeur : une requête en plus de l’utilisateur (le dossier et son appel, avec la clause du financeur)', async () => {
		const { id, call, funder } = await createApplication({ status: 'submitted', coCarriers: 2 })
		const cookie = await login(server, funder.user.email)
		const counts = await ownStatements([`/gestion/appels/${call.id}/candidatures/${id}`], cookie)
		expect(Object.values(counts)).toEqual([1])
	})
})
