-- Filtered storefront lists (category + price range, active only): the page query and the
-- count for meta.total are both served by one index whose columns are all leakproof under
-- RLS (uuid, text and bool equality, int8 range), so the count is an index(-only) scan whose
-- cost does not grow with the rest of the tenant's catalogue.
CREATE INDEX "products_tenant_category_active_price_idx"
  ON "products" ("tenant_id", "category", "is_active", "price_cents", "id");
