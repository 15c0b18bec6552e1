CREATE TABLE "storage_orphans" (
	"key" text PRIMARY KEY NOT NULL,
	"unreferenced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "storage_orphans_due_idx" ON "storage_orphans" USING btree ("unreferenced_at");