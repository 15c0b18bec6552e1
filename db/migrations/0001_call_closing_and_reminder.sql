ALTER TABLE "calls" ADD COLUMN "closed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "deadline_reminder_sent_at" timestamp with time zone;