import { sql } from 'drizzle-orm'
import { bigint, boolean, date, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { users } from './auth'
import { DEFAULT_TRANCHES, type TranchePlan } from './tranche-plan'
import { createdAt, id, updatedAt } from './helpers'
import { organizations } from './organizations'

/** Who a juror is, for the rule "at least one juror of kind X per dossier" (labels in app/domain/jury/composition.ts). */
export const jurorKindEnum = pgEnum('juror_kind', ['funder_member', 'association_practitioner', 'external_expert', 'supporter_structure'])

export const callStatusEnum = pgEnum('call_status', [
	'draft',
	'published',
	'closed',
	'jury',
	'deliberation',
	'decided',
	'follow_up',
	'archived',
])

/** Which score ranks the dossiers in the deliberation (both are always shown; the choice is written in the minutes). */
export const rankingScoreEnum = pgEnum('ranking_score', ['raw', 'calibrated'])

/** When a juror sees the other jurors' scores of a dossier: never, once their own evaluation is sent, or always. */
export const juryScoresVisibilityEnum = pgEnum('jury_scores_visibility', ['never', 'after_sending', 'always'])

export type RequiredAttachment = {
	key: string
	label: string
	/** 'lead': the lead gives it once; 'each': every association of the consortium gives its own. */
	givenBy: 'lead' | 'each'
}

export const calls = pgTable(
	'calls',
	{
		id: id(),
		funderId: text('funder_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'restrict' }),
		title: text('title').notNull(),
		presentation: text('presentation').notNull().default(''),
		eligibility: text('eligibility').notNull().default(''),
		territory: text('territory').notNull().default(''),
		status: callStatusEnum('status').notNull().default('draft'),
		/**
		 * Optimistic locks, one per form two staff members may edit at once (like the sections
		 * of an application): the form sends the version it read, a save on an older one is
		 * refused. `version`: the call's own fields; the grid and the questions have theirs.
		 */
		version: integer('version').notNull().default(1),
		criteriaVersion: integer('criteria_version').notNull().default(1),
		questionsVersion: integer('questions_version').notNull().default(1),
		minAssociations: integer('min_associations').notNull().default(2),
		maxAmountPerProjectCents: bigint('max_amount_per_project_cents', { mode: 'number' }),
		envelopeCents: bigint('envelope_cents', { mode: 'number' }),
		opensAt: timestamp('opens_at', { withTimezone: true }),
		deadlineAt: timestamp('deadline_at', { withTimezone: true }),
		juryStartsOn: date('jury_starts_on'),
		juryEndsOn: date('jury_ends_on'),
		decisionOn: date('decision_on'),
		projectStartsOn: date('project_starts_on'),
		projectEndsOn: date('project_ends_on'),
		evaluationDueOn: date('evaluation_due_on'),
		requiredAttachments: jsonb('required_attachments').$type<RequiredAttachment[]>().notNull().default([]),
		/** Email the funder's staff when a dossier is submitted. */
		notifyStaffOnSubmission: boolean('notify_staff_on_submission').notNull().default(true),
		publishedAt: timestamp('published_at', { withTimezone: true }),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		/** The jury's settings: blind rule, jurors per dossier and « at least one juror of this kind » for the assignment. */
		juryScoresVisibility: juryScoresVisibilityEnum('jury_scores_visibility').notNull().default('after_sending'),
		jurorsPerApplication: integer('jurors_per_application').notNull().default(3),
		requiredJurorKind: jurorKindEnum('required_juror_kind'),
		/** When the three-days-before-the-jury's-end reminder went to the jurors with evaluations left to send. */
		juryReminderSentAt: timestamp('jury_reminder_sent_at', { withTimezone: true }),
		/**
		 * The deliberation's settings (issue 9): the score that ranks, the spread above which two
		 * jurors disagree, whether the « à départager » dossiers are drawn by lot, and the lock
		 * the settings form sends back (two staff changing them at once).
		 */
		rankingScore: rankingScoreEnum('ranking_score').notNull().default('calibrated'),
		disagreementThreshold: integer('disagreement_threshold').notNull().default(25),
		lotteryEnabled: boolean('lottery_enabled').notNull().default(false),
		/** The seed of the tirage au sort once drawn (written in the minutes: the draw is reproducible). */
		lotterySeed: bigint('lottery_seed', { mode: 'number' }),
		lotteryDrawnAt: timestamp('lottery_drawn_at', { withTimezone: true }),
		deliberationVersion: integer('deliberation_version').notNull().default(1),
		/** The chair's validation of the decisions (cleared when a decision changes before the close). */
		minutesValidatedById: text('minutes_validated_by_id').references(() => users.id, { onDelete: 'set null' }),
		minutesValidatedAt: timestamp('minutes_validated_at', { withTimezone: true }),
		/** deliberation → decided; the minutes PDF is stored then (storage key). */
		decidedAt: timestamp('decided_at', { withTimezone: true }),
		minutesStorageKey: text('minutes_storage_key'),
		/** The payment plan of the call's grants (issue 10), 70 % at signature and 30 % after the final evaluation by default. */
		tranchePlan: jsonb('tranche_plan').$type<TranchePlan>().notNull().default(DEFAULT_TRANCHES),
		/** Above this gap (percent of prévu) a line of the final financial report needs an explanation. */
		reportGapThresholdPercent: integer('report_gap_threshold_percent').notNull().default(15),
		/** When the two-days-before-deadline reminder went to the leads of unsubmitted drafts. */
		deadlineReminderSentAt: timestamp('deadline_reminder_sent_at', { withTimezone: true }),
		/**
		 * The partners' tirage au sort of this call (issue 12, seed 004): whether associations may
		 * volunteer, and the size of the groups drawn (2 or 3).
		 */
		partnerDrawEnabled: boolean('partner_draw_enabled').notNull().default(false),
		partnerDrawGroupSize: integer('partner_draw_group_size').notNull().default(2),
		/** A past call imported from a spreadsheet (issue 11): when, and the file's name. Its dossiers are the file's. */
		importedAt: timestamp('imported_at', { withTimezone: true }),
		importedFrom: text('imported_from'),
		createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	(t) => [index('calls_funder_idx').on(t.funderId), index('calls_status_idx').on(t.status)],
)

export const themes = pgTable(
	'themes',
	{
		id: id(),
		callId: text('call_id')
			.notNull()
			.references(() => calls.id, { onDelete: 'cascade' }),
		label: text('label').notNull(),
		position: integer('position').notNull().default(0),
	},
	(t) => [uniqueIndex('themes_call_label_unique').on(t.callId, t.label)],
)

/** The jury's grid: each criterion weighted, scored from 0 to scaleMax. */
export const criteria = pgTable('criteria', {
	id: id(),
	callId: text('call_id')
		.notNull()
		.references(() => calls.id, { onDelete: 'cascade' }),
	label: text('label').notNull(),
	description: text('description').notNull().default(''),
	weight: integer('weight').notNull().default(1),
	scaleMax: integer('scale_max').notNull().default(5),
	position: integer('position').notNull().default(0),
})

export const questionTypeEnum = pgEnum('question_type', ['short_text', 'long_text', 'number', 'yes_no', 'choice'])

/** The call's custom questions. */
export const callQuestions = pgTable('call_questions', {
	id: id(),
	callId: text('call_id')
		.notNull()
		.references(() => calls.id, { onDelete: 'cascade' }),
	label: text('label').notNull(),
	type: questionTypeEnum('type').notNull(),
	required: boolean('required').notNull().default(true),
	maxLength: integer('max_length'),
	choices: jsonb('choices').$type<string[]>(),
	position: integer('position').notNull().default(0),
})

/** invited: asked, not yet answered; active: sits on the jury; declined: said no; removed: taken off by staff. */
export const jurorStatusEnum = pgEnum('juror_status', ['invited', 'active', 'declined', 'removed'])

/** The jurors of one call (a juror may be external to every organisation). */
export const jurors = pgTable(
	'jurors',
	{
		id: id(),
		callId: text('call_id')
			.notNull()
			.references(() => calls.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		kind: jurorKindEnum('kind').notNull().default('external_expert'),
		/** Ids of the call's themes the juror knows (preferred in the assignment). */
		themeIds: jsonb('theme_ids').$type<string[]>().notNull().default([]),
		/** Départements the juror knows ('75', '2A'…). */
		territories: jsonb('territories').$type<string[]>().notNull().default([]),
		/** At most this many dossiers; null: no limit. */
		maxLoad: integer('max_load'),
		/** The président·e of the jury (at most one per call). */
		isChair: boolean('is_chair').notNull().default(false),
		status: jurorStatusEnum('status').notNull().default('invited'),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	(t) => [
		uniqueIndex('jurors_call_user_unique').on(t.callId, t.userId),
		// One chair per call (a partial unique index: only the chair's row is indexed).
		uniqueIndex('jurors_one_chair_per_call').on(t.callId).where(sql`${t.isChair}`),
		index('jurors_user_idx').on(t.userId),
	],
)
