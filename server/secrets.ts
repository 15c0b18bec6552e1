/**
 * Secrets the server needs in production and may make up itself: generated once, kept in
 * SECRETS_FILE (./data/secrets.json, mode 0600) and reused at every start, so a restart
 * does not invalidate signed cookies. A value given in the environment always wins.
 */
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export type GeneratedSecrets = { SESSION_SECRET: string }

export function loadOrCreateSecrets(file: string): GeneratedSecrets {
	const fullPath = path.resolve(file)
	try {
		const stored = JSON.parse(readFileSync(fullPath, 'utf8')) as Partial<GeneratedSecrets>
		if (typeof stored.SESSION_SECRET === 'string' && stored.SESSION_SECRET.length >= 16) {
			chmodSync(fullPath, 0o600) // someone may have loosened it
			return { SESSION_SECRET: stored.SESSION_SECRET }
		}
		throw new Error(`${fullPath} ne contient pas de SESSION_SECRET valable : corrigez-le ou supprimez-le.`)
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
	}
	mkdirSync(path.dirname(fullPath), { recursive: true, mode: 0o700 })
	const secrets: GeneratedSecrets = { SESSION_SECRET: randomBytes(32).toString('base64url') }
	// 'wx': never overwrite a file another process wrote meanwhile.
	writeFileSync(fullPath, `${JSON.stringify(secrets, null, '\t')}\n`, { mode: 0o600, flag: 'wx' })
	console.log(`Secret de session généré dans ${fullPath} (gardez ce fichier : il signe les cookies).`)
	return secrets
}
