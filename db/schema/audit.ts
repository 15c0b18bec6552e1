import { index, jsonb, pgTable, text } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { createdAt, id } from './helpers'

/** Append-only history: who did what to which record, written in the same transaction. */
export const auditEvents = pgTable(
	'audit_events',
	{
		id: id(),
		actorUserId: text('actor_user_id').references(() => users.id, { onDelete: 'set null' }),
		action: text('action').notNull(),
		subjectType: text('subject_type').notNull(),
		subjectId: text('subject_id').notNull(),
		data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
		createdAt: createdAt(),
	},
	(t) => [
		index('audit_events_subject_idx').on(t.subjectType, t.subjectId),
		// The platform admin's journal (/admin/journal): newest first, then by person or action;
		// the actor index also serves the ON DELETE SET NULL of a deleted account.
		index('audit_events_created_idx').on(t.createdAt, t.id),
		index('audit_events_actor_idx').on(t.actorUserId, t.createdAt),
		index('audit_events_action_idx').on(t.action, t.createdAt),
	],
)
