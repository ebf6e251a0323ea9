-- calibration_refresh keeps one plan per connection for a single application (a submission or an
-- amendment) and plans every call about several applications (imports, role rebuilds) as before.
--
-- Planning every call cost a submission 0.3-0.6 ms, more than running the refresh (scorecard_submit
-- on a fresh database: 1.5-1.9 ms from one client, 1.0-1.2 ms with the kept plan; ten clients
-- 1,330-1,560 -> 1,880-2,000 calls/s).
-- Migration 0007 planned every call because a plan kept for the connection's life, made while an
-- import's tables were small, scanned them whole on every later call. Every step of the refresh is
-- a lookup by application, scorecard or unit (the lateral subqueries and OFFSET 0 keep them so), so
-- it runs with sequential scans off: its plans can only be those lookups, whatever the tables held
-- or the statistics said when they were made (right after a bulk load, before ANALYZE, a custom
-- plan scanned the whole scorecards table once per calibration row: a role rebuild ran past its
-- statement timeout). One application's plan is kept; calls about many applications still get a
-- plan for their own size. The mode set here lasts until the function returns (its SET clause
-- restores it), and PostgreSQL keeps one plan per statement whichever mode chose it.
--
-- A stale row (a unit's rating that no longer exists) is found by looking up its own scorecard
-- and rating through their indexes, not by scanning the fresh rows: the planner takes an aggregate
-- CTE for one row, so it compared every existing row with every fresh one (3.2 million comparisons,
-- 0.32 s, for 145 applications that already had rows; the square of a re-import or role rebuild).
-- A (criterion, application, interviewer) is fresh exactly when a submitted scorecard of that
-- interviewer about that application has a current rating of that criterion. OFFSET 0 keeps each
-- lookup a lookup (an anti-join over the role was chosen otherwise, 31 ms per submission).
CREATE OR REPLACE FUNCTION calibration_refresh(p_application_ids uuid[]) RETURNS void
LANGUAGE plpgsql VOLATILE SET plan_cache_mode = force_custom_plan SET enable_seqscan = off SET jit = off AS $$
BEGIN
  IF cardinality(p_application_ids) = 1 THEN
    PERFORM set_config('plan_cache_mode', 'force_generic_plan', true);
  END IF;
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
      WHERE NOT EXISTS (SELECT 1 FROM (SELECT s.id FROM scorecards s WHERE s.application_id = a.id AND s.author_id = x.interviewer_id AND s.status = 'submitted' OFFSET 0) s
                        CROSS JOIN LATERAL (SELECT 1 FROM scorecard_ratings r WHERE r.scorecard_id = s.id AND r.is_current
                                            AND r.criterion_id = x.criterion_id AND r.rating IS NOT NULL OFFSET 0) r
                        OFFSET 0)))
  )
  INSERT INTO calibration_ratings (org_id, role_id, criterion_id, application_id, interviewer_id, rating, submitted_at, co_raters, co_total, co_levels, panel)
  SELECT org_id, role_id, criterion_id, application_id, interviewer_id, rating, submitted_at, co_raters, co_total, co_levels, panel FROM fresh
  ON CONFLICT (application_id, criterion_id, interviewer_id) DO UPDATE SET
    rating = excluded.rating, submitted_at = excluded.submitted_at, co_raters = excluded.co_raters,
    co_total = excluded.co_total, co_levels = excluded.co_levels, panel = excluded.panel;
END $$;
