CREATE TYPE "public"."partner_announcement_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TYPE "public"."partner_answer_status" AS ENUM('pending', 'accepted', 'declined', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."partner_draw_place_status" AS ENUM('pending', 'confirmed', 'declined', 'expired');--> statement-breakpoint
CREATE TABLE "association_profiles" (
	"organization_id" text PRIMARY KEY NOT NULL,
	"published_at" timestamp with time zone,
	"presentation" text DEFAULT '' NOT NULL,
	"communes" text[] DEFAULT '{}'::text[] NOT NULL,
	"publics" text[] DEFAULT '{}'::text[] NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"offers" text[] DEFAULT '{}'::text[] NOT NULL,
	"needs" text[] DEFAULT '{}'::text[] NOT NULL,
	"offer_details" text DEFAULT '' NOT NULL,
	"need_details" text DEFAULT '' NOT NULL,
	"latitude" double precision,
	"longitude" double precision,
	"updated_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_announcements" (
	"id" text PRIMARY KEY NOT NULL,
	"call_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"author_user_id" text,
	"application_id" text,
	"title" text NOT NULL,
	"project" text NOT NULL,
	"looking_for" text NOT NULL,
	"theme_ids" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" "partner_announcement_status" DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_answers" (
	"id" text PRIMARY KEY NOT NULL,
	"announcement_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"author_user_id" text,
	"message" text NOT NULL,
	"status" "partner_answer_status" DEFAULT 'pending' NOT NULL,
	"status_reason" text,
	"invitation_id" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_contact_messages" (
	"id" text PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"author_user_id" text,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_contact_reports" (
	"id" text PRIMARY KEY NOT NULL,
	"contact_id" text NOT NULL,
	"reported_user_id" text NOT NULL,
	"reporter_user_id" text,
	"organization_id" text NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"lifted_at" timestamp with time zone,
	"lifted_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_contacts" (
	"id" text PRIMARY KEY NOT NULL,
	"sender_user_id" text NOT NULL,
	"sender_organization_id" text,
	"recipient_organization_id" text NOT NULL,
	"subject" text NOT NULL,
	"answered_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_draw_groups" (
	"id" text PRIMARY KEY NOT NULL,
	"draw_id" text NOT NULL,
	"departement" text NOT NULL,
	"position" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_draw_places" (
	"id" text PRIMARY KEY NOT NULL,
	"group_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"status" "partner_draw_place_status" DEFAULT 'pending' NOT NULL,
	"confirm_by" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"replaces_place_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_draw_volunteers" (
	"id" text PRIMARY KEY NOT NULL,
	"call_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"volunteered_by_id" text,
	"departement" text NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_draws" (
	"id" text PRIMARY KEY NOT NULL,
	"call_id" text NOT NULL,
	"seed" text NOT NULL,
	"group_size" integer NOT NULL,
	"volunteer_ids" jsonb NOT NULL,
	"waiting_lists" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"drawn_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_recommendations" (
	"id" text PRIMARY KEY NOT NULL,
	"supporter_organization_id" text NOT NULL,
	"recommended_by_id" text,
	"to_organization_id" text NOT NULL,
	"recommended_organization_id" text NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_publication_consents" (
	"application_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"user_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_publication_consents_application_id_organization_id_pk" PRIMARY KEY("application_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "project_publications" (
	"application_id" text PRIMARY KEY NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"results" text DEFAULT '' NOT NULL,
	"lessons" text DEFAULT '' NOT NULL,
	"published_at" timestamp with time zone,
	"updated_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "partner_draw_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "partner_draw_group_size" integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "association_profiles" ADD CONSTRAINT "association_profiles_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "association_profiles" ADD CONSTRAINT "association_profiles_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_announcements" ADD CONSTRAINT "partner_announcements_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_announcements" ADD CONSTRAINT "partner_announcements_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_announcements" ADD CONSTRAINT "partner_announcements_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_announcements" ADD CONSTRAINT "partner_announcements_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_answers" ADD CONSTRAINT "partner_answers_announcement_id_partner_announcements_id_fk" FOREIGN KEY ("announcement_id") REFERENCES "public"."partner_announcements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_answers" ADD CONSTRAINT "partner_answers_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_answers" ADD CONSTRAINT "partner_answers_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_answers" ADD CONSTRAINT "partner_answers_invitation_id_invitations_id_fk" FOREIGN KEY ("invitation_id") REFERENCES "public"."invitations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_contact_messages" ADD CONSTRAINT "partner_contact_messages_contact_id_partner_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."partner_contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_contact_messages" ADD CONSTRAINT "partner_contact_messages_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_contact_reports" ADD CONSTRAINT "partner_contact_reports_contact_id_partner_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."partner_contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_contact_reports" ADD CONSTRAINT "partner_contact_reports_reported_user_id_users_id_fk" FOREIGN KEY ("reported_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_contact_reports" ADD CONSTRAINT "partner_contact_reports_reporter_user_id_users_id_fk" FOREIGN KEY ("reporter_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_contact_reports" ADD CONSTRAINT "partner_contact_reports_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_contact_reports" ADD CONSTRAINT "partner_contact_reports_lifted_by_id_users_id_fk" FOREIGN KEY ("lifted_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_contacts" ADD CONSTRAINT "partner_contacts_sender_user_id_users_id_fk" FOREIGN KEY ("sender_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_contacts" ADD CONSTRAINT "partner_contacts_sender_organization_id_organizations_id_fk" FOREIGN KEY ("sender_organization_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_contacts" ADD CONSTRAINT "partner_contacts_recipient_organization_id_organizations_id_fk" FOREIGN KEY ("recipient_organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_draw_groups" ADD CONSTRAINT "partner_draw_groups_draw_id_partner_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."partner_draws"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_draw_places" ADD CONSTRAINT "partner_draw_places_group_id_partner_draw_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."partner_draw_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_draw_places" ADD CONSTRAINT "partner_draw_places_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_draw_places" ADD CONSTRAINT "partner_draw_places_replaces_place_id_partner_draw_places_id_fk" FOREIGN KEY ("replaces_place_id") REFERENCES "public"."partner_draw_places"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_draw_volunteers" ADD CONSTRAINT "partner_draw_volunteers_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_draw_volunteers" ADD CONSTRAINT "partner_draw_volunteers_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_draw_volunteers" ADD CONSTRAINT "partner_draw_volunteers_volunteered_by_id_users_id_fk" FOREIGN KEY ("volunteered_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_draws" ADD CONSTRAINT "partner_draws_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_draws" ADD CONSTRAINT "partner_draws_drawn_by_id_users_id_fk" FOREIGN KEY ("drawn_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_recommendations" ADD CONSTRAINT "partner_recommendations_supporter_organization_id_organizations_id_fk" FOREIGN KEY ("supporter_organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_recommendations" ADD CONSTRAINT "partner_recommendations_recommended_by_id_users_id_fk" FOREIGN KEY ("recommended_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_recommendations" ADD CONSTRAINT "partner_recommendations_to_organization_id_organizations_id_fk" FOREIGN KEY ("to_organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partner_recommendations" ADD CONSTRAINT "partner_recommendations_recommended_organization_id_organizations_id_fk" FOREIGN KEY ("recommended_organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_publication_consents" ADD CONSTRAINT "project_publication_consents_application_id_project_publications_application_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."project_publications"("application_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_publication_consents" ADD CONSTRAINT "project_publication_consents_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_publication_consents" ADD CONSTRAINT "project_publication_consents_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_publications" ADD CONSTRAINT "project_publications_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_publications" ADD CONSTRAINT "project_publications_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "association_profiles_published_idx" ON "association_profiles" USING btree ("published_at") WHERE "association_profiles"."published_at" is not null;--> statement-breakpoint
CREATE INDEX "association_profiles_themes_idx" ON "association_profiles" USING gin ("themes");--> statement-breakpoint
CREATE INDEX "association_profiles_offers_idx" ON "association_profiles" USING gin ("offers");--> statement-breakpoint
CREATE INDEX "association_profiles_needs_idx" ON "association_profiles" USING gin ("needs");--> statement-breakpoint
CREATE INDEX "association_profiles_latitude_idx" ON "association_profiles" USING btree ("latitude");--> statement-breakpoint
CREATE INDEX "partner_announcements_call_idx" ON "partner_announcements" USING btree ("call_id","status");--> statement-breakpoint
CREATE INDEX "partner_announcements_organization_idx" ON "partner_announcements" USING btree ("organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_answers_announcement_organization_unique" ON "partner_answers" USING btree ("announcement_id","organization_id");--> statement-breakpoint
CREATE INDEX "partner_contact_messages_contact_idx" ON "partner_contact_messages" USING btree ("contact_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_contact_reports_contact_unique" ON "partner_contact_reports" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "partner_contact_reports_reported_idx" ON "partner_contact_reports" USING btree ("reported_user_id");--> statement-breakpoint
CREATE INDEX "partner_contacts_recipient_idx" ON "partner_contacts" USING btree ("recipient_organization_id","created_at");--> statement-breakpoint
CREATE INDEX "partner_contacts_sender_idx" ON "partner_contacts" USING btree ("sender_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_draw_groups_position_unique" ON "partner_draw_groups" USING btree ("draw_id","departement","position");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_draw_places_group_organization_unique" ON "partner_draw_places" USING btree ("group_id","organization_id");--> statement-breakpoint
CREATE INDEX "partner_draw_places_status_idx" ON "partner_draw_places" USING btree ("status","confirm_by");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_draw_volunteers_call_organization_unique" ON "partner_draw_volunteers" USING btree ("call_id","organization_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_draws_call_unique" ON "partner_draws" USING btree ("call_id");--> statement-breakpoint
CREATE UNIQUE INDEX "partner_recommendations_unique" ON "partner_recommendations" USING btree ("supporter_organization_id","to_organization_id","recommended_organization_id");--> statement-breakpoint
CREATE INDEX "partner_recommendations_to_idx" ON "partner_recommendations" USING btree ("to_organization_id");--> statement-breakpoint
CREATE INDEX "project_publications_published_idx" ON "project_publications" USING btree ("published_at") WHERE "project_publications"."published_at" is not null;