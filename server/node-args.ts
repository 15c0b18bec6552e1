/**
 * How the server process is started: package.json's `start` and `serve` scripts run
 * `MALLOC_MMAP_THRESHOLD_=… node $(node server/node-flags.mjs) build/server/index.js` (the
 * server bundled by `npm run build`, decision 042), and the bench, the browser tests and the
 * several-servers tests spawn it with the same environment and arguments
 * (tests/unit/server-start.test.ts keeps the scripts in step). `npm run dev` runs the same
 * flags on the sources, through tsx (server/index.ts). Decisions 036 and 040.
 */
import { serverV8Flags } from './node-flags.mjs'

/**
 * glibc's allocator raises its mmap threshold to the size of each large block freed (up to
 * 32 MiB); after that, such blocks are carved from its arenas and stay resident once freed.
 * A fixed threshold (128 KiB, glibc's own starting value) keeps every large block (argon2's
 * 19 MiB, large buffers) mapped on its own and given back to the system when freed: bench
 * `crowd` on PGlite 397–405 → 372–380 MB, at the same throughput. Other allocators ignore
 * the variable.
 */
export const SERVER_ENV = { MALLOC_MMAP_THRESHOLD_: '131072' } as const

/** Written by `npm run build` (scripts/build-server.mjs): JavaScript, no tsx at run time. */
export const SERVER_ENTRY = 'build/server/index.js'

/** Node's flags for a server started with `env` (its database decides the young generation's size: server/node-flags.mjs). */
export function serverNodeFlags(env: Readonly<Record<string, string | undefined>>): string[] {
	return serverV8Flags(env)
}

/** The whole argument list of a server started with `env`. */
export function serverNodeArgs(env: Readonly<Record<string, string | undefined>>): string[] {
	return [...serverNodeFlags(env), SERVER_ENTRY]
}
