-- The exports of a call's applications are kept per call data version too (decision 032): they
-- also read the call's questions (one column per question) and each association's SIRET.
CREATE OR REPLACE FUNCTION "call_data_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	changed record;
BEGIN
	IF TG_OP = 'DELETE' THEN changed := OLD; ELSE changed := NEW; END IF;
	IF TG_TABLE_NAME = 'calls' THEN
		PERFORM "bump_call_version"(changed."id");
	ELSIF TG_TABLE_NAME IN ('applications', 'themes', 'criteria', 'jurors', 'call_questions') THEN
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
CREATE TRIGGER "call_questions_call_version" AFTER INSERT OR UPDATE OR DELETE ON "call_questions" FOR EACH ROW EXECUTE FUNCTION "call_data_changed"();
--> statement-breakpoint
DROP TRIGGER "organizations_call_version" ON "organizations";
--> statement-breakpoint
CREATE TRIGGER "organizations_call_version" AFTER UPDATE ON "organizations" FOR EACH ROW
	WHEN (
		OLD."name" IS DISTINCT FROM NEW."name" OR OLD."siren" IS DISTINCT FROM NEW."siren" OR OLD."siret" IS DISTINCT FROM NEW."siret"
		OR OLD."rna" IS DISTINCT FROM NEW."rna" OR OLD."local_register_number" IS DISTINCT FROM NEW."local_register_number"
		OR OLD."sector" IS DISTINCT FROM NEW."sector" OR OLD."annual_budget_cents" IS DISTINCT FROM NEW."annual_budget_cents"
		OR OLD."employees" IS DISTINCT FROM NEW."employees" OR OLD."departement" IS DISTINCT FROM NEW."departement"
	)
	EXECUTE FUNCTION "organization_data_changed"();
