import { index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core'
import { createdAt, id } from './helpers'

export const platformRoleEnum = pgEnum('platform_role', ['admin'])

export const users = pgTable(
	'users',
	{
		id: id(),
		email: text('email').notNull(),
		passwordHash: text('password_hash').notNull(),
		displayName: text('display_name').notNull(),
		emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
		platformRole: platformRoleEnum('platform_role'),
		/**
		 * Set when the person deleted their account (issue 13, docs/decisions/030): the row stays
		 * as a pseudonymous id (« Compte supprimé », no address, no password) so the funder's
		 * records and the audit history keep their links without naming anyone.
		 */
		deletedAt: timestamp('deleted_at', { withTimezone: true }),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex('users_email_unique').on(t.email)],
)

/** lucia v3 session table: the shape its drizzle adapter expects. */
export const sessions = pgTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
	},
	(t) => [index('sessions_user_idx').on(t.userId)],
)

export const emailTokenPurposeEnum = pgEnum('email_token_purpose', ['verify_email', 'reset_password'])

/** Single-use emailed tokens. Only the SHA-256 of the token is stored. */
export const emailTokens = pgTable(
	'email_tokens',
	{
		id: id(),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		purpose: emailTokenPurposeEnum('purpose').notNull(),
		tokenHash: text('token_hash').notNull(),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		usedAt: timestamp('used_at', { withTimezone: true }),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex('email_tokens_hash_unique').on(t.tokenHash)],
)

/** Failed-login counters, per account and per IP, shared by every app server. */
export const loginThrottles = pgTable('login_throttles', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull().default(0),
	windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull(),
	lockedUntil: timestamp('locked_until', { withTimezone: true }),
})
