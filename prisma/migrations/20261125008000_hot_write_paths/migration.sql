-- Hand-written (partial indexes and a generated column, not expressible in schema.prisma).
-- Indexes on the two tables every order writes, chosen so the write paths stay cheap and
-- their plans cannot degrade (issue 7; measured with pg_stat_user_indexes in `npm run bench`).
--
-- inventory: no index may contain `quantity`. Every order line decrements it; with an index
-- on it each decrement was a non-HOT update (a new entry in every index) and, until vacuum,
-- dead entries piled up in (tenant_id, quantity): the stock UPDATE planned on it read
-- ~17,000 index entries per order after 15k orders. Now a decrement changes no indexed
-- value (is_low only flips when a product crosses its threshold), so it is a HOT update
-- and the tenant's rows are found through (tenant_id, product_id) or the primary key.
DROP INDEX IF EXISTS "inventory_tenant_id_quantity_idx";
DROP INDEX IF EXISTS "inventory_low_stock_idx";
ALTER TABLE "inventory" ADD COLUMN "is_low" BOOLEAN
  GENERATED ALWAYS AS ("quantity" <= "low_stock_threshold") STORED;
CREATE INDEX "inventory_tenant_id_product_id_idx" ON "inventory" ("tenant_id", "product_id");
-- GET /inventory?lowStock=true and the low-stock gauge: only low rows are indexed.
CREATE INDEX "inventory_low_stock_idx" ON "inventory" ("tenant_id", "product_id") WHERE "is_low";
-- Room on each page for the new row versions of HOT updates.
ALTER TABLE "inventory" SET (fillfactor = 80);

-- outbox_events: the relay locks a tenant's undispatched events oldest first. Through
-- (tenant_id, created_at) it walked every event the tenant ever had (dispatched ones
-- included); a partial index holds only the undispatched ones. The old index served nothing
-- else, and dropping it makes marking an event dispatched one index insert cheaper.
DROP INDEX IF EXISTS "outbox_events_tenant_id_created_at_idx";
CREATE INDEX "outbox_events_tenant_pending_idx" ON "outbox_events" ("tenant_id", "created_at", "id")
  WHERE "dispatched_at" IS NULL;
