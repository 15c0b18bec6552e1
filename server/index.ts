/**
 * The server on its TypeScript sources, through tsx (`npm run dev`). Production runs the same
 * code bundled: build/server/index.js, written by scripts/build-server.mjs (decision 042).
 */
// First: production by default and the generated secrets, before any module reads the environment
// (the imports below are dynamic so that React and the rest load after it).
import './environment.ts'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { ServerBuild } from '@remix-run/node'

const { startServer } = await import('./start.ts')
await startServer((await import(pathToFileURL(path.resolve('build/index.js')).href)) as ServerBuild)
