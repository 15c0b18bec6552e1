/**
 * Imported first by server/index.ts, before any module reads the environment: the server
 * runs in production unless told otherwise (`npm run dev` says development), and the
 * secrets production needs are generated under ./data/ when not given.
 */
import { parseEnv } from '#app/env.server.ts'
import { loadOrCreateSecrets } from './secrets.ts'

process.env.NODE_ENV ||= 'production'

const env = parseEnv()
if (!env.SESSION_SECRET && env.NODE_ENV === 'production') {
	process.env.SESSION_SECRET = loadOrCreateSecrets(env.SECRETS_FILE).SESSION_SECRET
}
