import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/**
 * Stored files that a change left without a row pointing to them (a deleted or replaced
 * attachment…): the sweep (app/domain/files/storage-orphans.server.ts) removes each from the
 * storage once the grace period has passed, if still no row references its key then.
 */
export const storageOrphans = pgTable(
	'storage_orphans',
	{
		key: text('key').primaryKey(),
		/** When it was last found unreferenced: the grace period counts from here. */
		unreferencedAt: timestamp('unreferenced_at', { withTimezone: true }).notNull().defaultNow(),
	},
	(t) => [index('storage_orphans_due_idx').on(t.unreferencedAt)],
)
