import { bigint, pgTable, text } from 'drizzle-orm/pg-core'
import { applications } from './applications'

/**
 * Which transaction last changed what a dossier shows (its read model,
 * app/domain/applications/read-model.server.ts): the application, its consortium, files,
 * requests for a missing piece, the supporter's opinion, its history, the published columns,
 * themes and questions of its call, and the names of the organisations and people shown.
 * Written only by the database's triggers (migration 0023_dossier_versions), in the changing
 * transaction, so a dossier kept in memory is valid exactly while its version has not moved.
 *
 * The version is the writing transaction's id (`txid_current()`), not a counter: two committed
 * states of a dossier never share it, even when a dossier is deleted and one with the same id
 * written again, or every table emptied and written anew (the tests).
 */
export const dossierVersions = pgTable('dossier_versions', {
	applicationId: text('application_id')
		.primaryKey()
		.references(() => applications.id, { onDelete: 'cascade' }),
	version: bigint('version', { mode: 'number' }).notNull(),
})
