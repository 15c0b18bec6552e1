import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { applicationStatusEnum, applications } from './applications'
import { users } from './auth'
import { calls } from './calls'
import { createdAt, id, updatedAt } from './helpers'
import { organizations } from './organizations'

/** A decision changed after the call was decided: what it was, what it became, and why (issue 9). */
export const decisionAmendments = pgTable(
	'decision_amendments',
	{
		id: id(),
		applicationId: text('application_id')
			.notNull()
			.references(() => applications.id, { onDelete: 'cascade' }),
		fromStatus: applicationStatusEnum('from_status').notNull(),
		toStatus: applicationStatusEnum('to_status').notNull(),
		fromAmountCents: bigint('from_amount_cents', { mode: 'number' }),
		toAmountCents: bigint('to_amount_cents', { mode: 'number' }),
		reason: text('reason').notNull(),
		byId: text('by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
	},
	(t) => [index('decision_amendments_application_idx').on(t.applicationId)],
)

/**
 * The text of one email or letter of a call, edited by the funder's staff (named
 * placeholders such as {{association}}); no row: the default text of app/domain.
 */
export const messageTemplates = pgTable(
	'message_templates',
	{
		id: id(),
		callId: text('call_id')
			.notNull()
			.references(() => calls.id, { onDelete: 'cascade' }),
		/** Which message: 'selected-email', 'selected-letter', 'rejected-letter'… */
		key: text('key').notNull(),
		subject: text('subject').notNull().default(''),
		body: text('body').notNull(),
		version: integer('version').notNull().default(1),
		updatedById: text('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	(t) => [uniqueIndex('message_templates_call_key_unique').on(t.callId, t.key)],
)

export const backgroundJobStatusEnum = pgEnum('background_job_status', ['queued', 'running', 'done', 'failed'])

/**
 * Long work (bulk letters, later imports and exports) run outside the request: a worker takes
 * a job with a lease (leaseUntil), works through its items, and a job whose worker died is
 * taken again once its lease has passed. Progress is read from the job's items.
 */
export const backgroundJobs = pgTable(
	'background_jobs',
	{
		id: id(),
		kind: text('kind').notNull(),
		callId: text('call_id').references(() => calls.id, { onDelete: 'cascade' }),
		status: backgroundJobStatusEnum('status').notNull().default('queued'),
		params: jsonb('params').$type<Record<string, unknown>>().notNull().default({}),
		total: integer('total').notNull().default(0),
		leaseUntil: timestamp('lease_until', { withTimezone: true }),
		attempts: integer('attempts').notNull().default(0),
		lastError: text('last_error'),
		createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' }),
		startedAt: timestamp('started_at', { withTimezone: true }),
		finishedAt: timestamp('finished_at', { withTimezone: true }),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	(t) => [index('background_jobs_status_idx').on(t.status, t.leaseUntil), index('background_jobs_call_idx').on(t.callId)],
)

/** pending: to prepare; prepared: the PDF is stored; queued: its email is in the outbox (done); failed: see lastError, retried on demand. */
export const decisionLetterStatusEnum = pgEnum('decision_letter_status', ['pending', 'prepared', 'queued', 'failed'])

/**
 * One decision letter to one association of a consortium, for one version of the decision.
 * The unique index is what makes « never twice »: a letter row moves to 'queued' in the
 * same transaction that puts its email in the outbox.
 */
export const decisionLetters = pgTable(
	'decision_letters',
	{
		id: id(),
		jobId: text('job_id').references(() => backgroundJobs.id, { onDelete: 'set null' }),
		applicationId: text('application_id')
			.notNull()
			.references(() => applications.id, { onDelete: 'cascade' }),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		decisionVersion: integer('decision_version').notNull(),
		/** The application's status the letter tells (selected, waitlisted, rejected). */
		decision: applicationStatusEnum('decision').notNull(),
		status: decisionLetterStatusEnum('status').notNull().default('pending'),
		storageKey: text('storage_key'),
		attempts: integer('attempts').notNull().default(0),
		lastError: text('last_error'),
		queuedAt: timestamp('queued_at', { withTimezone: true }),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	(t) => [
		uniqueIndex('decision_letters_once').on(t.applicationId, t.organizationId, t.decisionVersion),
		index('decision_letters_job_idx').on(t.jobId, t.status),
		// The sweep of unreferenced files asks whether a row still holds a key.
		index('decision_letters_storage_key_idx').on(t.storageKey),
	],
)
