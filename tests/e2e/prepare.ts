/**
 * Run by startPortal({ prepare }) on the portal's data folder before the portal starts:
 * migrations, the demo, then the state a browser test starts from. Prints its handles.
 *   node --import tsx tests/e2e/prepare.ts <state>
 * Without a state: migrations and the demo only (tests/setup/e2e-templates.ts builds its
 * templates so, as the server does at its first start).
 */
import '../../server/environment.ts'
import { closeConnection } from '#db/client.server.ts'
import { runMigrations } from '#db/migrate.ts'
import { seedDemoIfNeeded } from '#db/seed.ts'
import { STORY_STATES, type StoryState } from './story-states.ts'

const state = process.argv[2] as StoryState | undefined
if (state !== undefined && !(state in STORY_STATES)) throw new Error(`unknown state ${state}`)
await runMigrations()
await seedDemoIfNeeded()
const handles = state ? await STORY_STATES[state]() : undefined
await closeConnection()
if (handles) console.log(`HANDLES ${JSON.stringify(handles)}`)
