CREATE TABLE "call_definition_versions" (
	"call_id" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_versions" (
	"application_id" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "call_definition_versions" ADD CONSTRAINT "call_definition_versions_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dossier_versions" ADD CONSTRAINT "dossier_versions_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- The dossiers given (those that still exist) are now as this transaction leaves them
-- (db/schema/dossier-versions.ts). Rewritten once per transaction, in order of id.
CREATE FUNCTION "bump_dossier_versions"(targets text[]) RETURNS void LANGUAGE sql AS $$
	INSERT INTO "dossier_versions" AS v ("application_id", "version")
	SELECT a."id", txid_current() FROM "applications" a WHERE a."id" = ANY(targets) ORDER BY a."id"
	ON CONFLICT ("application_id") DO UPDATE SET "version" = excluded."version" WHERE v."version" IS DISTINCT FROM excluded."version"
$$;
--> statement-breakpoint
-- The same for calls as associations read them.
CREATE FUNCTION "bump_call_definition_versions"(targets text[]) RETURNS void LANGUAGE sql AS $$
	INSERT INTO "call_definition_versions" AS v ("call_id", "version")
	SELECT c."id", txid_current() FROM "calls" c WHERE c."id" = ANY(targets) ORDER BY c."id"
	ON CONFLICT ("call_id") DO UPDATE SET "version" = excluded."version" WHERE v."version" IS DISTINCT FROM excluded."version"
$$;
--> statement-breakpoint
-- The row changed (the new one and, when changed or deleted, the old one) names its dossier.
CREATE FUNCTION "dossier_data_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	targets text[];
BEGIN
	IF TG_TABLE_NAME = 'applications' THEN
		-- A deleted dossier takes its version with it (ON DELETE CASCADE).
		IF TG_OP <> 'DELETE' THEN targets := ARRAY[NEW."id"]; END IF;
	ELSIF TG_TABLE_NAME = 'audit_events' THEN
		IF TG_OP <> 'DELETE' AND NEW."subject_type" = 'application' THEN targets := ARRAY[NEW."subject_id"]; END IF;
		IF TG_OP <> 'INSERT' AND OLD."subject_type" = 'application' THEN targets := targets || OLD."subject_id"; END IF;
	ELSE
		-- application_members, attachments, application_requests, supporter_opinions.
		IF TG_OP <> 'DELETE' THEN targets := ARRAY[NEW."application_id"]; END IF;
		IF TG_OP <> 'INSERT' THEN targets := targets || OLD."application_id"; END IF;
	END IF;
	IF targets IS NOT NULL THEN PERFORM "bump_dossier_versions"(targets); END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- The row changed names its call (a call, one of its themes or questions).
CREATE FUNCTION "call_definition_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	targets text[];
BEGIN
	IF TG_TABLE_NAME = 'calls' THEN
		targets := ARRAY[NEW."id"];
	ELSE
		IF TG_OP <> 'DELETE' THEN targets := ARRAY[NEW."call_id"]; END IF;
		IF TG_OP <> 'INSERT' THEN targets := targets || OLD."call_id"; END IF;
	END IF;
	PERFORM "bump_call_definition_versions"(targets);
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- A name shown in dossiers or on a call: an organisation's (a consortium member, the
-- accompanying structure, the author of an opinion, a call's funder) or a person's (the author
-- of an event of a dossier's history).
CREATE FUNCTION "shown_names_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_TABLE_NAME = 'organizations' THEN
		PERFORM "bump_dossier_versions"(ARRAY(
			SELECT am."application_id" FROM "application_members" am WHERE am."organization_id" = NEW."id"
			UNION SELECT a."id" FROM "applications" a WHERE a."supporter_organization_id" = NEW."id"
			UNION SELECT o."application_id" FROM "supporter_opinions" o WHERE o."organization_id" = NEW."id"
		));
		PERFORM "bump_call_definition_versions"(ARRAY(SELECT c."id" FROM "calls" c WHERE c."funder_id" = NEW."id"));
	ELSE
		PERFORM "bump_dossier_versions"(ARRAY(
			SELECT e."subject_id" FROM "audit_events" e WHERE e."actor_user_id" = NEW."id" AND e."subject_type" = 'application'
		));
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- At once, not deferred to the commit, as the call versions (0020).
CREATE TRIGGER "applications_dossier_version" AFTER INSERT OR UPDATE ON "applications" FOR EACH ROW EXECUTE FUNCTION "dossier_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "application_members_dossier_version" AFTER INSERT OR UPDATE OR DELETE ON "application_members" FOR EACH ROW EXECUTE FUNCTION "dossier_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "attachments_dossier_version" AFTER INSERT OR UPDATE OR DELETE ON "attachments" FOR EACH ROW EXECUTE FUNCTION "dossier_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "application_requests_dossier_version" AFTER INSERT OR UPDATE OR DELETE ON "application_requests" FOR EACH ROW EXECUTE FUNCTION "dossier_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "supporter_opinions_dossier_version" AFTER INSERT OR UPDATE OR DELETE ON "supporter_opinions" FOR EACH ROW EXECUTE FUNCTION "dossier_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "audit_events_dossier_version_insert" AFTER INSERT ON "audit_events" FOR EACH ROW
	WHEN (NEW."subject_type" = 'application') EXECUTE FUNCTION "dossier_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "audit_events_dossier_version_update" AFTER UPDATE ON "audit_events" FOR EACH ROW
	WHEN (OLD."subject_type" = 'application' OR NEW."subject_type" = 'application') EXECUTE FUNCTION "dossier_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "audit_events_dossier_version_delete" AFTER DELETE ON "audit_events" FOR EACH ROW
	WHEN (OLD."subject_type" = 'application') EXECUTE FUNCTION "dossier_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "calls_definition_version_insert" AFTER INSERT ON "calls" FOR EACH ROW EXECUTE FUNCTION "call_definition_changed"();
--> statement-breakpoint
-- The call's columns associations read (publishedCallColumns, its funder and required
-- attachments); not its jury's and deliberation's settings, written far more often.
CREATE TRIGGER "calls_definition_version" AFTER UPDATE ON "calls" FOR EACH ROW
	WHEN (
		(OLD."title", OLD."presentation", OLD."eligibility", OLD."territory", OLD."status", OLD."min_associations",
			OLD."max_amount_per_project_cents", OLD."envelope_cents", OLD."opens_at", OLD."deadline_at", OLD."jury_starts_on",
			OLD."jury_ends_on", OLD."decision_on", OLD."project_starts_on", OLD."project_ends_on", OLD."evaluation_due_on",
			OLD."funder_id", OLD."required_attachments")
		IS DISTINCT FROM
		(NEW."title", NEW."presentation", NEW."eligibility", NEW."territory", NEW."status", NEW."min_associations",
			NEW."max_amount_per_project_cents", NEW."envelope_cents", NEW."opens_at", NEW."deadline_at", NEW."jury_starts_on",
			NEW."jury_ends_on", NEW."decision_on", NEW."project_starts_on", NEW."project_ends_on", NEW."evaluation_due_on",
			NEW."funder_id", NEW."required_attachments")
	)
	EXECUTE FUNCTION "call_definition_changed"();
--> statement-breakpoint
CREATE TRIGGER "themes_definition_version" AFTER INSERT OR UPDATE OR DELETE ON "themes" FOR EACH ROW EXECUTE FUNCTION "call_definition_changed"();
--> statement-breakpoint
CREATE TRIGGER "call_questions_definition_version" AFTER INSERT OR UPDATE OR DELETE ON "call_questions" FOR EACH ROW EXECUTE FUNCTION "call_definition_changed"();
--> statement-breakpoint
CREATE TRIGGER "organizations_shown_names_version" AFTER UPDATE ON "organizations" FOR EACH ROW
	WHEN (OLD."name" IS DISTINCT FROM NEW."name" OR OLD."siret" IS DISTINCT FROM NEW."siret" OR OLD."siren" IS DISTINCT FROM NEW."siren" OR OLD."rna" IS DISTINCT FROM NEW."rna")
	EXECUTE FUNCTION "shown_names_changed"();
--> statement-breakpoint
CREATE TRIGGER "users_shown_names_version" AFTER UPDATE ON "users" FOR EACH ROW
	WHEN (OLD."display_name" IS DISTINCT FROM NEW."display_name")
	EXECUTE FUNCTION "shown_names_changed"();
--> statement-breakpoint
-- What exists starts at the version of this migration's transaction.
INSERT INTO "dossier_versions" ("application_id", "version") SELECT "id", txid_current() FROM "applications";
--> statement-breakpoint
INSERT INTO "call_definition_versions" ("call_id", "version") SELECT "id", txid_current() FROM "calls";
