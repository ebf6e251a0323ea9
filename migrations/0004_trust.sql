ALTER TABLE "outcomes" ALTER COLUMN "attainment" SET DATA TYPE numeric(12, 6);--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "candidate_id" uuid;--> statement-breakpoint
ALTER TABLE "idempotency_keys" ADD COLUMN "application_id" uuid;--> statement-breakpoint
CREATE INDEX "idempotency_keys_candidate" ON "idempotency_keys" USING btree ("org_id","candidate_id") WHERE "idempotency_keys"."candidate_id" is not null;--> statement-breakpoint
CREATE INDEX "idempotency_keys_application" ON "idempotency_keys" USING btree ("org_id","application_id") WHERE "idempotency_keys"."application_id" is not null;--> statement-breakpoint
-- custom SQL (keep when regenerating)
-- Replies stored before their owners were recorded: the owner is named in the reply itself.
UPDATE "idempotency_keys" k SET "application_id" = a."id" FROM "applications" a WHERE k."application_id" IS NULL AND k."response"->>'applicationId' = a."id"::text;--> statement-breakpoint
UPDATE "idempotency_keys" k SET "candidate_id" = c."id" FROM "candidates" c WHERE k."candidate_id" IS NULL AND c."id"::text IN (k."response"->>'candidateId', k."response"->>'id');
