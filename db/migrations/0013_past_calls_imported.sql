ALTER TABLE "calls" ADD COLUMN "imported_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "imported_from" text;