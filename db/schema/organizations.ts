import { bigint, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { applications } from './applications'
import { users } from './auth'
import { calls } from './calls'
import { createdAt, id, updatedAt } from './helpers'

export const organizationKindEnum = pgEnum('organization_kind', ['funder', 'association', 'supporter'])

export const sectorEnum = pgEnum('association_sector', [
	'defense_cause',
	'education_populaire_enfance',
	'culture',
	'social',
	'patrimoine_environnement',
	'sport',
	'maison_des_associations',
	'autre',
])

export const organizations = pgTable(
	'organizations',
	{
		id: id(),
		kind: organizationKindEnum('kind').notNull(),
		name: text('name').notNull(),
		/** RNA number (W + 9 characters); null for Alsace-Moselle associations. */
		rna: text('rna'),
		/** Alsace-Moselle: the tribunal register number given instead of an RNA. */
		localRegisterNumber: text('local_register_number'),
		siret: text('siret'),
		/** First 9 digits of the SIRET: the legal entity, used for the co-porter rule. */
		siren: text('siren'),
		sector: sectorEnum('sector'),
		annualBudgetCents: bigint('annual_budget_cents', { mode: 'number' }),
		employees: integer('employees'),
		volunteers: integer('volunteers'),
		addressLine: text('address_line'),
		postalCode: text('postal_code'),
		commune: text('commune'),
		departement: text('departement'),
		/** Free text for funders and supporters: the territory they cover. */
		territory: text('territory'),
		contactEmail: text('contact_email'),
		createdById: text('created_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	(t) => [
		index('organizations_kind_idx').on(t.kind),
		uniqueIndex('organizations_siret_unique').on(t.siret),
		uniqueIndex('organizations_rna_unique').on(t.rna),
		index('organizations_siren_idx').on(t.siren),
		/** The directory's « département » filter (issue 12) and the bilan's grouping. */
		index('organizations_departement_idx').on(t.departement),
	],
)

/**
 * referent: the association's référent (submits, confirms, invites members);
 * member: any member (edits the association's applications);
 * staff: funder staff (gestionnaire) or supporter staff.
 */
export const membershipRoleEnum = pgEnum('membership_role', ['referent', 'member', 'staff'])

export const memberships = pgTable(
	'memberships',
	{
		id: id(),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		userId: text('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		role: membershipRoleEnum('role').notNull(),
		createdAt: createdAt(),
	},
	(t) => [
		uniqueIndex('memberships_org_user_unique').on(t.organizationId, t.userId),
		index('memberships_user_idx').on(t.userId),
	],
)

export const invitationKindEnum = pgEnum('invitation_kind', [
	'organization_member',
	'application_partner',
	'juror',
])

/**
 * An emailed invitation: to join an organisation, to co-carry an application, or to sit on
 * a call's jury. Only the token's SHA-256 is stored.
 */
export const invitations = pgTable(
	'invitations',
	{
		id: id(),
		kind: invitationKindEnum('kind').notNull(),
		email: text('email').notNull(),
		organizationId: text('organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
		applicationId: text('application_id').references((): AnyPgColumn => applications.id, { onDelete: 'cascade' }),
		callId: text('call_id').references((): AnyPgColumn => calls.id, { onDelete: 'cascade' }),
		role: membershipRoleEnum('role'),
		/** A jury invitation's seat settings (kind, themes, territories, maximum load, chair), applied when accepted. */
		jurySettings: jsonb('jury_settings').$type<Record<string, unknown>>(),
		tokenHash: text('token_hash').notNull(),
		invitedById: text('invited_by_id').references(() => users.id, { onDelete: 'set null' }),
		expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
		acceptedAt: timestamp('accepted_at', { withTimezone: true }),
		declinedAt: timestamp('declined_at', { withTimezone: true }),
		/** The sender withdrew the invitation; its link no longer works. */
		cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex('invitations_token_unique').on(t.tokenHash), index('invitations_email_idx').on(t.email)],
)
