/** The scripts that start the server use the environment and arguments the tests and the bench start it with (server/node-args.ts). */
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { SERVER_ENV_PREFIX, SERVER_NODE_ARGS } from '../../server/node-args.ts'

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts

test.each(['start', 'serve', 'dev'])('le script « %s » lance le serveur avec SERVER_ENV et SERVER_NODE_ARGS', (name) => {
	expect(scripts[name]).toContain(`${SERVER_ENV_PREFIX} node ${SERVER_NODE_ARGS.join(' ')}`)
})
