-- Catalog and inventory list indexes (issue 4).
--
-- Row-level security makes every user predicate that is not LEAKPROOF a filter applied
-- AFTER the policy, never an index condition. numeric comparisons are not leakproof, int8
-- ones are: price range filters and price sorting therefore use a generated integer
-- column of cents. (The `q` search runs its LIKE inside app_product_search_ids(), see
-- sql/rls/30_functions.sql, for the same reason.)
ALTER TABLE "products" ADD COLUMN "price_cents" BIGINT GENERATED ALWAYS AS (("price" * 100)::bigint) STORED;

-- Public/customer lists (active only) by price, and staff lists (all) by price.
DROP INDEX IF EXISTS "products_tenant_id_is_active_price_idx";
CREATE INDEX "products_tenant_id_is_active_price_cents_id_idx" ON "products" ("tenant_id", "is_active", "price_cents", "id");
CREATE INDEX "products_tenant_id_price_cents_id_idx" ON "products" ("tenant_id", "price_cents", "id");

-- Staff lists without an isActive filter, with the id tie-breaker used for stable
-- pagination; a btree serves both directions of each sort.
CREATE INDEX "products_tenant_id_created_at_id_idx" ON "products" ("tenant_id", "created_at", "id");
CREATE INDEX "products_tenant_id_name_id_idx" ON "products" ("tenant_id", "name", "id");

-- GET /inventory?lowStock=true: only low rows are indexed, in the list's order.
CREATE INDEX "inventory_low_stock_idx" ON "inventory" ("tenant_id", "quantity", "product_id")
  WHERE "quantity" <= "low_stock_threshold";
