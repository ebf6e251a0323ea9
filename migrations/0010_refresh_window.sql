-- calibration_refresh summarises each unit (criterion, application) with window aggregates over
-- its ratings instead of joining the ratings back to a GROUP BY of themselves.
--
-- The planner estimates the DISTINCT ON of the latest ratings from the statistics of scorecards
-- and scorecard_ratings; when those describe the tables as they were (small, few applications),
-- it took that CTE for one row and joined it to the aggregate by a nested loop that aggregated the
-- whole chunk again for every rating: 7,467 ratings of 700 applications re-aggregated 7,467 times
-- (7.8 million rows compared), 14 s, past the statement timeout of a role rebuild in the full
-- test suite. Window aggregates need no join and no estimate: one sort of the chunk's ratings by
-- unit and interviewer. Same rows as before (panel ordered by interviewer, co-values without the
-- rating itself); every other step is unchanged from 0009.
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
  fresh AS (
    -- Each rating with a summary of the unit's other raters (the unit without this rating), from
    -- window aggregates over its unit: one sort of the chunk's ratings, never a join back to them.
    -- The scales have at most seven levels: one count per level.
    SELECT l.*, (count(*) OVER unit)::int - 1 AS co_raters, (sum(l.rating) OVER unit)::int - l.rating AS co_total,
      array_agg(l.interviewer_id) OVER unit AS panel,
      ARRAY[(count(*) FILTER (WHERE l.rating = 1) OVER unit)::int - (l.rating = 1)::int,
            (count(*) FILTER (WHERE l.rating = 2) OVER unit)::int - (l.rating = 2)::int,
            (count(*) FILTER (WHERE l.rating = 3) OVER unit)::int - (l.rating = 3)::int,
            (count(*) FILTER (WHERE l.rating = 4) OVER unit)::int - (l.rating = 4)::int,
            (count(*) FILTER (WHERE l.rating = 5) OVER unit)::int - (l.rating = 5)::int,
            (count(*) FILTER (WHERE l.rating = 6) OVER unit)::int - (l.rating = 6)::int,
            (count(*) FILTER (WHERE l.rating = 7) OVER unit)::int - (l.rating = 7)::int]::int[] AS co_levels
    FROM latest l
    WINDOW unit AS (PARTITION BY l.criterion_id, l.application_id ORDER BY l.interviewer_id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
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
