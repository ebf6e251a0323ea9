ALTER TABLE "calibration_ratings" DROP CONSTRAINT "calibration_ratings_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "calibration_ratings" DROP CONSTRAINT "calibration_ratings_role_id_roles_id_fk";
--> statement-breakpoint
ALTER TABLE "calibration_ratings" DROP CONSTRAINT "calibration_ratings_criterion_id_criteria_id_fk";
--> statement-breakpoint
ALTER TABLE "calibration_ratings" DROP CONSTRAINT "calibration_ratings_interviewer_id_users_id_fk";
--> statement-breakpoint
ALTER TABLE "calibration_ratings" DROP CONSTRAINT "calibration_ratings_criterion_id_application_id_interviewer_id_pk";--> statement-breakpoint
ALTER TABLE "calibration_ratings" ADD CONSTRAINT "calibration_ratings_application_id_criterion_id_interviewer_id_pk" PRIMARY KEY("application_id","criterion_id","interviewer_id");--> statement-breakpoint
-- custom SQL (keep when regenerating)
-- The calibration derivation, once, for every writer: submissions and amendments (one application),
-- imports (many) and role-wide rebuilds. A unit is one criterion of one application; its raters
-- are the interviewers who rated it in submitted scorecards (the latest current rating of each).
-- Every call re-derives the rows of its applications from the scorecards, so calibration_ratings
-- is always exactly what the ratings say, never a running tally.
--
-- The applications are locked first, in id order: concurrent writers about one candidate refresh
-- one after the other, and because a VOLATILE function takes a new snapshot for each statement
-- under READ COMMITTED, the derivation below sees every rating committed before the lock was won.
-- Callers lock their scorecard before this, so locks are always taken scorecard, then application.
--
-- Each call is planned for its own applications and the tables' current size (a custom plan):
-- a generic plan is kept for the connection's life, and one made while an import's tables were
-- still small scanned them whole on every later call (a 20,000-scorecard import took 73 s instead
-- of 7). Planning costs a few tenths of a millisecond per submission; that is the price of a
-- refresh that stays proportional to its applications. It visits each application through its
-- indexes (a lateral subquery per application; OFFSET 0 keeps the planner from flattening it into
-- a scan). Without JIT: inflated estimates during a bulk load made PostgreSQL compile the
-- statement for ~0.4 s, for work that takes milliseconds.
CREATE OR REPLACE FUNCTION calibration_refresh(p_application_ids uuid[]) RETURNS void
LANGUAGE plpgsql VOLATILE SET plan_cache_mode = force_custom_plan SET jit = off AS $$
BEGIN
  PERFORM 1 FROM applications WHERE id = ANY (p_application_ids) ORDER BY id FOR NO KEY UPDATE;

  WITH latest AS (
    SELECT DISTINCT ON (r.criterion_id, s.application_id, s.author_id)
      s.org_id, s.role_id, r.criterion_id, s.application_id, s.author_id AS interviewer_id, r.rating, s.submitted_at
    FROM unnest(p_application_ids) AS a(id)
    CROSS JOIN LATERAL (SELECT * FROM scorecards s WHERE s.application_id = a.id AND s.status = 'submitted' OFFSET 0) s
    CROSS JOIN LATERAL (SELECT r.criterion_id, r.rating, r.created_at FROM scorecard_ratings r
                        WHERE r.scorecard_id = s.id AND r.is_current AND r.rating IS NOT NULL OFFSET 0) r
    ORDER BY r.criterion_id, s.application_id, s.author_id, r.created_at DESC
  ),
  units AS (
    -- The scales have at most seven levels: one count per level.
    SELECT criterion_id, application_id, count(*)::int AS raters, sum(rating)::int AS total,
      array_agg(interviewer_id ORDER BY interviewer_id) AS panel,
      ARRAY[count(*) FILTER (WHERE rating = 1), count(*) FILTER (WHERE rating = 2), count(*) FILTER (WHERE rating = 3),
            count(*) FILTER (WHERE rating = 4), count(*) FILTER (WHERE rating = 5), count(*) FILTER (WHERE rating = 6),
            count(*) FILTER (WHERE rating = 7)]::int[] AS levels
    FROM latest GROUP BY criterion_id, application_id
  ),
  fresh AS (
    -- Each rating with a summary of the unit's other raters (the unit without this rating).
    SELECT l.*, u.raters - 1 AS co_raters, u.total - l.rating AS co_total, u.panel,
      ARRAY[u.levels[1] - (l.rating = 1)::int, u.levels[2] - (l.rating = 2)::int, u.levels[3] - (l.rating = 3)::int,
            u.levels[4] - (l.rating = 4)::int, u.levels[5] - (l.rating = 5)::int, u.levels[6] - (l.rating = 6)::int,
            u.levels[7] - (l.rating = 7)::int]::int[] AS co_levels
    FROM latest l JOIN units u USING (criterion_id, application_id)
  ),
  stale AS (
    DELETE FROM calibration_ratings c WHERE c.ctid = ANY (ARRAY(
      SELECT x.ctid FROM unnest(p_application_ids) AS a(id)
      CROSS JOIN LATERAL (SELECT x.ctid, x.criterion_id, x.interviewer_id FROM calibration_ratings x WHERE x.application_id = a.id OFFSET 0) x
      WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.criterion_id = x.criterion_id AND f.application_id = a.id AND f.interviewer_id = x.interviewer_id)))
  )
  INSERT INTO calibration_ratings (org_id, role_id, criterion_id, application_id, interviewer_id, rating, submitted_at, co_raters, co_total, co_levels, panel)
  SELECT org_id, role_id, criterion_id, application_id, interviewer_id, rating, submitted_at, co_raters, co_total, co_levels, panel FROM fresh
  ON CONFLICT (application_id, criterion_id, interviewer_id) DO UPDATE SET
    rating = excluded.rating, submitted_at = excluded.submitted_at, co_raters = excluded.co_raters,
    co_total = excluded.co_total, co_levels = excluded.co_levels, panel = excluded.panel;
