/**
 * All configuration goes through the Zod env schema (app/env.server.ts): a variable read
 * anywhere else escapes its validation, its default and the README's table. The only other
 * reader is the bootstrap that must run before the schema is parsed (server/environment.ts).
 * Tests read their own environment and are not looked at.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { parseEnv } from '#app/env.server.ts'

const root = path.resolve(import.meta.dirname, '../..')

/** Where `process.env` may appear, and why. */
const ALLOWED = new Map([
	['app/env.server.ts', 'the env schema itself'],
	['server/environment.ts', 'production by default and the generated secrets, written before the schema is first parsed'],
	['server/node-flags.mjs', 'Node\'s flags, printed by the npm scripts before the server starts: whether DATABASE_URL is set, nothing else'],
])

function sourceFiles(dir: string): string[] {
	return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
		const relative = `${dir}/${entry.name}`
		if (entry.isDirectory()) return sourceFiles(relative)
		if (!/\.(ts|tsx|js|mjs|cjs)$/.test(entry.name) || /\.test\.(ts|tsx)$/.test(entry.name)) return []
		return [relative]
	})
}

test('seul app/env.server.ts lit process.env dans app/, db/ et server/ (hors amorçage documenté)', () => {
	const files = ['app', 'db', 'server'].flatMap(sourceFiles)
	expect(files).toContain('db/client.server.ts')
	const offenders = files
		.filter((file) => !ALLOWED.has(file))
		.flatMap((file) =>
			readFileSync(path.join(root, file), 'utf8')
				.split('\n')
				.map((line, index) => ({ line, index }))
				.filter(({ line }) => /\bprocess\s*(\.\s*env\b|\[\s*['"`]env['"`]\s*\])|\benv\s*\}\s*=\s*process\b/.test(line))
				.map(({ line, index }) => `${file}:${index + 1}: ${line.trim()}`),
		)
	expect(offenders).toEqual([])
})

describe('le schéma de configuration', () => {
	test('la taille du pool, le dossier PGlite et celui des pièces jointes ont leurs valeurs par défaut', () => {
		const env = parseEnv({ NODE_ENV: 'test' })
		expect(env).toMatchObject({ DATABASE_POOL_SIZE: 10, PGLITE_DIR: 'data/pglite', UPLOAD_DIR: 'data/uploads' })
		expect(env.DATABASE_URL).toBeUndefined()
		expect(env.TRUST_PROXY).toBeUndefined()
		// An empty variable (DATABASE_POOL_SIZE= in a shell) means unset.
		expect(parseEnv({ NODE_ENV: 'test', DATABASE_POOL_SIZE: '', PGLITE_DIR: '' })).toMatchObject({ DATABASE_POOL_SIZE: 10, PGLITE_DIR: 'data/pglite' })
		expect(parseEnv({ NODE_ENV: 'test', DATABASE_POOL_SIZE: '5', PGLITE_DIR: 'memory://' })).toMatchObject({ DATABASE_POOL_SIZE: 5, PGLITE_DIR: 'memory://' })
	})

	test('une taille de pool qui n’est pas un nombre entier positif est refusée au démarrage', () => {
		for (const value of ['dix', '0', '-3', '2.5']) {
			expect(() => parseEnv({ NODE_ENV: 'test', DATABASE_POOL_SIZE: value }), value).toThrow(/Configuration invalide : DATABASE_POOL_SIZE/)
		}
	})

	test('le stockage objet : S3_BUCKET le choisit, région et style d’adresse par défaut, les deux clés ensemble ou aucune', () => {
		const env = parseEnv({ NODE_ENV: 'test' })
		expect(env).toMatchObject({ S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: false, STORAGE_GRACE_DAYS: 7 })
		expect(env.S3_BUCKET).toBeUndefined()
		const s3 = parseEnv({
			NODE_ENV: 'test',
			S3_BUCKET: 'ensemble-pieces',
			S3_REGION: 'fr-par',
			S3_ENDPOINT: 'https://s3.fr-par.scw.cloud',
			S3_ACCESS_KEY_ID: 'id',
			S3_SECRET_ACCESS_KEY: 'secret',
			S3_FORCE_PATH_STYLE: 'true',
			STORAGE_GRACE_DAYS: '30',
		})
		expect(s3).toMatchObject({ S3_BUCKET: 'ensemble-pieces', S3_REGION: 'fr-par', S3_ENDPOINT: 'https://s3.fr-par.scw.cloud', S3_FORCE_PATH_STYLE: true, STORAGE_GRACE_DAYS: 30 })
		// Empty means unset, as for every variable; 1 and 0 are read as true and false.
		expect(parseEnv({ NODE_ENV: 'test', S3_BUCKET: '', S3_ENDPOINT: '', S3_FORCE_PATH_STYLE: '' })).toMatchObject({ S3_BUCKET: undefined, S3_ENDPOINT: undefined, S3_FORCE_PATH_STYLE: false })
		expect(parseEnv({ NODE_ENV: 'test', S3_FORCE_PATH_STYLE: '1' }).S3_FORCE_PATH_STYLE).toBe(true)
		expect(() => parseEnv({ NODE_ENV: 'test', S3_FORCE_PATH_STYLE: 'oui' })).toThrow(/Configuration invalide : S3_FORCE_PATH_STYLE/)
		expect(() => parseEnv({ NODE_ENV: 'test', S3_ENDPOINT: 'minio:9000' })).toThrow(/Configuration invalide : S3_ENDPOINT/)
		expect(() => parseEnv({ NODE_ENV: 'test', S3_ACCESS_KEY_ID: 'id' })).toThrow(/S3_SECRET_ACCESS_KEY: S3_ACCESS_KEY_ID et S3_SECRET_ACCESS_KEY vont ensemble/)
		for (const value of ['0', 'sept', '1.5']) expect(() => parseEnv({ NODE_ENV: 'test', STORAGE_GRACE_DAYS: value }), value).toThrow(/Configuration invalide : STORAGE_GRACE_DAYS/)
	})
})
