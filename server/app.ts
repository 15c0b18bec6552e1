import path from 'node:path'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import express from 'express'
import { isSameOriginRequest } from '#app/utils/origin.server.ts'

export type LoadContext = { clientIp: string }

declare module '@remix-run/node' {
	interface AppLoadContext extends LoadContext {}
}

/** The HTTP application: static files, the Origin check, then Remix. */
export function createApp({ build, allowedOrigins = [] }: { build: ServerBuild; allowedOrigins?: string[] }) {
	const app = express()
	app.disable('x-powered-by')
	if (process.env.TRUST_PROXY) app.set('trust proxy', process.env.TRUST_PROXY)

	app.use('/build', express.static(path.resolve('public/build'), { immutable: true, maxAge: '1y' }))
	app.use(express.static(path.resolve('public'), { maxAge: '1h' }))

	app.use((req, res, next) => {
		const sameOrigin = isSameOriginRequest({
			method: req.method,
			origin: req.get('origin'),
			referer: req.get('referer'),
			host: req.get('host'),
			allowedOrigins,
		})
		if (sameOrigin) return next()
		res
			.status(403)
			.type('text/plain; charset=utf-8')
			.send('Requête refusée : elle ne provient pas du site Ensemble (contrôle de l’origine).')
	})

	app.all(
		'*',
		createRequestHandler({
			build,
			mode: process.env.NODE_ENV,
			getLoadContext: (req): LoadContext => ({ clientIp: req.ip ?? req.socket.remoteAddress ?? 'unknown' }),
		}),
	)
	return app
}
