/** `npm run db:migrate`: applies the migrations to the configured database. */
import { closeConnection } from './client.server'
import { runMigrations } from './migrate'

await runMigrations()
console.log('Migrations appliquées.')
await closeConnection()
