-- Faceted product search (issue 14): one denormalised row per product holding everything
-- the filtered list and its facets read: the products columns they filter and sort on
-- (copies), the option values of its active variants, its category and collection ids, its
-- active variants' ids (for ?inStock, an EXISTS over inventory: stock moves on the order path
-- write nothing here) and their price span. Kept by statement-level triggers on products,
-- product_variants, product_categories and product_collections, in the writing transaction;
-- the triggers run as the caller (RLS applies), so a tenant only ever refreshes its own rows.
--
-- The arrays are GIN-indexed, and searched through the SECURITY DEFINER function
-- app_product_search_rows (sql/rls/30_functions.sql): under RLS, && and @> are not
-- LEAKPROOF and could never be index conditions for commerce_app (as with the LIKE of ?q).
CREATE TABLE "product_search" (
  "product_id" UUID NOT NULL,
  "tenant_id" UUID NOT NULL,
  "status" TEXT NOT NULL,
  "name" TEXT NOT NULL,
  "price_cents" BIGINT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL,
  -- left(tenant_id::text, 8) || chr(31) || option name || chr(31) || value, for every active
  -- variant's values, distinct: keys (nearly always) of this tenant alone, so an index look-up
  -- does not walk every other tenant's "Size M" (tenant_id is still checked on every row).
  -- chr(31) cannot occur in names or values: control characters are refused.
  "option_tokens" TEXT[] NOT NULL DEFAULT '{}',
  "category_ids" UUID[] NOT NULL DEFAULT '{}',
  "collection_ids" UUID[] NOT NULL DEFAULT '{}',
  "active_variant_ids" UUID[] NOT NULL DEFAULT '{}',
  "min_price_cents" BIGINT,
  "max_price_cents" BIGINT,
  CONSTRAINT "product_search_pkey" PRIMARY KEY ("product_id")
);
-- (No FK to tenants: a tenant's products cascade, and with them these rows.)
ALTER TABLE "product_search" ADD CONSTRAINT "product_search_product_id_fkey"
  FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- fastupdate off: catalog writes are rare, and a read never has to scan a pending list.
CREATE INDEX "product_search_option_tokens_idx" ON "product_search" USING gin ("option_tokens") WITH (fastupdate = off);
CREATE INDEX "product_search_category_ids_idx" ON "product_search" USING gin ("category_ids") WITH (fastupdate = off);
CREATE INDEX "product_search_collection_ids_idx" ON "product_search" USING gin ("collection_ids") WITH (fastupdate = off);

-- Recomputes the rows of the given products (those that still exist); writes only when
-- something changed. The rows are locked first, in product_id order, by a statement of their
-- own: a concurrent writer of the same product (e.g. a category deletion cascading while the
-- product's memberships are edited) is waited for, and the recomputation that follows, a new
-- statement under READ COMMITTED, reads what it committed instead of overwriting it with an
-- older snapshot.
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
           min((v.price * 100)::bigint) AS lo, max((v.price * 100)::bigint) AS hi
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

-- One trigger function for every table and event: the product ids of the statement's old and
-- new rows (transition tables), refreshed once per statement, so a product created with 250
-- variants in one INSERT is recomputed once.
CREATE OR REPLACE FUNCTION product_search_sync() RETURNS trigger
LANGUAGE plpgsql SET search_path = public AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_TABLE_NAME = 'products' THEN
    SELECT array_agg(id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT product_id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT product_id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(DISTINCT x) INTO ids
    FROM (SELECT product_id AS x FROM old_rows UNION SELECT product_id FROM new_rows) u;
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM product_search_refresh(ids);
  END IF;
  RETURN NULL;
END
$$;

-- products: inserts, and updates (name, status, the first variant's price the catalog
-- service copies); never written on the order path.
CREATE TRIGGER product_search_products_ins AFTER INSERT ON "products"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION product_search_sync();
CREATE TRIGGER product_search_products_upd AFTER UPDATE ON "products"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION product_search_sync();
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['product_variants', 'product_categories', 'product_collections'] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION product_search_sync()', t || '_search_ins', t);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION product_search_sync()', t || '_search_upd', t);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows '
                   'FOR EACH STATEMENT EXECUTE FUNCTION product_search_sync()', t || '_search_del', t);
  END LOOP;
END
$$;

-- Every existing product.
SELECT product_search_refresh(ARRAY(SELECT id FROM products));
