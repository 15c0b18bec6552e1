import { index, integer, jsonb, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { createdAt, id } from './helpers'

/** A file sent with an email, read from storage when the message is delivered. */
export type OutboxAttachment = { filename: string; contentType: string; storageKey: string }

export const outboxStatusEnum = pgEnum('outbox_status', ['pending', 'sent'])

/**
 * Emails queued in the business transaction that caused them, rendered at that moment,
 * delivered later by the outbox worker. A failed delivery stays pending with a later
 * nextAttemptAt: nothing is ever dropped.
 */
export const outboxMessages = pgTable(
	'outbox_messages',
	{
		id: id(),
		template: text('template').notNull(),
		toAddress: text('to_address').notNull(),
		subject: text('subject').notNull(),
		html: text('html').notNull(),
		text: text('text').notNull(),
		attachments: jsonb('attachments').$type<OutboxAttachment[]>().notNull().default([]),
		status: outboxStatusEnum('status').notNull().default('pending'),
		attempts: integer('attempts').notNull().default(0),
		nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
		lockedUntil: timestamp('locked_until', { withTimezone: true }),
		lastError: text('last_error'),
		sentAt: timestamp('sent_at', { withTimezone: true }),
		createdAt: createdAt(),
	},
	// attachments: the sweep of unreferenced files asks whether a message still carries a key (jsonb @>).
	(t) => [index('outbox_due_idx').on(t.status, t.nextAttemptAt), index('outbox_attachments_idx').using('gin', t.attachments.op('jsonb_path_ops'))],
)
