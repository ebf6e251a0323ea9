-- calibration_ratings leaves the application's foreign key for a statement trigger.
--
-- Its rows are derived from submitted scorecards of applications that calibration_refresh has
-- locked first, so the key's check on every inserted row could never fail; it cost more than a
-- third of a refresh (a 500-application chunk of an import, 8,666 rows: 194-232 ms with it,
-- 107-166 ms without). Its other duty, removing a deleted application's rows, is kept by one
-- statement-level trigger, also when the deletion cascades from the organization.
ALTER TABLE "calibration_ratings" DROP CONSTRAINT "calibration_ratings_application_id_applications_id_fk";--> statement-breakpoint
CREATE FUNCTION calibration_ratings_forget_applications() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM calibration_ratings c USING deleted_applications d WHERE c.application_id = d.id;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER applications_forget_calibration_ratings AFTER DELETE ON applications
REFERENCING OLD TABLE AS deleted_applications FOR EACH STATEMENT EXECUTE FUNCTION calibration_ratings_forget_applications();
