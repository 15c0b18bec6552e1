CREATE TYPE "public"."ranking_score" AS ENUM('raw', 'calibrated');--> statement-breakpoint
CREATE TYPE "public"."background_job_status" AS ENUM('queued', 'running', 'done', 'failed');--> statement-breakpoint
CREATE TYPE "public"."decision_letter_status" AS ENUM('pending', 'prepared', 'queued', 'failed');--> statement-breakpoint
CREATE TABLE "background_jobs" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"call_id" text,
	"status" "background_job_status" DEFAULT 'queued' NOT NULL,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_by_id" text,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decision_amendments" (
	"id" text PRIMARY KEY NOT NULL,
	"application_id" text NOT NULL,
	"from_status" "application_status" NOT NULL,
	"to_status" "application_status" NOT NULL,
	"from_amount_cents" bigint,
	"to_amount_cents" bigint,
	"reason" text NOT NULL,
	"by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decision_letters" (
	"id" text PRIMARY KEY NOT NULL,
	"job_id" text,
	"application_id" text NOT NULL,
	"organization_id" text NOT NULL,
	"decision_version" integer NOT NULL,
	"decision" "application_status" NOT NULL,
	"status" "decision_letter_status" DEFAULT 'pending' NOT NULL,
	"storage_key" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"queued_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "message_templates" (
	"id" text PRIMARY KEY NOT NULL,
	"call_id" text NOT NULL,
	"key" text NOT NULL,
	"subject" text DEFAULT '' NOT NULL,
	"body" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "ranking_score" "ranking_score" DEFAULT 'calibrated' NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "disagreement_threshold" integer DEFAULT 25 NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "lottery_enabled" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "lottery_seed" bigint;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "lottery_drawn_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "deliberation_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "minutes_validated_by_id" text;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "minutes_validated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "minutes_storage_key" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "proposed_amount_cents" bigint;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "decision_motivation" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "waitlist_position" integer;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "decided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "decided_by_id" text;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "decision_version" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "background_jobs" ADD CONSTRAINT "background_jobs_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "background_jobs" ADD CONSTRAINT "background_jobs_created_by_id_users_id_fk" FOREIGN KEY ("created_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_amendments" ADD CONSTRAINT "decision_amendments_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_amendments" ADD CONSTRAINT "decision_amendments_by_id_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_letters" ADD CONSTRAINT "decision_letters_job_id_background_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."background_jobs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_letters" ADD CONSTRAINT "decision_letters_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_letters" ADD CONSTRAINT "decision_letters_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_templates" ADD CONSTRAINT "message_templates_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "message_templates" ADD CONSTRAINT "message_templates_updated_by_id_users_id_fk" FOREIGN KEY ("updated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "background_jobs_status_idx" ON "background_jobs" USING btree ("status","lease_until");--> statement-breakpoint
CREATE INDEX "background_jobs_call_idx" ON "background_jobs" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "decision_amendments_application_idx" ON "decision_amendments" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "decision_letters_once" ON "decision_letters" USING btree ("application_id","organization_id","decision_version");--> statement-breakpoint
CREATE INDEX "decision_letters_job_idx" ON "decision_letters" USING btree ("job_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "message_templates_call_key_unique" ON "message_templates" USING btree ("call_id","key");--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_minutes_validated_by_id_users_id_fk" FOREIGN KEY ("minutes_validated_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;