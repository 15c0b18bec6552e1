CREATE TYPE "public"."jury_scores_visibility" AS ENUM('never', 'after_sending', 'always');--> statement-breakpoint
CREATE TYPE "public"."jury_assignment_source" AS ENUM('automatic', 'manual');--> statement-breakpoint
CREATE TYPE "public"."supporter_opinion_verdict" AS ENUM('favourable', 'reserved', 'unfavourable');--> statement-breakpoint
CREATE TABLE "supporter_opinions" (
	"id" text PRIMARY KEY NOT NULL,
	"application_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"verdict" "supporter_opinion_verdict" NOT NULL,
	"text" text NOT NULL,
	"author_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "scores" ALTER COLUMN "value" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "invitations" ADD COLUMN "jury_settings" jsonb;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "jury_scores_visibility" "jury_scores_visibility" DEFAULT 'after_sending' NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "jurors_per_application" integer DEFAULT 3 NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "required_juror_kind" "juror_kind";--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "jury_reminder_sent_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "supporter_organization_id" text;--> statement-breakpoint
ALTER TABLE "jury_assignments" ADD COLUMN "source" "jury_assignment_source" DEFAULT 'manual' NOT NULL;--> statement-breakpoint
ALTER TABLE "jury_assignments" ADD COLUMN "general_opinion" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "jury_assignments" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "jury_assignments" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jury_assignments" ADD COLUMN "reopened_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jury_assignments" ADD COLUMN "reopen_reason" text;--> statement-breakpoint
ALTER TABLE "jury_assignments" ADD COLUMN "notified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "jury_assignments" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "supporter_opinions" ADD CONSTRAINT "supporter_opinions_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supporter_opinions" ADD CONSTRAINT "supporter_opinions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supporter_opinions" ADD CONSTRAINT "supporter_opinions_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "supporter_opinions_application_unique" ON "supporter_opinions" USING btree ("application_id");--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_supporter_organization_id_organizations_id_fk" FOREIGN KEY ("supporter_organization_id") REFERENCES "public"."organizations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "jury_assignments_application_idx" ON "jury_assignments" USING btree ("application_id");