/**
 * Imported first by server/index.ts, before any module reads the environment: the server
 * runs in production unless told otherwise (`npm run dev` says development), and the
 * secrets production needs are generated under ./data/ when not given.
 *
 * The one file besides app/env.server.ts that touches process.env (tests/unit/configuration.test.ts
 * allows it): it must write NODE_ENV and SESSION_SECRET into the environment before the
 * schema is parsed and cached by getEnv(), which would refuse production without a secret.
 */
import { parseEnv } from '#app/env.server.ts'
import { loadOrCreateSecrets } from './secrets.ts'

process.env.NODE_ENV ||= 'production'

const env = parseEnv()
if (!env.SESSION_SECRET && env.NODE_ENV === 'production') {
	process.env.SESSION_SECRET = loadOrCreateSecrets(env.SECRETS_FILE).SESSION_SECRET
}
