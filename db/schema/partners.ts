/**
 * Finding partners and sharing what cooperation taught (issue 12, seeds 001, 002 and 004):
 * the associations' public profiles and the messages sent through the directory, the
 * supporters' recommendations, the « je cherche des partenaires » announcements of a call
 * and their answers, the tirage au sort of volunteers, and the publication of retained
 * projects with the consent of each association of the consortium.
 */
import { sql } from 'drizzle-orm'
import { doublePrecision, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core'
import { applications } from './applications'
import { users } from './auth'
import { calls } from './calls'
import { createdAt, id, updatedAt } from './helpers'
import { invitations, organizations } from './organizations'

const emptyArray = sql`'{}'::text[]`

/**
 * The public profile an association controls. Hidden from the directory until the
 * association publishes it (`published_at`); the contact details of the organisation are
 * never part of it. Offers, needs, publics and themes are keys of the lists in
 * app/domain/directory; the coordinates are those of its commune, for « à N km de ».
 */
export const associationProfiles = pgTable(
	'association_profiles',
	{
		organizationId: text('organization_id')
			.primaryKey()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		publishedAt: timestamp('published_at', { withTimezone: true }),
		/** What the association does, in its own words. */
		presentation: text('presentation').notNull().default(''),
		/** The communes where it acts (names), besides its seat. */
		communes: text('communes').array().notNull().default(emptyArray),
		publics: text('publics').array().notNull().default(emptyArray),
		themes: text('themes').array().notNull().default(emptyArray),
		offers: text('offers').array().notNull().default(emptyArray),
		needs: text('needs').array().notNull().default(emptyArray),
		/** Free text beside the lists: what exactly it offers, what exactly it looks for. */
		offerDetails: text('offer_details').notNull().default(''),
		needDetails: text('need_details').notNull().default(''),
		latitude: doublePrecision('latitude'),
		longitude: doublePrecision('longitude'),
		updatedById: text('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	(t) => [
		index('association_profiles_published_idx').on(t.publishedAt).where(sql`${t.publishedAt} is not null`),
		index('association_profiles_themes_idx').using('gin', t.themes),
		index('association_profiles_offers_idx').using('gin', t.offers),
		index('association_profiles_needs_idx').using('gin', t.needs),
		index('association_profiles_latitude_idx').on(t.latitude),
		/** « À N km de »: the bounding box as a GiST search on the point (plain PostgreSQL, no extension). */
		index('association_profiles_location_idx').using('gist', sql`point(${t.longitude}, ${t.latitude})`),
	],
)

/**
 * A message sent through the directory to an association's référents. Nobody's address is
 * shown until a référent answers (`answered_at`): then each side sees the other's.
 */
export const partnerContacts = pgTable(
	'partner_contacts',
	{
		id: id(),
		senderUserId: text('sender_user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** The association the sender writes for, when they chose one. */
		senderOrganizationId: text('sender_organization_id').references(() => organizations.id, { onDelete: 'set null' }),
		recipientOrganizationId: text('recipient_organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		subject: text('subject').notNull(),
		answeredAt: timestamp('answered_at', { withTimezone: true }),
		createdAt: createdAt(),
	},
	(t) => [index('partner_contacts_recipient_idx').on(t.recipientOrganizationId, t.createdAt), index('partner_contacts_sender_idx').on(t.senderUserId)],
)

export const partnerContactMessages = pgTable(
	'partner_contact_messages',
	{
		id: id(),
		contactId: text('contact_id')
			.notNull()
			.references(() => partnerContacts.id, { onDelete: 'cascade' }),
		authorUserId: text('author_user_id').references(() => users.id, { onDelete: 'set null' }),
		body: text('body').notNull(),
		createdAt: createdAt(),
	},
	(t) => [index('partner_contact_messages_contact_idx').on(t.contactId, t.createdAt)],
)

/** A référent reports a message as abusive: its sender is hidden (lifted only by a platform admin). */
export const partnerContactReports = pgTable(
	'partner_contact_reports',
	{
		id: id(),
		contactId: text('contact_id')
			.notNull()
			.references(() => partnerContacts.id, { onDelete: 'cascade' }),
		reportedUserId: text('reported_user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		reporterUserId: text('reporter_user_id').references(() => users.id, { onDelete: 'set null' }),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		reason: text('reason').notNull().default(''),
		liftedAt: timestamp('lifted_at', { withTimezone: true }),
		liftedById: text('lifted_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex('partner_contact_reports_contact_unique').on(t.contactId), index('partner_contact_reports_reported_idx').on(t.reportedUserId)],
)

/** A supporter structure (Maison des Associations) suggests to an association a partner of its territory. */
export const partnerRecommendations = pgTable(
	'partner_recommendations',
	{
		id: id(),
		supporterOrganizationId: text('supporter_organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		recommendedById: text('recommended_by_id').references(() => users.id, { onDelete: 'set null' }),
		/** The association that receives the suggestion… */
		toOrganizationId: text('to_organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		/** …and the one suggested to it. */
		recommendedOrganizationId: text('recommended_organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		note: text('note').notNull().default(''),
		createdAt: createdAt(),
	},
	(t) => [
		uniqueIndex('partner_recommendations_unique').on(t.supporterOrganizationId, t.toOrganizationId, t.recommendedOrganizationId),
		index('partner_recommendations_to_idx').on(t.toOrganizationId),
	],
)

export const partnerAnnouncementStatusEnum = pgEnum('partner_announcement_status', ['open', 'closed'])

/** « Je cherche des partenaires »: on a published call, the project an association wants to build and the partners it looks for. */
export const partnerAnnouncements = pgTable(
	'partner_announcements',
	{
		id: id(),
		callId: text('call_id')
			.notNull()
			.references(() => calls.id, { onDelete: 'cascade' }),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		authorUserId: text('author_user_id').references(() => users.id, { onDelete: 'set null' }),
		/** The announcer's draft on the call, where accepted partners are invited. */
		applicationId: text('application_id').references((): AnyPgColumn => applications.id, { onDelete: 'set null' }),
		title: text('title').notNull(),
		project: text('project').notNull(),
		lookingFor: text('looking_for').notNull(),
		/** Ids of the call's themes the project is about. */
		themeIds: text('theme_ids').array().notNull().default(emptyArray),
		status: partnerAnnouncementStatusEnum('status').notNull().default('open'),
		closedAt: timestamp('closed_at', { withTimezone: true }),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	(t) => [index('partner_announcements_call_idx').on(t.callId, t.status), index('partner_announcements_organization_idx').on(t.organizationId)],
)

export const partnerAnswerStatusEnum = pgEnum('partner_answer_status', ['pending', 'accepted', 'declined', 'withdrawn'])

/** An association answers an announcement; accepted, it is invited on the announcer's draft. */
export const partnerAnswers = pgTable(
	'partner_answers',
	{
		id: id(),
		announcementId: text('announcement_id')
			.notNull()
			.references(() => partnerAnnouncements.id, { onDelete: 'cascade' }),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		authorUserId: text('author_user_id').references(() => users.id, { onDelete: 'set null' }),
		message: text('message').notNull(),
		status: partnerAnswerStatusEnum('status').notNull().default('pending'),
		statusReason: text('status_reason'),
		/** The partner invitation sent when the answer was accepted. */
		invitationId: text('invitation_id').references((): AnyPgColumn => invitations.id, { onDelete: 'set null' }),
		decidedAt: timestamp('decided_at', { withTimezone: true }),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex('partner_answers_announcement_organization_unique').on(t.announcementId, t.organizationId)],
)

/** An association volunteers for the call's tirage au sort; its territory is taken when it volunteers. */
export const partnerDrawVolunteers = pgTable(
	'partner_draw_volunteers',
	{
		id: id(),
		callId: text('call_id')
			.notNull()
			.references(() => calls.id, { onDelete: 'cascade' }),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		volunteeredById: text('volunteered_by_id').references(() => users.id, { onDelete: 'set null' }),
		departement: text('departement').notNull(),
		withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex('partner_draw_volunteers_call_organization_unique').on(t.callId, t.organizationId)],
)

/**
 * The draw of a call, reproducible: the seed, the volunteers in the order given to the
 * shuffle, and what came out of it for each territory (the groups, then the waiting list
 * from which an empty place is refilled).
 */
export const partnerDraws = pgTable(
	'partner_draws',
	{
		id: id(),
		callId: text('call_id')
			.notNull()
			.references(() => calls.id, { onDelete: 'cascade' }),
		seed: text('seed').notNull(),
		groupSize: integer('group_size').notNull(),
		/** Volunteer organisation ids, in the order the shuffle received them. */
		volunteerIds: jsonb('volunteer_ids').$type<string[]>().notNull(),
		/** Per département: the organisation ids not placed, in drawn order (the next one takes an empty place). */
		waitingLists: jsonb('waiting_lists').$type<Record<string, string[]>>().notNull().default({}),
		drawnById: text('drawn_by_id').references(() => users.id, { onDelete: 'set null' }),
		drawnAt: createdAt(),
	},
	(t) => [uniqueIndex('partner_draws_call_unique').on(t.callId)],
)

export const partnerDrawGroups = pgTable(
	'partner_draw_groups',
	{
		id: id(),
		drawId: text('draw_id')
			.notNull()
			.references(() => partnerDraws.id, { onDelete: 'cascade' }),
		departement: text('departement').notNull(),
		position: integer('position').notNull(),
	},
	(t) => [uniqueIndex('partner_draw_groups_position_unique').on(t.drawId, t.departement, t.position)],
)

export const partnerDrawPlaceStatusEnum = pgEnum('partner_draw_place_status', ['pending', 'confirmed', 'declined', 'expired'])

/** One association's place in a drawn group: 14 days to confirm; declined or expired, the next volunteer takes it. */
export const partnerDrawPlaces = pgTable(
	'partner_draw_places',
	{
		id: id(),
		groupId: text('group_id')
			.notNull()
			.references(() => partnerDrawGroups.id, { onDelete: 'cascade' }),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		status: partnerDrawPlaceStatusEnum('status').notNull().default('pending'),
		confirmBy: timestamp('confirm_by', { withTimezone: true }).notNull(),
		answeredAt: timestamp('answered_at', { withTimezone: true }),
		/** The place this one refills. */
		replacesPlaceId: text('replaces_place_id').references((): AnyPgColumn => partnerDrawPlaces.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
	},
	(t) => [uniqueIndex('partner_draw_places_group_organization_unique').on(t.groupId, t.organizationId), index('partner_draw_places_status_idx').on(t.status, t.confirmBy)],
)

/**
 * A retained project shown in the public showcase (/projets): the texts the consortium
 * writes for it, and `published_at`, set when every association of the consortium has
 * consented (its evaluation approved) and cleared when one withdraws its consent.
 */
export const projectPublications = pgTable(
	'project_publications',
	{
		applicationId: text('application_id')
			.primaryKey()
			.references(() => applications.id, { onDelete: 'cascade' }),
		summary: text('summary').notNull().default(''),
		results: text('results').notNull().default(''),
		/** « Ce que nous avons appris », what did not work included. */
		lessons: text('lessons').notNull().default(''),
		publishedAt: timestamp('published_at', { withTimezone: true }),
		updatedById: text('updated_by_id').references(() => users.id, { onDelete: 'set null' }),
		createdAt: createdAt(),
		updatedAt: updatedAt(),
	},
	(t) => [index('project_publications_published_idx').on(t.publishedAt).where(sql`${t.publishedAt} is not null`)],
)

/** One association of the consortium consents to the publication (given by one of its référents); withdrawing deletes the row. */
export const projectPublicationConsents = pgTable(
	'project_publication_consents',
	{
		applicationId: text('application_id')
			.notNull()
			.references(() => projectPublications.applicationId, { onDelete: 'cascade' }),
		organizationId: text('organization_id')
			.notNull()
			.references(() => organizations.id, { onDelete: 'cascade' }),
		userId: text('user_id').references(() => users.id, { onDelete: 'set null' }),
		consentedAt: createdAt(),
	},
	(t) => [primaryKey({ columns: [t.applicationId, t.organizationId] })],
)
