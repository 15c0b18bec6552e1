CREATE TABLE "call_versions" (
	"call_id" text NOT NULL,
	"slot" smallint NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "call_versions_call_id_slot_pk" PRIMARY KEY("call_id","slot")
);
--> statement-breakpoint
-- One more change of a call's data, in the slot of this transaction (see db/schema/call-versions.ts).
CREATE FUNCTION "bump_call_version"(target text) RETURNS void LANGUAGE sql AS $$
	INSERT INTO "call_versions" AS v ("call_id", "slot", "version") VALUES (target, (txid_current() % 16)::smallint, 1)
	ON CONFLICT ("call_id", "slot") DO UPDATE SET "version" = v."version" + 1
$$;
--> statement-breakpoint
-- The row changed (the new one, or the old one when deleted) names its call directly, or through its dossier.
CREATE FUNCTION "call_data_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	changed record;
BEGIN
	IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
	IF TG_TABLE_NAME = 'calls' THEN
		PERFORM "bump_call_version"(changed."id");
	ELSIF TG_TABLE_NAME IN ('applications', 'themes', 'criteria', 'jurors') THEN
		PERFORM "bump_call_version"(changed."call_id");
		IF TG_OP = 'UPDATE' AND OLD."call_id" IS DISTINCT FROM NEW."call_id" THEN PERFORM "bump_call_version"(OLD."call_id"); END IF;
	ELSE
		-- application_members, evaluations, evaluation_reports, jury_assignments, jury_conflicts.
		-- A row deleted with its dossier finds no dossier: the dossier's own deletion counted.
		PERFORM "bump_call_version"(a."call_id") FROM "applications" a WHERE a."id" = changed."application_id";
	END IF;
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- An organisation's figures, names or département are read by the bilans and deliberations of
-- the calls it takes part in: as funder, as lead, or as a member of a consortium.
CREATE FUNCTION "organization_data_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM "bump_call_version"(involved."call_id") FROM (
		SELECT c."id" AS "call_id" FROM "calls" c WHERE c."funder_id" = NEW."id"
		UNION SELECT a."call_id" FROM "applications" a WHERE a."lead_organization_id" = NEW."id"
		UNION SELECT a."call_id" FROM "application_members" am JOIN "applications" a ON a."id" = am."application_id" WHERE am."organization_id" = NEW."id"
		ORDER BY 1
	) involved;
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- At once, not deferred to the commit: a transaction that reads a version after its own changes sees them counted.
CREATE TRIGGER "calls_call_version" AFTER INSERT OR UPDATE ON "calls" FOR EACH ROW EXECUTE FUNCTION "call_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "themes_call_version" AFTER INSERT OR UPDATE OR DELETE ON "themes" FOR EACH ROW EXECUTE FUNCTION "call_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "criteria_call_version" AFTER INSERT OR UPDATE OR DELETE ON "criteria" FOR EACH ROW EXECUTE FUNCTION "call_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "jurors_call_version" AFTER INSERT OR UPDATE OR DELETE ON "jurors" FOR EACH ROW EXECUTE FUNCTION "call_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "applications_call_version" AFTER INSERT OR UPDATE OR DELETE ON "applications" FOR EACH ROW EXECUTE FUNCTION "call_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "application_members_call_version" AFTER INSERT OR UPDATE OR DELETE ON "application_members" FOR EACH ROW EXECUTE FUNCTION "call_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "evaluations_call_version" AFTER INSERT OR UPDATE OR DELETE ON "evaluations" FOR EACH ROW EXECUTE FUNCTION "call_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "evaluation_reports_call_version" AFTER INSERT OR UPDATE OR DELETE ON "evaluation_reports" FOR EACH ROW EXECUTE FUNCTION "call_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "jury_assignments_call_version" AFTER INSERT OR UPDATE OR DELETE ON "jury_assignments" FOR EACH ROW EXECUTE FUNCTION "call_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "jury_conflicts_call_version" AFTER INSERT OR UPDATE OR DELETE ON "jury_conflicts" FOR EACH ROW EXECUTE FUNCTION "call_data_changed"();
--> statement-breakpoint
CREATE TRIGGER "organizations_call_version" AFTER UPDATE ON "organizations" FOR EACH ROW
	WHEN (
		OLD."name" IS DISTINCT FROM NEW."name" OR OLD."siren" IS DISTINCT FROM NEW."siren" OR OLD."rna" IS DISTINCT FROM NEW."rna"
		OR OLD."local_register_number" IS DISTINCT FROM NEW."local_register_number" OR OLD."sector" IS DISTINCT FROM NEW."sector"
		OR OLD."annual_budget_cents" IS DISTINCT FROM NEW."annual_budget_cents" OR OLD."employees" IS DISTINCT FROM NEW."employees"
		OR OLD."departement" IS DISTINCT FROM NEW."departement"
	)
	EXECUTE FUNCTION "organization_data_changed"();
