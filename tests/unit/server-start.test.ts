/** The scripts that start the server use the environment and arguments the tests and the bench start it with (server/node-args.ts). */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { SERVER_ENTRY, SERVER_ENV, serverNodeArgs } from '../../server/node-args.ts'

/** SERVER_ENV as written before `node` in a script. */
const envPrefix = Object.entries(SERVER_ENV)
	.map(([name, value]) => `${name}=${value}`)
	.join(' ')
const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts
const printedFlags = '$(node server/node-flags.mjs)'

test.each(['start', 'serve'])('le script « %s » lance le serveur construit avec SERVER_ENV et les options de server/node-flags.mjs', (name) => {
	expect(scripts[name]).toContain(`${envPrefix} node ${printedFlags} ${SERVER_ENTRY}`)
})

test('« npm start » construit le serveur avant de le lancer ; « npm run dev » lance les sources avec les mêmes options', () => {
	expect(scripts.start).toMatch(/^npm run build && /)
	expect(scripts.build).toContain('node scripts/build-server.mjs')
	expect(scripts.dev).toContain(`${envPrefix} node ${printedFlags} --import tsx server/index.ts`)
})

/** What `node $(node server/node-flags.mjs)` starts with, through the shell as npm runs a script. */
function flagsThroughTheShell(env: NodeJS.ProcessEnv): string[] {
	const out = execFileSync('sh', ['-c', `node ${printedFlags} -e 'console.log(JSON.stringify(process.execArgv))'`], { env, encoding: 'utf8' })
	// Node's own options, without the `-e` and its code.
	return (JSON.parse(out) as string[]).slice(0, -2)
}

test('le script et les tests donnent au serveur les mêmes options, selon la base', () => {
	const embedded = { ...process.env, DATABASE_URL: '' }
	const postgres = { ...process.env, DATABASE_URL: 'postgres://ensemble@localhost/ensemble' }
	for (const env of [embedded, postgres]) expect(serverNodeArgs(env)).toEqual([...flagsThroughTheShell(env), SERVER_ENTRY])
	// The young generation's halves: 16 MiB on both databases (decision 040 and its addendum).
	expect(serverNodeArgs(embedded)).toContain('--max-semi-space-size=16')
	expect(serverNodeArgs(postgres)).toContain('--max-semi-space-size=16')
	// The old generation grows to twice its live size between full collections on PostgreSQL only (decision 043).
	expect(serverNodeArgs(postgres)).toContain('--heap-growing-percent=100')
	expect(serverNodeArgs(embedded).some((flag) => flag.startsWith('--heap-growing-percent'))).toBe(false)
	for (const env of [embedded, postgres]) expect(serverNodeArgs(env)).toContain('--max-old-space-size=256')
})
