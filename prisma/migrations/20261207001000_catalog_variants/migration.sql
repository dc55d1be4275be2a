-- Issue 14: options and variants with their own SKU, price and stock; categories,
-- collections, handles, status, metadata; customer addresses. Every product becomes a
-- product with one "Default" variant carrying its SKU, price and stock, so part-1 clients
-- see no difference.

-- ---- Products: handle, status, options, metadata -------------------------------------
ALTER TABLE "products"
  ADD COLUMN "handle" TEXT,
  ADD COLUMN "status" TEXT NOT NULL DEFAULT 'active',
  ADD COLUMN "options" JSONB NOT NULL DEFAULT '[]'::jsonb,
  ADD COLUMN "metadata" JSONB NOT NULL DEFAULT '{}'::jsonb;
UPDATE "products" SET "status" = CASE WHEN "is_active" THEN 'active' ELSE 'archived' END;
ALTER TABLE "products" ADD CONSTRAINT "products_status_check" CHECK ("status" IN ('draft', 'active', 'archived'));

-- isActive is status = 'active' (contract part 2): one source of truth, so is_active becomes
-- a generated column (its indexes are dropped with it and re-created below).
ALTER TABLE "products" DROP COLUMN "is_active";
ALTER TABLE "products" ADD COLUMN "is_active" BOOLEAN GENERATED ALWAYS AS ("status" = 'active') STORED;
CREATE INDEX "products_tenant_id_is_active_created_at_idx" ON "products" ("tenant_id", "is_active", "created_at");
CREATE INDEX "products_tenant_id_is_active_name_idx" ON "products" ("tenant_id", "is_active", "name");
CREATE INDEX "products_tenant_id_category_is_active_created_at_idx" ON "products" ("tenant_id", "category", "is_active", "created_at");
CREATE INDEX "products_tenant_id_is_active_price_cents_id_idx" ON "products" ("tenant_id", "is_active", "price_cents", "id");
CREATE INDEX "products_tenant_category_active_price_idx" ON "products" ("tenant_id", "category", "is_active", "price_cents", "id");
CREATE INDEX "products_tenant_id_status_created_at_id_idx" ON "products" ("tenant_id", "status", "created_at", "id");

-- Handles from names: lower case, runs of other characters become one '-', a numeric
-- suffix on a clash (oldest product keeps the bare handle); anything still clashing (a name
-- that already ends in such a suffix) takes a piece of its id.
WITH base AS (
  SELECT id, tenant_id, created_at,
    COALESCE(NULLIF(trim(BOTH '-' FROM regexp_replace(lower("name"), '[^a-z0-9]+', '-', 'g')), ''), 'item') AS h
  FROM "products"),
ranked AS (
  SELECT id, h, row_number() OVER (PARTITION BY tenant_id, h ORDER BY created_at, id) AS rn FROM base)
UPDATE "products" p SET "handle" = left(r.h, 200) || CASE WHEN r.rn > 1 THEN '-' || r.rn ELSE '' END
FROM ranked r WHERE r.id = p.id;
WITH dup AS (
  SELECT id, row_number() OVER (PARTITION BY tenant_id, handle ORDER BY created_at, id) AS rn FROM "products")
UPDATE "products" p SET "handle" = p."handle" || '-' || left(p.id::text, 8) FROM dup WHERE dup.id = p.id AND dup.rn > 1;
ALTER TABLE "products" ALTER COLUMN "handle" SET NOT NULL;
CREATE UNIQUE INDEX "products_tenant_id_handle_key" ON "products" ("tenant_id", "handle");

-- The SKU is unique across all variants of the tenant now (product_variants); products.sku
-- and products.price stay as copies of the first variant's, kept by the catalog service,
-- for part-1 readers, search and price sorting.
DROP INDEX "products_tenant_id_sku_key";

-- ---- Variants ----------------------------------------------------------------------------
CREATE TABLE "product_variants" (
  "id" UUID NOT NULL,
  "tenant_id" UUID NOT NULL,
  "product_id" UUID NOT NULL,
  "sku" TEXT NOT NULL,
  "title" TEXT NOT NULL,
  "option_values" JSONB NOT NULL DEFAULT '{}'::jsonb,
  "price" DECIMAL(12,2) NOT NULL,
  "compare_at_price" DECIMAL(12,2),
  "weight_grams" INTEGER,
  "position" INTEGER NOT NULL DEFAULT 0,
  "status" TEXT NOT NULL DEFAULT 'active',
  "metadata" JSONB NOT NULL DEFAULT '{}'::jsonb,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "product_variants_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "product_variants_status_check" CHECK ("status" IN ('active', 'archived')),
  CONSTRAINT "product_variants_price_nonnegative" CHECK ("price" >= 0),
  CONSTRAINT "product_variants_compare_at_nonnegative" CHECK ("compare_at_price" >= 0),
  CONSTRAINT "product_variants_weight_nonnegative" CHECK ("weight_grams" >= 0)
);
ALTER TABLE "product_variants" ADD CONSTRAINT "product_variants_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "product_variants" ADD CONSTRAINT "product_variants_product_id_fkey"
  FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE UNIQUE INDEX "product_variants_tenant_id_sku_key" ON "product_variants" ("tenant_id", "sku");
