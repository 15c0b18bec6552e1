/** The scripts that start the server use the arguments the tests and the bench start it with (server/node-args.ts). */
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { SERVER_NODE_ARGS } from '../../server/node-args.ts'

const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts

test.each(['start', 'serve', 'dev'])('le script « %s » lance le serveur avec SERVER_NODE_ARGS', (name) => {
	expect(scripts[name]).toContain(`node ${SERVER_NODE_ARGS.join(' ')}`)
})
