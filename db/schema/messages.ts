import { index, jsonb, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { applications } from './applications'
import { users } from './auth'
import { createdAt, id } from './helpers'

export const messageSideEnum = pgEnum('message_side', ['funder', 'consortium'])

/** The thread of one dossier between the funder's staff and the consortium. */
export const applicationMessages = pgTable(
	'application_messages',
	{
		id: id(),
		applicationId: text('application_id')
			.notNull()
			.references(() => applications.id, { onDelete: 'cascade' }),
		authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
		side: messageSideEnum('side').notNull(),
		body: text('body').notNull(),
		/** Set when the message opened a request for a missing piece or answer. */
		requestId: text('request_id'),
		createdAt: createdAt(),
	},
	(t) => [index('application_messages_application_idx').on(t.applicationId, t.createdAt)],
)

export const requestStatusEnum = pgEnum('request_status', ['open', 'answered', 'closed'])

/**
 * A request for a missing piece or answer ("demande de complément"): it reopens only the
 * listed items of a submitted dossier until `dueAt`, then they close again.
 */
export const applicationRequests = pgTable(
	'application_requests',
	{
		id: id(),
		applicationId: text('application_id')
			.notNull()
			.references(() => applications.id, { onDelete: 'cascade' }),
		requestedById: text('requested_by_id').references(() => users.id, { onDelete: 'set null' }),
		message: text('message').notNull(),
		/** What is reopened: 'project', 'cooperation', 'budget', 'answers', 'attachment:<kind>'. */
		items: jsonb('items').$type<string[]>().notNull().default([]),
		dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
		status: requestStatusEnum('status').notNull().default('open'),
		answeredAt: timestamp('answered_at', { withTimezone: true }),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		createdAt: createdAt(),
	},
	(t) => [index('application_requests_application_idx').on(t.applicationId)],
)
