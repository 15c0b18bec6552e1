/** Serves the bare Remix build (BARE_REMIX_BUILD_DIR) on PORT: express and Remix's request handler, nothing else. */
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import express from 'express'

const dir = process.env.BARE_REMIX_BUILD_DIR
if (!dir) throw new Error('BARE_REMIX_BUILD_DIR manquant')
const build = (await import(pathToFileURL(path.join(dir, 'index.js')).href)) as ServerBuild
const app = express()
app.disable('x-powered-by')
app.use('/build', express.static(path.join(dir, 'public', 'build'), { immutable: true, maxAge: '1y' }))
app.all('*', createRequestHandler({ build, mode: 'production' }))
const server = app.listen(Number(process.env.PORT), '127.0.0.1')
process.on('SIGTERM', () => server.close(() => process.exit(0)))
