CREATE TABLE "storage_orphans" (
	"key" text PRIMARY KEY NOT NULL,
	"unreferenced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "storage_orphans_due_idx" ON "storage_orphans" USING btree ("unreferenced_at");--> statement-breakpoint
CREATE INDEX "attachments_storage_key_idx" ON "attachments" USING btree ("storage_key");--> statement-breakpoint
CREATE INDEX "outbox_attachments_idx" ON "outbox_messages" USING gin ("attachments" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "decision_letters_storage_key_idx" ON "decision_letters" USING btree ("storage_key");