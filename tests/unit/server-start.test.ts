/** The scripts that start the server use the environment and arguments the tests and the bench start it with (server/node-args.ts). */
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { SERVER_ENV, SERVER_NODE_ARGS } from '../../server/node-args.ts'

/** SERVER_ENV as written before `node` in a script. */
const envPrefix = Object.entries(SERVER_ENV)
	.map(([name, value]) => `${name}=${value}`)
	.join(' ')
const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts

test.each(['start', 'serve', 'dev'])('le script « %s » lance le serveur avec SERVER_ENV et SERVER_NODE_ARGS', (name) => {
	expect(scripts[name]).toContain(`${envPrefix} node ${SERVER_NODE_ARGS.join(' ')}`)
})
