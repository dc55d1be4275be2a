-- orders (status, created_at) served no query: every order list is per tenant (the
-- tenant_id-prefixed indexes) and the expiry look-up uses the partial index
-- orders_pending_created_idx. Each order paid for one more index entry (issue 7).
DROP INDEX IF EXISTS "orders_status_created_at_idx";