CREATE INDEX "product_variants_tenant_id_product_id_position_idx" ON "product_variants" ("tenant_id", "product_id", "position");
-- Two active variants of a product never share a combination of option values (archived
-- ones keep theirs for order history and may be replaced).
CREATE UNIQUE INDEX "product_variants_active_combination_key" ON "product_variants" ("product_id", "option_values")
  WHERE "status" = 'active';

INSERT INTO "product_variants" ("id", "tenant_id", "product_id", "sku", "title", "option_values", "price",
                                "position", "status", "created_at", "updated_at")
SELECT gen_random_uuid(), "tenant_id", "id", "sku", 'Default', '{}'::jsonb, "price", 0, 'active', "created_at", "updated_at"
FROM "products";

-- ---- Inventory per variant: on_hand, reserved, available = on_hand - reserved -----------
-- is_low depends on quantity: dropped first, re-created on the new columns.
DROP INDEX IF EXISTS "inventory_low_stock_idx";
ALTER TABLE "inventory" DROP COLUMN "is_low";
ALTER TABLE "inventory" DROP CONSTRAINT "inventory_quantity_nonnegative";
ALTER TABLE "inventory" RENAME COLUMN "quantity" TO "on_hand";
ALTER TABLE "inventory" ADD COLUMN "variant_id" UUID, ADD COLUMN "reserved" INTEGER NOT NULL DEFAULT 0;
UPDATE "inventory" i SET "variant_id" = v."id" FROM "product_variants" v WHERE v."product_id" = i."product_id";
-- A product without an inventory row (none is created that way) gets an empty one.
INSERT INTO "inventory" ("product_id", "variant_id", "tenant_id", "on_hand", "low_stock_threshold", "updated_at")
SELECT v."product_id", v."id", v."tenant_id", 0, 10, now() FROM "product_variants" v
WHERE NOT EXISTS (SELECT 1 FROM "inventory" i WHERE i."product_id" = v."product_id");
-- Part-1 orders took their stock off `quantity` when placed; the unfulfilled ones (PENDING,
-- PAID) now hold it as reserved, so cancelling one after the upgrade gives it back exactly.
UPDATE "inventory" i SET "reserved" = r.n, "on_hand" = i."on_hand" + r.n
FROM (SELECT oi."product_id", sum(oi."quantity")::int AS n FROM "order_items" oi
      JOIN "orders" o ON o."id" = oi."order_id" WHERE o."status" IN ('PENDING', 'PAID') GROUP BY 1) r
WHERE r."product_id" = i."product_id";
ALTER TABLE "inventory" ALTER COLUMN "variant_id" SET NOT NULL;
ALTER TABLE "inventory" DROP CONSTRAINT "inventory_pkey";
ALTER TABLE "inventory" ADD CONSTRAINT "inventory_pkey" PRIMARY KEY ("variant_id");
ALTER TABLE "inventory" ADD CONSTRAINT "inventory_variant_id_fkey"
  FOREIGN KEY ("variant_id") REFERENCES "product_variants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "inventory" ADD CONSTRAINT "inventory_reserved_nonnegative" CHECK ("reserved" >= 0);
-- available is never negative: nothing can reserve more than is on hand.
ALTER TABLE "inventory" ADD CONSTRAINT "inventory_available_nonnegative" CHECK ("on_hand" >= "reserved");
ALTER TABLE "inventory" ADD COLUMN "available" INTEGER GENERATED ALWAYS AS ("on_hand" - "reserved") STORED;
ALTER TABLE "inventory" ADD COLUMN "is_low" BOOLEAN
  GENERATED ALWAYS AS (("on_hand" - "reserved") <= "low_stock_threshold") STORED;
-- Still no index holds on_hand, reserved or available: reserving stock stays a HOT update.
CREATE INDEX "inventory_low_stock_idx" ON "inventory" ("tenant_id", "variant_id") WHERE "is_low";

-- ---- Order lines snapshot the variant ---------------------------------------------------
ALTER TABLE "order_items"
  ADD COLUMN "variant_id" UUID,
  ADD COLUMN "variant_title" TEXT NOT NULL DEFAULT 'Default',
  ADD COLUMN "option_values" JSONB NOT NULL DEFAULT '{}'::jsonb;
