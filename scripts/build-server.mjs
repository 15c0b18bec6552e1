/**
 * Bundles the server for `npm start` and `npm run serve` (decision 042): server/start.ts, the
 * Remix build and the app's TypeScript they import, into build/server/ as JavaScript, and
 * PGlite's thread beside it, so that production runs without tsx. tsx's ES module hooks run in
 * a thread and V8 instance of their own (about 30 MB of resident memory), and compile every
 * module at start.
 *
 * The packages stay in node_modules (one copy of React for the build and the server). The entry
 * (server/bundle-entry.mjs) loads server/environment.ts first and the rest through dynamic
 * imports, each bundled in a chunk of its own (`splitting`): a chunk's packages are loaded when
 * it is, so React and the rest start after NODE_ENV is set, as with server/index.ts.
 */
import { readFileSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { build } from 'esbuild'

const pkg = JSON.parse(readFileSync('package.json', 'utf8'))
const packages = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.devDependencies ?? {})]
const outdir = 'build/server'

await rm(outdir, { recursive: true, force: true })
await build({
	// PGlite's thread is found beside the chunk that starts it (db/pglite-in-thread.ts).
	entryPoints: { index: 'server/bundle-entry.mjs', 'pglite-thread': 'db/pglite-thread-worker.ts' },
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	outdir,
	// Each package and its subpaths (react-dom/server…) is loaded from node_modules.
	external: packages.flatMap((name) => [name, `${name}/*`]),
	logLevel: 'warning',
})
