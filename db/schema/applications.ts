import { bigint, doublePrecision, index, integer, jsonb, pgEnum, pgTable, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core'
import { APPLICATION_STATUSES } from './application-statuses'
import { users } from './auth'
import { calls, criteria, jurors } from './calls'
import { createdAt, id, updatedAt } from './helpers'
import { organizations } from './organizations'

export const applicationStatusEnum = pgEnum('application_status', APPLICATION_STATUSES)

export const applications = pgTable(
	'applications',
	{
		id: id(),
		callId: text('call_id')
			.notNull()
			.references(() => calls.id, { onDelete: 'restrict' }),
		leadOrganizationId: text('lead_organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'restrict' }),
		title: text('title').notNull(),
		summary: text('summary').notNull().default(''),
		status: applicationStatusEnum('status').notNull().default('draft'),
		/** Optimistic lock: every save sends the version it read; a stale save is refused. */
		version: integer('version').notNull().default(1),
		/** Per-section optimistic locks: two people editing two different sections do not collide. */
		projectVersion: integer('project_version').notNull().default(1),
		cooperationVersion: integer('cooperation_version').notNull().default(1),
		budgetVersion: integer('budget_version').notNull().default(1),
		answersVersion: integer('answers_version').notNull().default(1),
		/** Sections of the form, each validated by its domain schema. */
		project: jsonb('project').$type<Record<string, unknown>>().notNull().default({}),
		cooperation: jsonb('cooperation').$type<Record<string, unknown>>().notNull().default({}),
		budget: jsonb('budget').$type<Record<string, unknown>>().notNull().default({}),
		answers: jsonb('answers').$type<Record<string, unknown>>().notNull().default({}),
		themeIds: jsonb('theme_ids').$type<string[]>().notNull().default([]),
		/** The supporter structure (Maison des Associations…) the consortium names as its accompanying structure. */
		supporterOrganizationId: text('supporter_organization_id').references(() => organizations.id, { onDelete: 'set null' }),
		amountRequestedCents: bigint('amount_requested_cents', { mode: 'number' }),
		amountGrantedCents: bigint('amount_granted_cents', { mode: 'number' }),
		/** The deliberation's working amount (null: the amount requested); becomes amountGranted when retained. */
		proposedAmountCents: bigint('proposed_amount_cents', { mode: 'number' }),
		/** The decision (issue 9): its motivation, the place on the waiting list, who decided and when. */
		decisionMotivation: text('decision_motivation'),
		waitlistPosition: integer('waitlist_position'),
		decidedAt: timestamp('decided_at', { withTimezone: true }),
		decidedById: text('decided_by_id').references(() => users.id, { onDelete: 'set null' }),
		/** Bumped by every decision and amendment: a letter is sent once per decision version. */
		decisionVersion: integer('decision_version').notNull().default(0),
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		statusReason: text('status_reason'),
		/** Set when something needs the funder staff's attention (e.g. a co-porter withdrew after submission). */
		flaggedAt: timestamp('flagged_at', { withTimezone: true }),
		flagReason: text('flag_reason'),
		/** A draft never submitted: when its référents were told it will be deleted (retention, issue 13); warned once. */
		retentionWarnedAt: timestamp('retention_warned_at', { withTimezone: true }),
		createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	(t) => [
		index('applications_call_idx').on(t.callId),
		index('applications_lead_idx').on(t.leadOrganizationId),
		index('applications_status_idx').on(t.status),
	],
)

export const applicationMemberRoleEnum = pgEnum('application_member_role', ['lead', 'co_carrier'])
export const applicationMemberStatusEnum = pgEnum('application_member_status', [
	'invited',
	'confirmed',
	'declined',
	'withdrawn',
])

/** The consortium: the lead and its partner associations. */
export const applicationMembers = pgTable(
	'application_members',
	{
		id: id(),
		applicationId: text('application_id')
			.notNull()
			.references(() => applications.id, { onDelete: 'cascade' }),
		/** Null while a partner invited by email has not yet created its association. */
		organizationId: text('organization_id').references(() => organizations.id, { onDelete: 'restrict' }),
		invitedEmail: text('invited_email'),
		/** Until when the latest invitation may be answered (14 days, reset when re-sent). */
		invitationExpiresAt: timestamp('invitation_expires_at', { withTimezone: true }),
		role: applicationMemberRoleEnum('role').notNull(),
		status: applicationMemberStatusEnum('status').notNull().default('invited'),
		/** "Qui fait quoi": what this association does in the project. */
		roleDescription: text('role_description').notNull().default(''),
		contribution: text('contribution').notNull().default(''),
		budgetShareCents: bigint('budget_share_cents', { mode: 'number' }),
		/** This association's part of the grant, when the consortium splits it (named in the agreement). */
		grantShareCents: bigint('grant_share_cents', { mode: 'number' }),
		/** The application version the confirmation was given on. */
		confirmedVersion: integer('confirmed_version'),
		confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
		confirmedById: text('confirmed_by_id').references(() => users.id, { onDelete: 'set null' }),
		message: text('message'),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	(t) => [
		uniqueIndex('application_members_app_org_unique').on(t.applicationId, t.organizationId),
		index('application_members_org_idx').on(t.organizationId),
	],
)

/** Files stored outside the database (see app/services/storage.server.ts). */
export const attachments = pgTable(
	'attachments',
	{
		id: id(),
		applicationId: text('application_id').references(() => applications.id, { onDelete: 'cascade' }),
		organizationId: text('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
		/** Which required attachment of the call this is (e.g. 'statuts', 'rib'). */
		kind: text('kind').notNull(),
		filename: text('filename').notNull(),
		contentType: text('content_type').notNull(),
		sizeBytes: integer('size_bytes').notNull(),
		storageKey: text('storage_key').notNull(),
		sha256: text('sha256').notNull(),
		uploadedById: text('uploaded_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
	},
	// storage_key: the sweep of unreferenced files asks whether a row still holds a key.
	(t) => [index('attachments_application_idx').on(t.applicationId), index('attachments_storage_key_idx').on(t.storageKey)],
)

/** How an assignment was made: by the solver (app/domain/jury/assignment.ts) or by hand by the funder's staff. */
export const juryAssignmentSourceEnum = pgEnum('jury_assignment_source', ['automatic', 'manual'])

/** A juror's assignment to an application, and their evaluation of it (general opinion; scores per criterion below). */
export const juryAssignments = pgTable(
	'jury_assignments',
	{
		id: id(),
		jurorId: text('juror_id')
			.notNull()
			.references(() => jurors.id, { onDelete: 'cascade' }),
		applicationId: text('application_id')
			.notNull()
			.references(() => applications.id, { onDelete: 'cascade' }),
		source: juryAssignmentSourceEnum('source').notNull().default('manual'),
		/** The juror's general opinion on the dossier. */
		generalOpinion: text('general_opinion').notNull().default(''),
		/** Optimistic lock of the evaluation: every autosave sends the version it read. */
		version: integer('version').notNull().default(1),
		/** First save of the evaluation (progress « en cours »). */
		startedAt: timestamp('started_at', { withTimezone: true }),
		/** Sent: the evaluation is locked until the staff reopen it. */
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		/**
		 * The weighted score on 100 of the sent evaluation (weightedScore of
		 * app/domain/jury/evaluation.ts), written when it is sent, cleared when reopened: the
		 * deliberation reads 1,500 of these instead of adding up 9,000 scores on each page.
		 */
		weightedScore: doublePrecision('weighted_score'),
		reopenedAt: timestamp('reopened_at', { withTimezone: true }),
		reopenReason: text('reopen_reason'),
		/** When the juror was told of this assignment (one email lists all their new dossiers). */
		notifiedAt: timestamp('notified_at', { withTimezone: true }),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	(t) => [uniqueIndex('jury_assignments_unique').on(t.jurorId, t.applicationId), index('jury_assignments_application_idx').on(t.applicationId)],
)

/** One score per criterion of an assignment; value null while the juror has only written a comment. */
export const scores = pgTable(
	'scores',
	{
		id: id(),
		assignmentId: text('assignment_id')
			.notNull()
			.references(() => juryAssignments.id, { onDelete: 'cascade' }),
		criterionId: text('criterion_id')
			.notNull()
			.references(() => criteria.id, { onDelete: 'cascade' }),
		value: integer('value'),
		comment: text('comment').notNull().default(''),
		updatedAt: updatedAt(),
	},
	(t) => [uniqueIndex('scores_assignment_criterion_unique').on(t.assignmentId, t.criterionId)],
)

export const supporterOpinionVerdictEnum = pgEnum('supporter_opinion_verdict', ['favourable', 'reserved', 'unfavourable'])

/** The opinion (avis) of the supporter structure the consortium named as its accompanying structure. */
export const supporterOpinions = pgTable(
	'supporter_opinions',
	{
		id: id(),
		applicationId: text('application_id')
			.notNull()
			.references(() => applications.id, { onDelete: 'cascade' }),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		verdict: supporterOpinionVerdictEnum('verdict').notNull(),
		text: text('text').notNull(),
		authorId: text('author_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	(t) => [uniqueIndex('supporter_opinions_application_unique').on(t.applicationId)],
)

/**
 * End-of-project evaluation, one row per part (issue 10): the consortium's (organization
 * null, written by any member, submitted by the lead) and each association's own (answered
 * by its référent only). The report as a whole is in evaluation_reports.
 */
export const evaluations = pgTable(
	'evaluations',
	{
		id: id(),
		applicationId: text('application_id')
			.notNull()
			.references(() => applications.id, { onDelete: 'cascade' }),
		/** Null for the consortium-level evaluation given by the lead. */
		organizationId: text('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
		answers: jsonb('answers').$type<Record<string, unknown>>().notNull().default({}),
		/** Optimistic lock of the part: every save sends the version it read. */
		version: integer('version').notNull().default(1),
		updatedById: text('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
		submittedAt: timestamp('submitted_at', { withTimezone: true }),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	// NULLS NOT DISTINCT: the consortium-level row (organization_id null) is unique too.
	// drizzle-orm's uniqueIndex cannot say it; a unique constraint can.
	(t) => [unique('evaluations_app_org_unique').on(t.applicationId, t.organizationId).nullsNotDistinct()],
)

/** waiting: its trigger has not happened; due: triggered, to pay within 60 days; paid. */
export const paymentStatusEnum = pgEnum('payment_status', ['waiting', 'due', 'paid'])
export const trancheTriggerEnum = pgEnum('tranche_trigger', ['signature', 'final_evaluation'])

/**
 * The payment tranches of a retained application (issue 10), from the call's plan: each
 * released by its trigger (the agreement signed, the final evaluation approved), due 60 days
 * after it, then recorded as paid by the staff (date, amount, reference).
 */
export const payments = pgTable(
	'payments',
	{
		id: id(),
		applicationId: text('application_id')
			.notNull()
			.references(() => applications.id, { onDelete: 'cascade' }),
		position: integer('position').notNull().default(0),
		label: text('label').notNull(),
		trigger: trancheTriggerEnum('trigger').notNull().default('signature'),
		percent: integer('percent').notNull().default(100),
		amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
		status: paymentStatusEnum('status').notNull().default('waiting'),
		/** When its trigger happened: the 60-day clock starts there. */
		triggeredAt: timestamp('triggered_at', { withTimezone: true }),
		paidOn: timestamp('paid_on', { withTimezone: true }),
		paidAmountCents: bigint('paid_amount_cents', { mode: 'number' }),
		reference: text('reference'),
		recordedById: text('recorded_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	(t) => [uniqueIndex('payments_application_position_unique').on(t.applicationId, t.position)],
)
