import { text, timestamp } from 'drizzle-orm/pg-core'

/** Text primary keys: lucia needs string ids, and random UUIDs never leak counts. */
export const id = () =>
	text('id')
		.primaryKey()
		.$defaultFn(() => crypto.randomUUID())

export const createdAt = () =>
	timestamp('created_at', { withTimezone: true }).notNull().defaultNow()

export const updatedAt = () =>
	timestamp('updated_at', { withTimezone: true })
		.notNull()
		.defaultNow()
		.$onUpdate(() => new Date())
