CREATE TABLE "directory_versions" (
	"slot" smallint PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- One more change of what the directory shows, in the slot of this transaction (see db/schema/directory-versions.ts).
CREATE FUNCTION "directory_data_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO "directory_versions" AS v ("slot", "version") VALUES ((txid_current() % 16)::smallint, 1)
	ON CONFLICT ("slot") DO UPDATE SET "version" = v."version" + 1;
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- Once per statement: a bulk import of profiles counts once, and a profile deleted with its association (a cascade) counts too.
CREATE TRIGGER "association_profiles_directory_version" AFTER INSERT OR UPDATE OR DELETE ON "association_profiles" FOR EACH STATEMENT EXECUTE FUNCTION "directory_data_changed"();
--> statement-breakpoint
-- What a directory page reads of an association; its other columns (contact, budget) are never shown there.
CREATE TRIGGER "organizations_directory_version" AFTER UPDATE ON "organizations" FOR EACH ROW
	WHEN (
		OLD."name" IS DISTINCT FROM NEW."name" OR OLD."sector" IS DISTINCT FROM NEW."sector" OR OLD."commune" IS DISTINCT FROM NEW."commune"
		OR OLD."departement" IS DISTINCT FROM NEW."departement" OR OLD."kind" IS DISTINCT FROM NEW."kind"
	)
	EXECUTE FUNCTION "directory_data_changed"();
