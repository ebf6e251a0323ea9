CREATE TABLE "calibration_ratings" (
	"org_id" uuid NOT NULL,
	"role_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"interviewer_id" uuid NOT NULL,
	"rating" integer NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"co_raters" integer NOT NULL,
	"co_total" integer NOT NULL,
	"co_levels" integer[] NOT NULL,
	"panel" uuid[] NOT NULL,
	CONSTRAINT "calibration_ratings_criterion_id_application_id_interviewer_id_pk" PRIMARY KEY("criterion_id","application_id","interviewer_id")
);
--> statement-breakpoint
ALTER TABLE "scorecards" ADD COLUMN "assigned_criteria" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "scorecards" ADD COLUMN "assessed_criteria" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "calibration_ratings" ADD CONSTRAINT "calibration_ratings_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_ratings" ADD CONSTRAINT "calibration_ratings_role_id_roles_id_fk" FOREIGN KEY ("role_id") REFERENCES "public"."roles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_ratings" ADD CONSTRAINT "calibration_ratings_criterion_id_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."criteria"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_ratings" ADD CONSTRAINT "calibration_ratings_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_ratings" ADD CONSTRAINT "calibration_ratings_interviewer_id_users_id_fk" FOREIGN KEY ("interviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calibration_ratings_role" ON "calibration_ratings" USING btree ("org_id","role_id");--> statement-breakpoint
CREATE INDEX "calibration_ratings_interviewer" ON "calibration_ratings" USING btree ("org_id","interviewer_id");--> statement-breakpoint
-- Backfill from the scorecards already submitted (the same derivation as src/calibration/store.ts).
UPDATE "scorecards" s SET
	"assigned_criteria" = cardinality(ii.assigned_criterion_ids),
	"assessed_criteria" = (SELECT count(*) FROM "scorecard_ratings" r WHERE r.scorecard_id = s.id AND r.is_current AND r.rating IS NOT NULL AND r.evidence IS NOT NULL AND NOT r.off_assignment)
FROM "interview_interviewers" ii
WHERE ii.interview_id = s.interview_id AND ii.interviewer_id = s.author_id AND s.status = 'submitted';--> statement-breakpoint
INSERT INTO "calibration_ratings" (org_id, role_id, criterion_id, application_id, interviewer_id, rating, submitted_at, co_raters, co_total, co_levels, panel)
WITH latest AS (
	SELECT DISTINCT ON (r.criterion_id, s.application_id, s.author_id)
		s.org_id, s.role_id, r.criterion_id, s.application_id, s.author_id AS interviewer_id, r.rating, s.submitted_at
	FROM "scorecards" s JOIN "scorecard_ratings" r ON r.scorecard_id = s.id
	WHERE s.status = 'submitted' AND r.is_current AND r.rating IS NOT NULL
	ORDER BY r.criterion_id, s.application_id, s.author_id, r.created_at DESC
),
units AS (
	SELECT criterion_id, application_id, count(*)::int AS raters, sum(rating)::int AS total,
		array_agg(interviewer_id ORDER BY interviewer_id) AS panel,
		array[count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 2), count(*) FILTER (WHERE rating = 3), count(*) FILTER (WHERE rating = 4),
			count(*) FILTER (WHERE rating = 5), count(*) FILTER (WHERE rating = 6), count(*) FILTER (WHERE rating = 7)]::int[] AS levels
	FROM latest GROUP BY criterion_id, application_id
)
SELECT l.org_id, l.role_id, l.criterion_id, l.application_id, l.interviewer_id, l.rating, l.submitted_at, u.raters - 1, u.total - l.rating,
	array[u.levels[1] - (l.rating = 1)::int, u.levels[2] - (l.rating = 2)::int, u.levels[3] - (l.rating = 3)::int, u.levels[4] - (l.rating = 4)::int,
		u.levels[5] - (l.rating = 5)::int, u.levels[6] - (l.rating = 6)::int, u.levels[7] - (l.rating = 7)::int]::int[],
	u.panel
FROM latest l JOIN units u USING (criterion_id, application_id);
