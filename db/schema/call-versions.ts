import { bigint, pgTable, primaryKey, smallint, text } from 'drizzle-orm/pg-core'

/**
 * How many times the data of a call has changed: the call itself, its themes, criteria and
 * jurors, its dossiers and what hangs from them (consortium members, evaluations and their
 * reports, jury assignments and conflicts), and the organisations taking part in it. Written
 * only by the database's triggers (migration 0020_call_versions), in the same transaction as
 * the change, so a cache of something computed from a call (its bilan, its deliberation) is
 * valid exactly while the sum of its call's versions has not moved.
 *
 * Sixteen slots per call (chosen from the transaction id) so that concurrent writers of one
 * call — a deadline rush — rarely wait on the same row; readers add the slots up.
 */
export const callVersions = pgTable(
	'call_versions',
	{
		callId: text('call_id').notNull(),
		slot: smallint('slot').notNull(),
		version: bigint('version', { mode: 'number' }).notNull().default(0),
	},
	(t) => [primaryKey({ columns: [t.callId, t.slot] })],
)