UPDATE "order_items" oi SET "variant_id" = v."id" FROM "product_variants" v WHERE v."product_id" = oi."product_id";
ALTER TABLE "order_items" ALTER COLUMN "variant_id" SET NOT NULL;
-- RESTRICT: a variant that was ever ordered is archived, never deleted.
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_variant_id_fkey"
  FOREIGN KEY ("variant_id") REFERENCES "product_variants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
CREATE INDEX "order_items_variant_id_idx" ON "order_items" ("variant_id");

-- ---- Categories (a tree) and collections (flat, manual) --------------------------------
CREATE TABLE "categories" (
  "id" UUID NOT NULL,
  "tenant_id" UUID NOT NULL,
  "name" TEXT NOT NULL,
  "handle" TEXT NOT NULL,
  "parent_id" UUID,
  "position" INTEGER NOT NULL DEFAULT 0,
  "description" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "categories_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "categories" ADD CONSTRAINT "categories_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "categories" ADD CONSTRAINT "categories_parent_id_fkey"
  FOREIGN KEY ("parent_id") REFERENCES "categories"("id") ON DELETE SET NULL ON UPDATE CASCADE;
CREATE UNIQUE INDEX "categories_tenant_id_handle_key" ON "categories" ("tenant_id", "handle");
CREATE INDEX "categories_tenant_id_parent_id_position_idx" ON "categories" ("tenant_id", "parent_id", "position");

CREATE TABLE "collections" (
  "id" UUID NOT NULL,
  "tenant_id" UUID NOT NULL,
  "title" TEXT NOT NULL,
  "handle" TEXT NOT NULL,
  "description" TEXT,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "collections_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "collections" ADD CONSTRAINT "collections_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE UNIQUE INDEX "collections_tenant_id_handle_key" ON "collections" ("tenant_id", "handle");

CREATE TABLE "product_categories" (
  "tenant_id" UUID NOT NULL,
  "product_id" UUID NOT NULL,
  "category_id" UUID NOT NULL,
  CONSTRAINT "product_categories_pkey" PRIMARY KEY ("product_id", "category_id")
);
ALTER TABLE "product_categories" ADD CONSTRAINT "product_categories_product_id_fkey"
  FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "product_categories" ADD CONSTRAINT "product_categories_category_id_fkey"
  FOREIGN KEY ("category_id") REFERENCES "categories"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "product_categories_tenant_id_category_id_product_id_idx" ON "product_categories" ("tenant_id", "category_id", "product_id");

CREATE TABLE "product_collections" (
  "tenant_id" UUID NOT NULL,
  "product_id" UUID NOT NULL,
  "collection_id" UUID NOT NULL,
  CONSTRAINT "product_collections_pkey" PRIMARY KEY ("product_id", "collection_id")
);
ALTER TABLE "product_collections" ADD CONSTRAINT "product_collections_product_id_fkey"
  FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "product_collections" ADD CONSTRAINT "product_collections_collection_id_fkey"
  FOREIGN KEY ("collection_id") REFERENCES "collections"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "product_collections_tenant_id_collection_id_product_id_idx" ON "product_collections" ("tenant_id", "collection_id", "product_id");

-- ---- Customer addresses --------------------------------------------------------------------
CREATE TABLE "customer_addresses" (
  "id" UUID NOT NULL,
  "tenant_id" UUID NOT NULL,
  "customer_id" UUID NOT NULL,
  "first_name" TEXT,
  "last_name" TEXT,
  "company" TEXT,
  "line1" TEXT NOT NULL,
  "line2" TEXT,
  "city" TEXT NOT NULL,
  "state" TEXT,
  "postal_code" TEXT NOT NULL,
  "country" TEXT NOT NULL,
  "phone" TEXT,
  "is_default_shipping" BOOLEAN NOT NULL DEFAULT false,
  "is_default_billing" BOOLEAN NOT NULL DEFAULT false,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "customer_addresses_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "customer_addresses" ADD CONSTRAINT "customer_addresses_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "customer_addresses" ADD CONSTRAINT "customer_addresses_customer_id_fkey"
  FOREIGN KEY ("customer_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "customer_addresses_tenant_id_customer_id_idx" ON "customer_addresses" ("tenant_id", "customer_id");
-- At most one default of each kind per customer.
CREATE UNIQUE INDEX "customer_addresses_default_shipping_key" ON "customer_addresses" ("customer_id") WHERE "is_default_shipping";
CREATE UNIQUE INDEX "customer_addresses_default_billing_key" ON "customer_addresses" ("customer_id") WHERE "is_default_billing";
