ALTER TABLE "jury_assignments" ADD COLUMN "weighted_score" double precision;--> statement-breakpoint
-- Evaluations sent before this column existed: their weighted score from their scores (every criterion is scored once sent).
UPDATE "jury_assignments" AS "sent" SET "weighted_score" = "computed"."score"
FROM (
	SELECT "a"."id", round((sum("c"."weight"::numeric * "s"."value" / "c"."scale_max") / sum("c"."weight") * 100)::numeric, 1)::double precision AS "score"
	FROM "jury_assignments" "a"
	JOIN "scores" "s" ON "s"."assignment_id" = "a"."id"
	JOIN "criteria" "c" ON "c"."id" = "s"."criterion_id"
	WHERE "a"."submitted_at" IS NOT NULL AND "s"."value" IS NOT NULL
	GROUP BY "a"."id"
	HAVING sum("c"."weight") > 0
) AS "computed"
WHERE "sent"."id" = "computed"."id";
