/** `npm run db:seed`: applies the migrations, then loads the demo data into an empty database. */
import { closeConnection } from './client.server'
import { runMigrations } from './migrate'
import { seedDemoIfNeeded } from './seed'

await runMigrations()
await seedDemoIfNeeded()
await closeConnection()
