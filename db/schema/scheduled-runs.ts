import { index, jsonb, pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'

export const scheduledRunOutcomeEnum = pgEnum('scheduled_run_outcome', ['running', 'done', 'failed'])

/**
 * One row per scheduled job and due time (app/services/scheduler.server.ts): with several app
 * servers ticking, the one whose insert of (job, due_at) succeeds runs that job for that due
 * time, the others skip it. The row then tells who ran it, when, and how it ended. A row left
 * `running` is a run whose server died: the next due time runs the job again (every job
 * catches up from the state of the data, not from the last run).
 */
export const scheduledRuns = pgTable(
	'scheduled_runs',
	{
		job: text('job').notNull(),
		dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
		/** The app server that claimed the run (INSTANCE_ID, or host name and process id). */
		instanceId: text('instance_id').notNull(),
		startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
		finishedAt: timestamp('finished_at', { withTimezone: true }),
		outcome: scheduledRunOutcomeEnum('outcome').notNull().default('running'),
		/** What the job did (e.g. { count: 2 } calls closed), for the platform admin. */
		summary: jsonb('summary').$type<Record<string, unknown>>(),
		error: text('error'),
	},
	(t) => [primaryKey({ columns: [t.job, t.dueAt] }), index('scheduled_runs_due_idx').on(t.dueAt)],
)
