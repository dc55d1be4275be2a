-- Hand-written (partial index, not expressible in schema.prisma).
-- The outbox relay's sweeper looks for PENDING deliveries whose attempt is long overdue
-- (their queue job was lost, e.g. Redis data loss) and re-enqueues them.
CREATE INDEX "webhook_deliveries_pending_due_idx" ON "webhook_deliveries" ("next_attempt_at") WHERE "status" = 'PENDING';
