import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { createdAt, id } from './helpers'

/** One draft the retention job warned about or deleted, as the admin page lists it (no person named). */
export type RetentionItem = { applicationId: string; title: string; callTitle: string; organizationName: string }

/**
 * What each run of the retention job did (issue 13, docs/decisions/030): the drafts never
 * submitted whose référents were warned, the ones deleted, and the accounts deleted by their
 * owners since the previous run. Read by the platform admin at /admin/conservation.
 */
export const retentionRuns = pgTable('retention_runs', {
	id: id(),
	startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
	finishedAt: timestamp('finished_at', { withTimezone: true }),
	/** The setting in force for this run (RETENTION_DRAFT_MONTHS). */
	draftMonths: integer('draft_months').notNull(),
	draftsWarned: integer('drafts_warned').notNull().default(0),
	draftsDeleted: integer('drafts_deleted').notNull().default(0),
	accountsDeleted: integer('accounts_deleted').notNull().default(0),
	/** The drafts themselves (at most RETENTION_ITEMS_KEPT of each; the counts are exact). */
	warned: jsonb('warned').$type<RetentionItem[]>().notNull().default([]),
	deleted: jsonb('deleted').$type<RetentionItem[]>().notNull().default([]),
	error: text('error'),
	createdAt: createdAt(),
})
