// The PGlite thread's entry, in JavaScript so that Node starts it from any process (the server,
// a vitest worker, a script). It loads the thread's TypeScript through tsx's CommonJS hook,
// which runs in the thread itself: tsx's ES module hooks would start one more thread (and
// V8 instance) of their own, about 30 MB of resident memory.
import { createRequire } from 'node:module'
import { register } from 'tsx/cjs/api'

register()
createRequire(import.meta.url)('./pglite-thread-worker.ts')
