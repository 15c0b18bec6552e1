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
 * 16 MiB: with fifty requests in flight, what they keep alive while they wait is copied by every
 * scavenge, and halves twice as large scavenge half as often (decision 040). On the embedded
 * database they were 8 MiB until the crowd's RSS had room for more (PGlite's memory is in the
 * server's process too): 347 → 368 MB at 16 MiB, under the 400 MB of issue 7, and the juror's
 * scoring page served twice as much (decision 040, addendum).
 *
 * On PostgreSQL the old generation also grows to twice what survived the last full collection
 * before the next one (V8 chose about 1.35 under load: a full collection every 0.3 s, each
 * marking the whole 57 MB heap); on PGlite the crowd's RSS has no room for it (decision 043).
 *
 * @param {Readonly<Record<string, string | undefined>>} env the server's environment
 */
export function serverV8Flags(env = process.env) {
	const embeddedDatabase = !env.DATABASE_URL
	return ['--max-old-space-size=256', '--max-semi-space-size=16', ...(embeddedDatabase ? [] : ['--heap-growing-percent=100'])]
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.stdout.write(`${serverV8Flags().join(' ')}\n`)
