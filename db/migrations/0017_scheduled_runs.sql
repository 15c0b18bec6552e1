CREATE TYPE "public"."scheduled_run_outcome" AS ENUM('running', 'done', 'failed');--> statement-breakpoint
CREATE TABLE "scheduled_runs" (
	"job" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"instance_id" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" "scheduled_run_outcome" DEFAULT 'running' NOT NULL,
	"summary" jsonb,
	"error" text,
	CONSTRAINT "scheduled_runs_job_due_at_pk" PRIMARY KEY("job","due_at")
);
--> statement-breakpoint
CREATE INDEX "scheduled_runs_due_idx" ON "scheduled_runs" USING btree ("due_at");