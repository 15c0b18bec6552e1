// The entry of build/server/index.js (scripts/build-server.mjs, decision 042): server/index.ts's
// order, with the Remix build bundled in. The environment first; the rest through dynamic
// imports, each a chunk of its own, so that React and the rest load after NODE_ENV is set.
import './environment.ts'

const { startServer } = await import('./start.ts')
await startServer(await import('../build/index.js'))
