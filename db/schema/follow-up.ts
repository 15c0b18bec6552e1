import { date, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core'
import { applications } from './applications'
import { users } from './auth'
import { createdAt, id, updatedAt } from './helpers'
import { organizations } from './organizations'

/** awaiting_signatures: the current version waits for some signatures; signed: everyone signed it; cancelled: the grant was given up. */
export const agreementStatusEnum = pgEnum('agreement_status', ['awaiting_signatures', 'signed', 'cancelled'])

/**
 * The grant agreement (convention) of a retained application (issue 10): one per
 * application. `content` is the text as generated for `version` (parties, amount, split,
 * tranches, obligations, dates); a change of the text makes a new version, and every party
 * signs again.
 */
export const agreements = pgTable('agreements', {
	id: id(),
	applicationId: text('application_id')
		.notNull()
		.unique()
		.references(() => applications.id, { onDelete: 'cascade' }),
	status: agreementStatusEnum('status').notNull().default('awaiting_signatures'),
	version: integer('version').notNull().default(1),
	content: jsonb('content').$type<Record<string, unknown>>().notNull(),
	/** SHA-256 of the content of this version: what each signature is bound to. */
	contentSha256: text('content_sha256').notNull(),
	/** The PDF of this version, in storage. */
	storageKey: text('storage_key'),
	signedAt: timestamp('signed_at', { withTimezone: true }),
	createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' }),
	createdAt: createdAt(),
	updatedAt: updatedAt(),
})

/** One party's signature of one version: each association of the consortium (its référent), and the funder (organization null). */
export const agreementSignatures = pgTable(
	'agreement_signatures',
	{
		id: id(),
		agreementId: text('agreement_id')
			.notNull()
			.references(() => agreements.id, { onDelete: 'cascade' }),
		version: integer('version').notNull(),
		contentSha256: text('content_sha256').notNull(),
		/** Null: the funder's signature. */
		organizationId: text('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
		signerUserId: text('signer_user_id').references(() => users.id, { onDelete: 'set null' }),
		/** As typed by the signer (and kept if the account goes): « Marie Durand, présidente ». */
		signerName: text('signer_name').notNull(),
		signerQuality: text('signer_quality').notNull().default(''),
		signedAt: timestamp('signed_at', { withTimezone: true }).notNull().defaultNow(),
	},
	// NULLS NOT DISTINCT: the funder (organization null) signs each version once too.
	(t) => [unique('agreement_signatures_once').on(t.agreementId, t.version, t.organizationId).nullsNotDistinct()],
)

/** open: being written; submitted: sent by the lead, with the staff; changes_requested: named sections reopened; approved. */
export const evaluationReportStatusEnum = pgEnum('evaluation_report_status', ['open', 'submitted', 'changes_requested', 'approved'])

/**
 * The end-of-project evaluation of a retained application as a whole (issue 10): its due
 * date (copied from the call when opened, never moved), the reminders already sent, the
 * submission and the staff's review. The answers are in `evaluations`, one row per part.
 */
export const evaluationReports = pgTable(
	'evaluation_reports',
	{
		id: id(),
		applicationId: text('application_id')
			.notNull()
			.references(() => applications.id, { onDelete: 'cascade' }),
		status: evaluationReportStatusEnum('status').notNull().default('open'),
		dueOn: date('due_on').notNull(),
		/** 'before-30', 'before-7', 'overdue' (app/domain/reports/reminders.ts). */
		remindersSent: jsonb('reminders_sent').$type<string[]>().notNull().default([]),
		/** The sections the staff reopened with their request ('realisation', 'financier', 'association:<id>'…). */
		reopenedSections: jsonb('reopened_sections').$type<string[]>().notNull().default([]),
		reviewMessage: text('review_message'),
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		submittedById: text('submitted_by_id').references(() => users.id, { onDelete: 'set null' }),
		reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
		reviewedById: text('reviewed_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	(t) => [uniqueIndex('evaluation_reports_application_unique').on(t.applicationId)],
)
