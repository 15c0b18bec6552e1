import { index, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { applications } from './applications'
import { users } from './auth'
import { jurors } from './calls'
import { createdAt, id, updatedAt } from './helpers'

/** detected: found from the organisations (app/domain/jury/conflicts.server.ts); declared: said by the juror. */
export const juryConflictSourceEnum = pgEnum('jury_conflict_source', ['detected', 'declared'])

export const juryConflictCauseEnum = pgEnum('jury_conflict_cause', [
	/** The juror is a member (any role) of an association of the consortium. */
	'member_of_consortium',
	/** The juror's association co-carried an application with one of the consortium's in the last 3 years. */
	'recent_partnership',
	/** The juror works for the supporter structure that accompanied the dossier. */
	'accompanied_by_juror_structure',
	'declared_member',
	'declared_recent_partnership',
	'declared_personal',
	'declared_other',
])

/** open: not yet decided (the juror is kept away meanwhile); confirmed; dismissed (with a reason). */
export const juryConflictStatusEnum = pgEnum('jury_conflict_status', ['open', 'confirmed', 'dismissed'])

/** A conflict of interest between a juror and a dossier, with its cause and the decision taken on it. */
export const juryConflicts = pgTable(
	'jury_conflicts',
	{
		id: id(),
		jurorId: text('juror_id')
			.notNull()
			.references(() => jurors.id, { onDelete: 'cascade' }),
		applicationId: text('application_id')
			.notNull()
			.references(() => applications.id, { onDelete: 'cascade' }),
		source: juryConflictSourceEnum('source').notNull(),
		cause: juryConflictCauseEnum('cause').notNull(),
		/** What was found (the associations concerned) or what the juror wrote. */
		detail: text('detail').notNull().default(''),
		status: juryConflictStatusEnum('status').notNull().default('open'),
		decidedById: text('decided_by_id').references(() => users.id, { onDelete: 'set null' }),
		decisionReason: text('decision_reason'),
		decidedAt: timestamp('decided_at', { withTimezone: true }),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	(t) => [
		uniqueIndex('jury_conflicts_unique').on(t.jurorId, t.applicationId, t.cause),
		index('jury_conflicts_application_idx').on(t.applicationId),
	],
)
