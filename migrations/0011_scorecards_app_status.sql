-- Submitted scorecards of an application are found through one index holding both columns.
--
-- calibration_refresh reaches each application's submitted scorecards with
-- `application_id = … AND status = 'submitted'`. With scorecards_app on application_id alone, the
-- planner could intersect it (BitmapAnd) with scorecards_org_role on its third column, status:
-- on statistics from before a bulk load, which took 'submitted' for rare, that read the status of
-- every scorecard in the index once per application (100,000 entries for each of 500 applications,
-- 660 of 745 ms of a refresh in a 100,000-scorecard import; the refreshes fell behind the writes
-- and the import waited for them). No second index can narrow an index that holds both columns.
DROP INDEX "scorecards_app";--> statement-breakpoint
CREATE INDEX "scorecards_app" ON "scorecards" USING btree ("application_id","status");