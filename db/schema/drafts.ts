import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { createdAt } from './helpers'

/**
 * What someone typed and posted after their session had expired, kept (for a day) until
 * they log in again and get it back in the form. Only the token's hash is stored.
 */
export const formDrafts = pgTable(
	'form_drafts',
	{
		tokenHash: text('token_hash').primaryKey(),
		path: text('path').notNull(),
		fields: jsonb('fields').$type<[string, string][]>().notNull(),
		/** Set by the first signed-in user who opens it; nobody else gets it afterwards. */
		userId: text('user_id').references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		createdAt: createdAt(),
	},
	(t) => [index('form_drafts_expires_idx').on(t.expiresAt)],
)
