/**
 * patches/ (applied by patch-package after npm ci) make the server build the route tree, its
 * data routes and the ranked route branches once instead of on every request: with ~50
 * routes that was a third of the CPU of a simple page. These tests fail when the patches are
 * missing, and check that matching stays right when the caches serve it.
 */
import { createRequire } from 'node:module'
import { describe, expect, test } from 'vitest'

const require = createRequire(import.meta.url)
// The CommonJS builds are what the server loads (the browser bundle is not patched).
const router = require('@remix-run/router') as typeof import('@remix-run/router')
const remixRoutes = require('@remix-run/react/dist/routes.js') as {
	createServerRoutes: (manifest: object, modules: object, future: object, isSpaMode: boolean) => unknown[]
}
const domServer = require('react-router-dom/server.js') as typeof import('react-router-dom/server')

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
})
