CREATE TABLE "retention_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"draft_months" integer NOT NULL,
	"drafts_warned" integer DEFAULT 0 NOT NULL,
	"drafts_deleted" integer DEFAULT 0 NOT NULL,
	"accounts_deleted" integer DEFAULT 0 NOT NULL,
	"warned" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"deleted" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "applications" ADD COLUMN "retention_warned_at" timestamp with time zone;