-- Finished outbox messages and webhook delivery logs are deleted once older than
-- OUTBOX_RETENTION_DAYS; the worker's sweep finds them, oldest first, through these indexes.
CREATE INDEX "outbox_messages_finished" ON "outbox_messages" USING btree ("finished_at") WHERE status <> 'pending';--> statement-breakpoint
CREATE INDEX "webhook_deliveries_at" ON "webhook_deliveries" USING btree ("at");