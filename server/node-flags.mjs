/**
 * The V8 flags the server starts with (decisions 036 and 040). Plain JavaScript, with no
 * dependency, so that package.json's scripts can print them before the server starts:
 * `node $(node server/node-flags.mjs) build/server/index.js`. The bench, the browser
 * tests and the several-servers tests take them from server/node-args.ts, for the environment
 * they start the server with.
 */
import process from 'node:process'
import { pathToFileURL } from 'node:url'

/**
 * The old generation is capped at 256 MiB (decision 036). The young generation's halves are
 * 8 MiB on the embedded database, whose server holds PGlite's memory too (the crowd's RSS sits
 * at the 400 MB of issue 7), and 16 MiB on PostgreSQL, where the server holds only itself:
 * with fifty requests in flight, what they keep alive while they wait is copied by every
 * scavenge, and halves twice as large scavenge half as often (decision 040).
 *
 * On PostgreSQL the old generation also grows to twice what survived the last full collection
 * before the next one (V8 chose about 1.35 under load: a full collection every 0.3 s, each
 * marking the whole 57 MB heap); on PGlite the crowd's RSS has no room for it (decision 043).
 *
 * @param {Readonly<Record<string, string | undefined>>} env the server's environment
 */
export function serverV8Flags(env = process.env) {
	const embeddedDatabase = !env.DATABASE_URL
	return ['--max-old-space-size=256', ...(embeddedDatabase ? ['--max-semi-space-size=8'] : ['--max-semi-space-size=16', '--heap-growing-percent=100'])]
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.stdout.write(`${serverV8Flags().join(' ')}\n`)