END $$;
--> statement-breakpoint
-- A first submission in one round trip: context, the role's checks, scorecard, ratings, calibration
-- rows, audit row and outbox message. The service has already run the checks that need no role
-- (src/scorecards/validate.ts: duplicates, evidence; evidence arrives trimmed); the two that need
-- the role (criterion of this role, rating within its scale) are here. Returns NULL, having written
-- nothing, whenever this is not a plain first submission that passes: not on the interview, the
-- application not active, the candidate erased, a check failing, a draft or submission already
-- there. The service then takes its transactional path, which says exactly why, or writes it.
-- Ids come from the service (uuidv7, as everywhere): p_ids {scorecard, message}; p_ratings
-- [{id, criterionId, rating, evidence, evidenceChars}] in the order sent.
CREATE OR REPLACE FUNCTION scorecard_submit(
  p_org uuid, p_interview uuid, p_author uuid, p_ids jsonb, p_ratings jsonb,
  p_recommendation text, p_notes text, p_notes_chars int, p_now timestamptz
) RETURNS jsonb
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  ctx record;
  card_id uuid;
  written jsonb;
BEGIN
  -- The candidate row is share-locked as on the transactional path, so an erasure waits for us.
  SELECT i.application_id, i.role_id, ii.assigned_criterion_ids AS assigned, a.status AS application_status,
         c.erased_at, cardinality(r.scale_labels) AS levels,
         coalesce((SELECT array_agg(cr.id) FROM criteria cr WHERE cr.role_id = i.role_id), '{}'::uuid[]) AS role_criteria
    INTO ctx
    FROM interviews i
    JOIN interview_interviewers ii ON ii.interview_id = i.id AND ii.interviewer_id = p_author
    JOIN applications a ON a.id = i.application_id
    JOIN candidates c ON c.id = a.candidate_id
    JOIN roles r ON r.id = i.role_id
   WHERE i.org_id = p_org AND i.id = p_interview
     FOR SHARE OF c;
  IF NOT FOUND OR ctx.application_status <> 'active' OR ctx.erased_at IS NOT NULL THEN
    RETURN NULL;
  END IF;
  IF EXISTS (
    SELECT 1 FROM jsonb_array_elements(p_ratings) x
     WHERE NOT ((x->>'criterionId')::uuid = ANY (ctx.role_criteria)) OR (x->>'rating')::int NOT BETWEEN 1 AND ctx.levels
  ) THEN
    RETURN NULL;
  END IF;

  -- Off-assignment and focus as src/scorecards/validate.ts and usecases.ts derive them.
  WITH sent AS (
    SELECT ord, (x->>'id')::uuid AS id, (x->>'criterionId')::uuid AS criterion_id, (x->>'rating')::int AS rating, x->>'evidence' AS evidence,
           (x->>'evidenceChars')::int AS evidence_chars, NOT ((x->>'criterionId')::uuid = ANY (ctx.assigned)) AS off_assignment
      FROM jsonb_array_elements(p_ratings) WITH ORDINALITY AS t(x, ord)
  ),
  card AS (
    INSERT INTO scorecards (id, org_id, interview_id, application_id, role_id, author_id, status, recommendation, notes,
                            submitted_at, assigned_criteria, assessed_criteria, created_at, updated_at)
    SELECT (p_ids->>'scorecard')::uuid, p_org, p_interview, ctx.application_id, ctx.role_id, p_author, 'submitted', p_recommendation, p_notes,
           p_now, cardinality(ctx.assigned),
           (SELECT count(*) FROM sent WHERE NOT off_assignment AND rating IS NOT NULL AND evidence IS NOT NULL), p_now, p_now
    ON CONFLICT (interview_id, author_id) DO NOTHING
    RETURNING id
  ),
  ratings AS (
    INSERT INTO scorecard_ratings (id, org_id, scorecard_id, criterion_id, rating, evidence, off_assignment, created_at)
    SELECT sent.id, p_org, card.id, sent.criterion_id, sent.rating, sent.evidence, sent.off_assignment, p_now
      FROM card, sent
  )
  SELECT card.id, (SELECT coalesce(jsonb_agg(jsonb_build_object('criterionId', criterion_id, 'rating', rating,
                          'evidenceChars', evidence_chars, 'offAssignment', off_assignment) ORDER BY ord), '[]'::jsonb) FROM sent)
    INTO card_id, written
    FROM card;
  IF card_id IS NULL THEN
    RETURN NULL; -- a draft or a submission exists: nothing was inserted
  END IF;

  PERFORM calibration_refresh(ARRAY[ctx.application_id]);

  -- What src/scorecards/schemas.ts auditableScorecard keeps: numbers and sizes, never text.
  INSERT INTO audit_log (org_id, actor_id, action, entity, entity_id, after)
  VALUES (p_org, p_author, 'scorecard.submit', 'scorecard', card_id::text,
          jsonb_build_object('status', 'submitted', 'recommendation', p_recommendation, 'notesChars', p_notes_chars, 'ratings', written));

  INSERT INTO outbox_messages (id, org_id, kind, data, due_at, created_at)
  VALUES ((p_ids->>'message')::uuid, p_org, 'scorecard.submitted',
          jsonb_build_object('orgId', p_org, 'roleId', ctx.role_id, 'applicationId', ctx.application_id, 'interviewId', p_interview, 'scorecardId', card_id),
          p_now, p_now);

  RETURN jsonb_build_object('id', card_id, 'applicationId', ctx.application_id,
                            'offAssignment', (SELECT jsonb_agg(w->'offAssignment' ORDER BY ord) FROM jsonb_array_elements(written) WITH ORDINALITY AS t(w, ord)));
END $$;
