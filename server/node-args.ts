/**
 * How the server process is started: package.json's `start`, `serve` and `dev` scripts run
 * `MALLOC_MMAP_THRESHOLD_=… node <SERVER_NODE_ARGS>`, and the bench, the browser tests and the
 * several-servers tests spawn it with the same environment and arguments
 * (tests/unit/server-start.test.ts keeps the scripts in step). Decision 036.
 */

/**
 * glibc's allocator raises its mmap threshold to the size of each large block freed (up to
 * 32 MiB); after that, such blocks are carved from its arenas and stay resident once freed.
 * A fixed threshold (128 KiB, glibc's own starting value) keeps every large block (argon2's
 * 19 MiB, large buffers) mapped on its own and given back to the system when freed: bench
 * `crowd` on PGlite 397–405 → 372–380 MB, at the same throughput. Other allocators ignore
 * the variable.
 */
export const SERVER_ENV = { MALLOC_MMAP_THRESHOLD_: '131072' } as const

/**
 * The heap's old generation is capped at 256 MiB. Left to itself, V8 let it grow under load
 * to an RSS of ~580 MB with 100 users browsing, though what outlives a request (the caches,
 * each bounded) is a few tens of MB; capped, it collects sooner, at no cost in throughput
 * (bench `crowd` on PostgreSQL: 321 → 329 req/s, RSS 584 → 307 MB). The largest work the server does
 * (the bilan of 10,000 dossiers, a 2,000-dossier deliberation, the exports) fits well within it.
 * The young generation's halves are 8 MiB instead of 16: another 30 to 40 MB less under load,
 * at the same throughput.
 */
export const SERVER_NODE_FLAGS = ['--max-old-space-size=256', '--max-semi-space-size=8', '--import', 'tsx'] as const
export const SERVER_ENTRY = 'server/index.ts'
export const SERVER_NODE_ARGS = [...SERVER_NODE_FLAGS, SERVER_ENTRY] as const
