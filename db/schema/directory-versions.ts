import { bigint, pgTable, smallint } from 'drizzle-orm/pg-core'

/**
 * How many times what the partner directory shows has changed: an association profile
 * (written, published, withdrawn, removed), or the name, sector, commune, département or kind
 * of an organisation. Written only by the database's triggers (migration
 * 0021_directory_versions), in the changing transaction, so a cache of the directory's
 * searches is valid exactly while the sum of the slots has not moved.
 *
 * Sixteen slots (chosen from the transaction id), as call_versions, so that associations
 * saving their profiles at the same moment rarely wait on the same row.
 */
export const directoryVersions = pgTable('directory_versions', {
	slot: smallint('slot').primaryKey(),
	version: bigint('version', { mode: 'number' }).notNull().default(0),
})
