-- Money in the currency's ISO-4217 minor digits (contract part 2, "Money, again"): every
-- money column becomes DECIMAL(15,3), three places being the most any currency has (KWD,
-- BHD, JOD, OMR, TND, LYD: "1.255" KWD must be stored, not rounded to "1.26"), with room
-- for order totals. The columns part 2 added (carts, order subtotals...) are already (15,3).
--
-- products.price_cents (generated; int8 so price filters and sorts stay index conditions
-- under RLS, see 20261125004000_catalog_indexes) depends on products.price, and PostgreSQL
-- cannot change the type of a column a generated column uses: it is dropped (its three
-- indexes with it) and re-created. It now holds THOUSANDTHS of the currency unit (price *
-- 1000), exact for every currency; the name stays so the indexes, product_search and
-- app_product_search_rows (sql/rls/30_functions.sql) keep theirs. product_search's
-- price_cents, min_price_cents and max_price_cents follow (same unit), recomputed below.

ALTER TABLE "products" DROP COLUMN "price_cents";

ALTER TABLE "products" ALTER COLUMN "price" TYPE DECIMAL(15,3);
ALTER TABLE "product_variants"
  ALTER COLUMN "price" TYPE DECIMAL(15,3),
  ALTER COLUMN "compare_at_price" TYPE DECIMAL(15,3);
ALTER TABLE "orders" ALTER COLUMN "total_amount" TYPE DECIMAL(15,3);
ALTER TABLE "order_items"
  ALTER COLUMN "unit_price" TYPE DECIMAL(15,3),
  ALTER COLUMN "line_total" TYPE DECIMAL(15,3);
ALTER TABLE "payments" ALTER COLUMN "amount" TYPE DECIMAL(15,3);
ALTER TABLE "shipping_rates"
  ALTER COLUMN "amount" TYPE DECIMAL(15,3),
  ALTER COLUMN "min_subtotal" TYPE DECIMAL(15,3),
  ALTER COLUMN "max_subtotal" TYPE DECIMAL(15,3),
  ALTER COLUMN "free_above" TYPE DECIMAL(15,3);

ALTER TABLE "products" ADD COLUMN "price_cents" BIGINT GENERATED ALWAYS AS (("price" * 1000)::bigint) STORED;
CREATE INDEX "products_tenant_id_is_active_price_cents_id_idx" ON "products" ("tenant_id", "is_active", "price_cents", "id");
CREATE INDEX "products_tenant_id_price_cents_id_idx" ON "products" ("tenant_id", "price_cents", "id");
CREATE INDEX "products_tenant_category_active_price_idx" ON "products" ("tenant_id", "category", "is_active", "price_cents", "id");

-- product_search_refresh of 20261207005000_product_search with the variants' price span in
-- thousandths too (only the two `* 1000` differ).
CREATE OR REPLACE FUNCTION product_search_refresh(p_ids uuid[]) RETURNS void
LANGUAGE sql VOLATILE SET search_path = public AS $$
  SELECT 1 FROM product_search WHERE product_id = ANY (p_ids) ORDER BY product_id FOR UPDATE;
  INSERT INTO product_search AS s (product_id, tenant_id, status, name, price_cents, created_at, option_tokens,
                                   category_ids, collection_ids, active_variant_ids, min_price_cents, max_price_cents)
  SELECT p.id, p.tenant_id, p.status, p.name, p.price_cents, p.created_at,
    COALESCE((SELECT array_agg(DISTINCT left(p.tenant_id::text, 8) || chr(31) || e.key || chr(31) || e.value)
              FROM product_variants v, jsonb_each_text(v.option_values) e
              WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id AND v.status = 'active'), '{}'),
    COALESCE((SELECT array_agg(pc.category_id ORDER BY pc.category_id) FROM product_categories pc
              WHERE pc.product_id = p.id), '{}'),
    COALESCE((SELECT array_agg(pc.collection_id ORDER BY pc.collection_id) FROM product_collections pc
              WHERE pc.product_id = p.id), '{}'),
    COALESCE(a.ids, '{}'), a.lo, a.hi
  FROM products p
  CROSS JOIN LATERAL (
    SELECT array_agg(v.id ORDER BY v.position, v.id) AS ids,
           min((v.price * 1000)::bigint) AS lo, max((v.price * 1000)::bigint) AS hi
    FROM product_variants v
    WHERE v.tenant_id = p.tenant_id AND v.product_id = p.id AND v.status = 'active') a
  WHERE p.id = ANY (p_ids)
  ON CONFLICT (product_id) DO UPDATE SET
    status = EXCLUDED.status, name = EXCLUDED.name, price_cents = EXCLUDED.price_cents,
    created_at = EXCLUDED.created_at, option_tokens = EXCLUDED.option_tokens,
    category_ids = EXCLUDED.category_ids, collection_ids = EXCLUDED.collection_ids,
    active_variant_ids = EXCLUDED.active_variant_ids, min_price_cents = EXCLUDED.min_price_cents,
    max_price_cents = EXCLUDED.max_price_cents
  WHERE (s.status, s.name, s.price_cents, s.created_at, s.option_tokens, s.category_ids, s.collection_ids,
         s.active_variant_ids, s.min_price_cents, s.max_price_cents)
    IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.name, EXCLUDED.price_cents, EXCLUDED.created_at,
         EXCLUDED.option_tokens, EXCLUDED.category_ids, EXCLUDED.collection_ids,
         EXCLUDED.active_variant_ids, EXCLUDED.min_price_cents, EXCLUDED.max_price_cents)
$$;

-- Every existing product's search row in the new unit (re-creating price_cents fired no trigger).
SELECT product_search_refresh(ARRAY(SELECT id FROM products));
