/**
 * patches/ (applied by patch-package after npm ci) make the server build the route tree, its
 * data routes and the ranked route branches once instead of on every request: with the ~50
 * routes of then (~110 now) that was a third of the CPU of a simple page. These tests fail when the patches are
 * missing, and check that matching stays right when the caches serve it.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, test } from 'vitest'

const require = createRequire(import.meta.url)
// The CommonJS builds are what the server loads (the browser bundle is not patched).
const router = require('@remix-run/router') as typeof import('@remix-run/router')
const remixRoutes = require('@remix-run/react/dist/routes.js') as {
	createServerRoutes: (manifest: object, modules: object, future: object, isSpaMode: boolean) => unknown[]
}
const domServer = require('react-router-dom/server.js') as typeof import('react-router-dom/server')
const serverEntry = require('@remix-run/server-runtime/dist/entry.js') as { createEntryRouteModules: (routes: object) => Record<string, unknown> }

const manifest = {
	root: { id: 'root', path: '', hasLoader: true },
	'routes/candidatures.$applicationId': { id: 'routes/candidatures.$applicationId', parentId: 'root', path: 'candidatures/:applicationId', hasLoader: true },
	'routes/candidatures.$applicationId.budget': { id: 'routes/candidatures.$applicationId.budget', parentId: 'routes/candidatures.$applicationId', path: 'budget', hasLoader: true },
	'routes/appels._index': { id: 'routes/appels._index', parentId: 'root', path: 'appels', index: true, hasLoader: true },
}
const modules = Object.fromEntries(Object.keys(manifest).map((id) => [id, { default: () => null }]))

describe('les routes du serveur sont construites une fois', () => {
	test('même arbre de routes pour le même manifeste, d’une requête à l’autre', () => {
		const first = remixRoutes.createServerRoutes(manifest, { ...modules }, { v3_singleFetch: false }, false)
		const second = remixRoutes.createServerRoutes(manifest, { ...modules }, { v3_singleFetch: false }, false)
		expect(second).toBe(first)
		// A different module (a rebuild in development) gives a new tree.
		const rebuilt = remixRoutes.createServerRoutes(manifest, { ...modules, root: { default: () => null } }, { v3_singleFetch: false }, false)
		expect(rebuilt).not.toBe(first)
	})

	test('un seul objet des modules de routes par build, et l’arbre retrouvé par identité', () => {
		const buildRoutes = Object.fromEntries(Object.entries(manifest).map(([id, route]) => [id, { ...route, module: modules[id] }]))
		const routeModules = serverEntry.createEntryRouteModules(buildRoutes)
		expect(serverEntry.createEntryRouteModules(buildRoutes)).toBe(routeModules)
		expect(routeModules).toEqual(modules)
		// Another build (a rebuild in development): its own object.
		expect(serverEntry.createEntryRouteModules({ ...buildRoutes })).not.toBe(routeModules)
		const future = { v3_singleFetch: false }
		const tree = remixRoutes.createServerRoutes(manifest, routeModules, future, false)
		expect(remixRoutes.createServerRoutes(manifest, routeModules, future, false)).toBe(tree)
		// Equal flags in another object, equal modules in another object: still the same tree.
		expect(remixRoutes.createServerRoutes(manifest, { ...routeModules }, { ...future }, false)).toBe(tree)
		// Other flags: another tree.
		expect(remixRoutes.createServerRoutes(manifest, routeModules, { v3_singleFetch: true }, false)).not.toBe(tree)
	})

	test('mêmes routes de données pour le même arbre', () => {
		const routes = remixRoutes.createServerRoutes(manifest, modules, {}, false) as Parameters<typeof domServer.createStaticRouter>[0]
		const context = { basename: '/', location: { pathname: '/appels' }, matches: [], loaderData: {}, actionData: null, errors: null, statusCode: 200, loaderHeaders: {}, actionHeaders: {}, activeDeferreds: null }
		const a = domServer.createStaticRouter(routes, context as never)
		const b = domServer.createStaticRouter(routes, context as never)
		expect(b.routes).toBe(a.routes)
	})

	test('la correspondance reste juste quand le cache sert', () => {
		const routes = [{ id: 'root', path: '/', children: [{ id: 'dossier', path: 'candidatures/:applicationId', children: [{ id: 'budget', path: 'budget' }] }, { id: 'appels', path: 'appels' }] }]
		for (let i = 0; i < 3; i++) {
			expect(router.matchRoutes(routes, '/candidatures/abc/budget')?.map((m) => m.route.id)).toEqual(['root', 'dossier', 'budget'])
			expect(router.matchRoutes(routes, '/candidatures/xyz/budget')?.at(-1)?.params).toEqual({ applicationId: 'xyz' })
			expect(router.matchRoutes(routes, '/appels')?.at(-1)?.route.id).toBe('appels')
			expect(router.matchRoutes(routes, '/inconnue')).toBeNull()
		}
		expect(router.matchPath('/candidatures/:applicationId', '/CANDIDATURES/q')?.params).toEqual({ applicationId: 'q' })
		expect(router.matchPath({ path: '/candidatures/:applicationId', caseSensitive: true }, '/CANDIDATURES/q')).toBeNull()
	})

	test('seules les branches aux mêmes segments sont essayées, sans rien changer au résultat', () => {
		const routes = [
			{
				id: 'root',
				path: '/',
				children: [
					{ id: 'accueil', index: true },
					{ id: 'oubli', path: 'mot-de-passe-oublie' },
					{ id: 'invitation', path: 'candidatures/invitation/:token' },
					{ id: 'dossier', path: 'candidatures/:applicationId', children: [{ id: 'projet', path: 'projet' }] },
					{ id: 'pdf', path: 'bilan.pdf' },
					{ id: 'courrier', path: 'courriers/:letterId.pdf' },
					{ id: 'jury', path: 'gestion/appels/:callId/jury' },
					{ id: 'appel', path: 'gestion/appels/:callId', children: [{ id: 'appel-index', index: true }] },
					{ id: 'sensible', path: 'Exact', caseSensitive: true },
					{ id: 'facultatif', path: 'fr?/aide' },
					{ id: 'parametre', path: ':slug/fiche' },
					{ id: 'reste', path: '*' },
				],
			},
		]
		const leaf = (pathname: string) => router.matchRoutes(routes, pathname)?.at(-1)?.route.id
		for (let i = 0; i < 2; i++) {
			expect(leaf('/')).toBe('accueil')
			expect(leaf('/mot-de-passe-oublie')).toBe('oubli')
			// The same segment in capitals: matching is case-insensitive, so the filter must be too.
			expect(leaf('/MOT-DE-PASSE-OUBLIE/')).toBe('oubli')
			expect(leaf('/candidatures/invitation/abc')).toBe('invitation')
			expect(leaf('/candidatures/abc/projet')).toBe('projet')
			expect(leaf('/bilan.pdf')).toBe('pdf')
			// A parameter with a literal suffix, and as many segments as the pathname only.
			expect(leaf('/courriers/abc.pdf')).toBe('courrier')
			expect(leaf('/courriers/abc')).toBe('reste')
			expect(leaf('/gestion/appels/x/jury')).toBe('jury')
			expect(leaf('/gestion/appels/x/jury/')).toBe('jury')
			expect(leaf('/gestion/appels/x')).toBe('appel-index')
			expect(leaf('/gestion/appels/x/bilan')).toBe('reste')
			expect(leaf('/Exact')).toBe('sensible')
			expect(leaf('/exact')).toBe('reste')
			expect(leaf('/fr/aide')).toBe('facultatif')
			expect(leaf('/aide')).toBe('facultatif')
			// A dynamic first segment is always tried, whatever the pathname starts with.
			expect(leaf('/candidatures/fiche')).toBe('dossier')
			expect(leaf('/associations/fiche')).toBe('parametre')
			expect(leaf('/mot-de-passe-oublie/fiche')).toBe('parametre')
			expect(leaf('/nulle/part')).toBe('reste')
			expect(leaf('//mot-de-passe-oublie')).toBe(router.matchRoutes([...routes], '//mot-de-passe-oublie')?.at(-1)?.route.id)
		}
	})
})

describe('les métadonnées des champs Conform sont construites une fois par état du formulaire', () => {
	// The patch memoizes getMetadata per field proxy and form state (both builds: the server
	// bundle imports the ESM one); what a field reads must stay the same.
	type Conform = {
		createFormContext: (options: { formId: string; defaultValue?: object }) => { getState: () => unknown }
		getFieldMetadata: (context: unknown, subjectRef: { current: object }, stateSnapshot: unknown, prefix?: string, key?: string) => Record<string, unknown>
	}
	const builds: [string, () => Promise<Conform>][] = [
		['CommonJS', async () => require(path.resolve('node_modules/@conform-to/react/dist/context.js')) as Conform],
		['ESM', async () => (await import(pathToFileURL(path.resolve('node_modules/@conform-to/react/dist/context.mjs')).href)) as Conform],
	]
	test.each(builds)('un champ lit son état (%s)', async (_build, load) => {
		const conform = await load()
		expect(String(conform.getFieldMetadata)).toContain('metadataOf')
		const context = conform.createFormContext({ formId: 'f', defaultValue: { email: 'a@b.fr' } })
		const field = conform.getFieldMetadata(context, { current: {} }, context.getState(), '', 'email')
		for (let i = 0; i < 2; i++) {
			expect(field.id).toBe('f-email')
			expect(field.name).toBe('email')
			expect(field.initialValue).toBe('a@b.fr')
			expect(field.defaultValue).toBe('a@b.fr')
			expect(field.errorId).toBe('f-email-error')
			expect(field.errors).toBeUndefined()
		}
	})
})

describe('Conform note une fois chaque champ lu par un rendu', () => {
	// The patch adds a name read by a render once, in place, instead of copying the render's
	// subject and its list at every property read (quadratic in the fields a form reads).
	type Subject = { current: Record<string, unknown> }
	type Conform = { updateSubjectRef: (ref: Subject, subject: string, scope?: string, name?: string) => void }
	const builds: [string, () => Promise<Conform>][] = [
		['CommonJS', async () => require(path.resolve('node_modules/@conform-to/react/dist/context.js')) as Conform],
		['ESM', async () => (await import(pathToFileURL(path.resolve('node_modules/@conform-to/react/dist/context.mjs')).href)) as Conform],
	]
	test.each(builds)('les noms lus, chacun une fois, par sujet et portée (%s)', async (_build, load) => {
		const { updateSubjectRef } = await load()
		const ref: Subject = { current: { pendingIntents: true } }
		for (let i = 0; i < 3; i++) {
			updateSubjectRef(ref, 'value', 'name', 'email')
			updateSubjectRef(ref, 'value', 'name', 'scores[0].value')
			updateSubjectRef(ref, 'error', 'prefix', 'scores')
		}
		updateSubjectRef(ref, 'status')
		expect(ref.current).toEqual({ pendingIntents: true, status: true, value: { name: ['email', 'scores[0].value'] }, error: { prefix: ['scores'] } })
	})
})


describe('un loader reçoit la requête elle-même quand son adresse n’a pas de paramètre à retirer', () => {
	type CallRouteLoader = (args: { loadContext: object; loader: (args: { request: Request }) => unknown; params: object; request: Request; routeId: string; singleFetch: boolean }) => Promise<Response>
	const builds: [string, () => Promise<CallRouteLoader>][] = [
		['CommonJS', async () => (require(path.resolve('node_modules/@remix-run/server-runtime/dist/data.js')) as { callRouteLoader: CallRouteLoader }).callRouteLoader],
		['ESM', async () => ((await import(pathToFileURL(path.resolve('node_modules/@remix-run/server-runtime/dist/esm/data.js')).href)) as { callRouteLoader: CallRouteLoader }).callRouteLoader],
	]
	const seenBy = async (callRouteLoader: CallRouteLoader, request: Request) => {
		let seen: Request | undefined
		await callRouteLoader({ loadContext: {}, params: {}, routeId: 'r', singleFetch: false, request, loader: ({ request }) => ((seen = request), null) })
		return seen!
	}
	test.each(builds)('sans paramètre à retirer, pas de copie ; avec, ?index= et ?_data retirés comme avant (%s)', async (_build, load) => {
		const callRouteLoader = await load()
		const plain = new Request('http://localhost/candidatures/a1', { headers: { cookie: 'c=1' } })
		expect(await seenBy(callRouteLoader, plain)).toBe(plain)
		const data = new Request('http://localhost/candidatures?_data=routes%2Fcandidatures&index=&page=2', { headers: { cookie: 'c=1' } })
		const copy = await seenBy(callRouteLoader, data)
		expect(copy).not.toBe(data)
		expect(copy.url).toBe('http://localhost/candidatures?page=2')
		expect(copy.headers.get('cookie')).toBe('c=1')
		// Parameters of the page's own (filters, a page number), none to strip: the request itself.
		const filtered = new Request('http://localhost/gestion/appels/c1/candidatures?theme=t1&departement=69&page=2')
		expect(await seenBy(callRouteLoader, filtered)).toBe(filtered)
		// An index parameter alone is still stripped, an empty one removed.
		expect((await seenBy(callRouteLoader, new Request('http://localhost/candidatures?index&page=2'))).url).toBe('http://localhost/candidatures?page=2')
	})
})

describe('postgres.js retrouve une instruction préparée sans recopier son texte', () => {
	type SignatureOf = (types: number[], string: string) => string
	const builds: [string, () => Promise<SignatureOf>][] = [
		['CommonJS', async () => (require(path.resolve('node_modules/postgres/cjs/src/connection.js')) as { signatureOf: SignatureOf }).signatureOf],
		['ESM', async () => ((await import(pathToFileURL(path.resolve('node_modules/postgres/src/connection.js')).href)) as { default: { signatureOf: SignatureOf } }).default.signatureOf],
	]
	test.each(builds)('la même signature qu’avant : les types des paramètres, puis le texte (%s)', async (_build, load) => {
		const signatureOf = await load()
		const text = `select ${'x, '.repeat(2000)}1 where id = $1 and status = $2`
		const first = signatureOf([25, 25], text)
		expect(first).toBe('25,25' + text)
		// Asked again (the kept signature), and with other types (another statement).
		expect(signatureOf([25, 25], text)).toBe(first)
		expect(signatureOf([25, 0], text)).toBe('25,0' + text)
		expect(signatureOf([], 'select 1')).toBe('select 1')
	})
})

describe('les files de postgres.js ne grandissent pas avec les requêtes servies', () => {
	type Queue<T> = { readonly length: number; push: (x: T) => T; shift: () => T | undefined; remove: (x: T) => T | null }
	type QueueOf = <T>(initial?: T[]) => Queue<T>
	const builds: [string, () => Promise<QueueOf>][] = [
		['CommonJS', async () => require(path.resolve('node_modules/postgres/cjs/src/queue.js')) as QueueOf],
		['ESM', async () => ((await import(pathToFileURL(path.resolve('node_modules/postgres/src/queue.js')).href)) as { default: QueueOf }).default],
	]

	test.each(builds)('premier entré, premier sorti ; retirer un élément où qu’il soit ; vide, rien ne sort (%s)', async (_build, load) => {
		const Queue = await load()
		const queue = Queue(['a', 'b'])
		queue.push('c')
		expect(queue.shift()).toBe('a')
		expect(queue.remove('a')).toBeNull()
		expect(queue.remove('c')).toBe('c')
		expect(queue.length).toBe(1)
		expect(queue.shift()).toBe('b')
		expect(queue.length).toBe(0)
		expect(queue.shift()).toBeUndefined()
		expect(queue.length).toBe(0)
		// Through many compactions, the order and the count hold.
		const seen: number[] = []
		const numbers = Queue<number>()
		for (let i = 0; i < 1000; i++) {
			numbers.push(i)
			numbers.push(i + 0.5)
			seen.push(numbers.shift()!)
			if (i % 7 === 0) numbers.remove(i + 0.5)
		}
		expect(numbers.length).toBe(2000 - 1000 - Math.ceil(1000 / 7))
		expect(seen.slice(0, 4)).toEqual([0, 1, 1.5, 2])
		expect(seen.every((value, i) => i === 0 || value > seen[i - 1]!)).toBe(true)
	})

	test.each(builds)('une file jamais vide (une connexion qui enchaîne les requêtes) ne garde rien de ce qui en est sorti (%s)', async (_build, load) => {
		const Queue = await load()
		setFlagsFromString('--expose-gc')
		const gc = runInNewContext('gc') as () => void
		const queue = Queue<object>([{}])
		gc()
		const before = process.memoryUsage().heapUsed
		// The original kept one slot per element that went through (a million slots: 8 MB).
		for (let i = 0; i < 1_000_000; i++) {
			queue.push({})
			queue.shift()
		}
		gc()
		expect(queue.length).toBe(1)
		expect(process.memoryUsage().heapUsed - before).toBeLessThan(2 * 1024 * 1024)
	})
})

describe('la page reprend le texte JSON de chaque loader au lieu de resérialiser ses données', () => {
	type Handoff = { createServerHandoffString: (handoff: object) => string }
	const builds: [string, () => Promise<Handoff>][] = [
		['CommonJS', async () => require(path.resolve('node_modules/@remix-run/server-runtime/dist/serverHandoff.js')) as Handoff],
		['ESM', async () => (await import(pathToFileURL(path.resolve('node_modules/@remix-run/server-runtime/dist/esm/serverHandoff.js')).href)) as Handoff],
	]
	const escape = (text: string) => text.replace(/[&><\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
	const loaderDataOf = async (routes: Parameters<typeof router.createStaticHandler>[0], url: string) => {
		const context = await router.createStaticHandler(routes).query(new Request(url))
		if (context instanceof Response) throw new Error('réponse inattendue')
		return context.loaderData
	}

	test.each(builds)('le même texte qu’avant, données lues ou non d’un texte JSON (%s)', async (_build, load) => {
		const { createServerHandoffString } = await load()
		const loaderData = await loaderDataOf(
			[
				{
					id: 'root',
					path: '/',
					loader: () => router.json({ user: { name: 'Zoé <b>&</b>\u2028', id: 7 }, when: new Date('2026-12-02T10:00:00Z'), none: undefined, $: '$& $1' }),
					children: [{ id: 'routes/dossier', path: 'dossier', loader: () => router.json([1, 'deux', null, { 3: 'trois', a: -0 }]) }],
				},
			],
			'http://localhost/dossier',
		)
		// The router keeps the text on the data (hidden: no key, nothing in a copy).
		expect((loaderData.root as Record<symbol, unknown>)[Symbol.for('ensemble.jsonText')]).toBe(JSON.stringify(loaderData.root))
		expect(Object.keys(loaderData.root as object)).toEqual(['user', 'when', '$'])
		const handoff = { future: { v3_fetcherPersist: true }, isSpaMode: false, state: { loaderData, actionData: null, errors: null }, basename: '/' }
		expect(createServerHandoffString(handoff)).toBe(escape(JSON.stringify(handoff)))
		// Data not read from a text (a route without one, a plain object): serialized as before.
		const plain = { ...handoff, state: { ...handoff.state, loaderData: { ...loaderData, other: { x: 1 } } } }
		expect(createServerHandoffString(plain)).toBe(escape(JSON.stringify(plain)))
		const noLoaders = { future: {}, state: { loaderData: {}, actionData: null, errors: null } }
		expect(createServerHandoffString(noLoaders)).toBe(escape(JSON.stringify(noLoaders)))
	})
})
