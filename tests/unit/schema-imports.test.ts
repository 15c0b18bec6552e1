/**
 * The database schema depends on nothing in app/: the domain reads from the schema, never
 * the other way round (drizzle-kit loads db/schema alone, and a cycle through app/ would
 * drag the domain into every migration).
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')

test('aucun fichier de db/schema n’importe depuis app/', () => {
	const dir = path.join(root, 'db/schema')
	const offenders = readdirSync(dir)
		.filter((name) => name.endsWith('.ts'))
		.flatMap((name) =>
			readFileSync(path.join(dir, name), 'utf8')
				.split('\n')
				.filter((line) => /\bfrom\s+['"](#app\/|(\.\.\/)+app\/)/.test(line) || /import\(['"](#app\/|(\.\.\/)+app\/)/.test(line))
				.map((line) => `db/schema/${name}: ${line.trim()}`),
		)
	expect(offenders).toEqual([])
})
