ALTER TABLE "imports" ADD COLUMN "heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
CREATE INDEX "calibration_ratings_application" ON "calibration_ratings" USING btree ("application_id");--> statement-breakpoint
CREATE INDEX "imports_running" ON "imports" USING btree ("heartbeat_at") WHERE status = 'running';