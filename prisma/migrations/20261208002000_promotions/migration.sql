-- Promotions (issue 16, groundwork): the merchant's discounts, written through
-- /promotions. Applying them to carts and orders is a later step. RLS: sql/rls/20_policies.sql.

CREATE TABLE "promotions" (
  "id" UUID NOT NULL,
  "tenant_id" UUID NOT NULL,
  "name" TEXT NOT NULL,
  "code" TEXT,
  "type" TEXT NOT NULL,
  "value" DECIMAL(15,3),
  "product_ids" UUID[] NOT NULL DEFAULT '{}',
  "category_ids" UUID[] NOT NULL DEFAULT '{}',
  "collection_ids" UUID[] NOT NULL DEFAULT '{}',
  "min_subtotal" DECIMAL(15,3),
  "starts_at" TIMESTAMPTZ(3),
  "ends_at" TIMESTAMPTZ(3),
  "usage_limit" INTEGER,
  "per_customer_limit" INTEGER,
  "combinable" BOOLEAN NOT NULL DEFAULT false,
  "priority" INTEGER NOT NULL DEFAULT 0,
  "times_used" INTEGER NOT NULL DEFAULT 0,
  "status" TEXT NOT NULL DEFAULT 'active',
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  CONSTRAINT "promotions_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "promotions_type_check" CHECK ("type" IN ('percentage', 'fixed_amount', 'free_shipping')),
  CONSTRAINT "promotions_status_check" CHECK ("status" IN ('active', 'disabled')),
  -- free_shipping has no value; the two others must have one (the API's 400 says why first).
  CONSTRAINT "promotions_value_check" CHECK (
    ("type" = 'free_shipping' AND "value" IS NULL)
    OR ("type" = 'percentage' AND "value" > 0 AND "value" <= 100)
    OR ("type" = 'fixed_amount' AND "value" > 0)
  ),
  CONSTRAINT "promotions_window_check" CHECK ("starts_at" IS NULL OR "ends_at" IS NULL OR "ends_at" > "starts_at"),
  CONSTRAINT "promotions_usage_limit_check" CHECK ("usage_limit" IS NULL OR "usage_limit" > 0),
  CONSTRAINT "promotions_per_customer_limit_check" CHECK ("per_customer_limit" IS NULL OR "per_customer_limit" > 0),
  -- The usage count never passes the limit: what makes "K uses left → exactly K orders" hold
  -- when completions race (the increment of the K+1th fails).
  CONSTRAINT "promotions_times_used_check" CHECK ("times_used" >= 0 AND ("usage_limit" IS NULL OR "times_used" <= "usage_limit"))
);
ALTER TABLE "promotions" ADD CONSTRAINT "promotions_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- A code is unique per tenant, case-insensitively ("SAVE10" and "save10" are one code): the
-- index is what holds it when two writes race (→ 409 CODE_CONFLICT).
CREATE UNIQUE INDEX "promotions_tenant_id_code_key" ON "promotions" ("tenant_id", lower("code")) WHERE "code" IS NOT NULL;
-- The list: newest first.
CREATE INDEX "promotions_tenant_id_created_at_id_idx" ON "promotions" ("tenant_id", "created_at" DESC, "id" DESC);
