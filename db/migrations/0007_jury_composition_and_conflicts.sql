CREATE TYPE "public"."juror_kind" AS ENUM('funder_member', 'association_practitioner', 'external_expert', 'supporter_structure');--> statement-breakpoint
CREATE TYPE "public"."juror_status" AS ENUM('invited', 'active', 'declined', 'removed');--> statement-breakpoint
CREATE TYPE "public"."jury_conflict_cause" AS ENUM('member_of_consortium', 'recent_partnership', 'accompanied_by_juror_structure', 'declared_member', 'declared_recent_partnership', 'declared_personal', 'declared_other');--> statement-breakpoint
CREATE TYPE "public"."jury_conflict_source" AS ENUM('detected', 'declared');--> statement-breakpoint
CREATE TYPE "public"."jury_conflict_status" AS ENUM('open', 'confirmed', 'dismissed');--> statement-breakpoint
ALTER TYPE "public"."call_status" ADD VALUE 'deliberation' BEFORE 'decided';--> statement-breakpoint
CREATE TABLE "jury_conflicts" (
	"id" text PRIMARY KEY NOT NULL,
	"juror_id" text NOT NULL,
	"application_id" text NOT NULL,
	"source" "jury_conflict_source" NOT NULL,
	"cause" "jury_conflict_cause" NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"status" "jury_conflict_status" DEFAULT 'open' NOT NULL,
	"decided_by_id" text,
	"decision_reason" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "jurors" ADD COLUMN "kind" "juror_kind" DEFAULT 'external_expert' NOT NULL;--> statement-breakpoint
ALTER TABLE "jurors" ADD COLUMN "theme_ids" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "jurors" ADD COLUMN "territories" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "jurors" ADD COLUMN "max_load" integer;--> statement-breakpoint
ALTER TABLE "jurors" ADD COLUMN "is_chair" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "jurors" ADD COLUMN "status" "juror_status" DEFAULT 'invited' NOT NULL;--> statement-breakpoint
-- The jurors recorded before this migration were seated on their jury.
UPDATE "jurors" SET "status" = 'active';--> statement-breakpoint
ALTER TABLE "jurors" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "jury_conflicts" ADD CONSTRAINT "jury_conflicts_juror_id_jurors_id_fk" FOREIGN KEY ("juror_id") REFERENCES "public"."jurors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jury_conflicts" ADD CONSTRAINT "jury_conflicts_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "jury_conflicts" ADD CONSTRAINT "jury_conflicts_decided_by_id_users_id_fk" FOREIGN KEY ("decided_by_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "jury_conflicts_unique" ON "jury_conflicts" USING btree ("juror_id","application_id","cause");--> statement-breakpoint
CREATE INDEX "jury_conflicts_application_idx" ON "jury_conflicts" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "jurors_one_chair_per_call" ON "jurors" USING btree ("call_id") WHERE "jurors"."is_chair";--> statement-breakpoint
CREATE INDEX "jurors_user_idx" ON "jurors" USING btree ("user_id");