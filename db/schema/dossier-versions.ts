import { bigint, pgTable, text } from 'drizzle-orm/pg-core'
import { applications } from './applications'
import { calls } from './calls'

/**
 * Which transaction last changed what a dossier shows of itself (its read model,
 * app/domain/applications/read-model.server.ts): the application, its consortium, files,
 * requests for a missing piece, the supporter's opinion, its history, and the names of the
 * organisations and people shown there. What it shows of its call has its own version
 * (callDefinitionVersions). Written only by the database's triggers (migration
 * 0023_dossier_versions), in the changing transaction, so a dossier kept in memory is valid
 * exactly while both versions have not moved (decision 044).
 *
 * A version is the writing transaction's id (`txid_current()`), not a counter: two committed
 * states never share it, even when a row is deleted and another written with the same id, or
 * every table emptied and written anew (the tests).
 */
export const dossierVersions = pgTable('dossier_versions', {
	applicationId: text('application_id')
		.primaryKey()
		.references(() => applications.id, { onDelete: 'cascade' }),
	version: bigint('version', { mode: 'number' }).notNull(),
})

/**
 * Which transaction last changed a call as associations read it (publishedCallColumns, its
 * questions and required attachments): the call's shown columns, its themes, its questions,
 * its funder's name. Not its jury's or deliberation's settings, nor its dossiers: the call's
 * page and every dossier of the call are kept under it (decision 044).
 */
export const callDefinitionVersions = pgTable('call_definition_versions', {
	callId: text('call_id')
		.primaryKey()
		.references(() => calls.id, { onDelete: 'cascade' }),
	version: bigint('version', { mode: 'number' }).notNull(),
})
