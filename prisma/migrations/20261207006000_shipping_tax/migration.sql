-- Shipping zones and rates, tax rates (issue 15, point 2): merchant settings read by pricing.
-- RLS for the four tables: sql/rls/20_policies.sql.

CREATE TABLE "shipping_zones" (
  "id" UUID NOT NULL,
  "tenant_id" UUID NOT NULL,
  "name" TEXT NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "shipping_zones_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "shipping_zones" ADD CONSTRAINT "shipping_zones_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "shipping_zones_tenant_id_name_idx" ON "shipping_zones" ("tenant_id", "name");

-- One row per (zone, country). The unique (tenant_id, country) is what makes "a country
-- belongs to at most one zone" hold under concurrent writes: the second insert fails (→ 409).
CREATE TABLE "shipping_zone_countries" (
  "tenant_id" UUID NOT NULL,
  "zone_id" UUID NOT NULL,
  "country" CHAR(2) NOT NULL,
  CONSTRAINT "shipping_zone_countries_pkey" PRIMARY KEY ("zone_id", "country")
);
ALTER TABLE "shipping_zone_countries" ADD CONSTRAINT "shipping_zone_countries_zone_id_fkey"
  FOREIGN KEY ("zone_id") REFERENCES "shipping_zones"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE UNIQUE INDEX "shipping_zone_countries_tenant_id_country_key"
  ON "shipping_zone_countries" ("tenant_id", "country");

CREATE TABLE "shipping_rates" (
  "id" UUID NOT NULL,
  "tenant_id" UUID NOT NULL,
  "zone_id" UUID NOT NULL,
  "position" INTEGER NOT NULL,
  "name" TEXT NOT NULL,
  "amount" DECIMAL(12,2) NOT NULL,
  "min_subtotal" DECIMAL(12,2),
  "max_subtotal" DECIMAL(12,2),
  "free_above" DECIMAL(12,2),
  CONSTRAINT "shipping_rates_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "shipping_rates_subtotal_range_check"
    CHECK ("min_subtotal" IS NULL OR "max_subtotal" IS NULL OR "min_subtotal" < "max_subtotal")
);
ALTER TABLE "shipping_rates" ADD CONSTRAINT "shipping_rates_zone_id_fkey"
  FOREIGN KEY ("zone_id") REFERENCES "shipping_zones"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "shipping_rates_zone_id_position_idx" ON "shipping_rates" ("zone_id", "position");

CREATE TABLE "tax_rates" (
  "id" UUID NOT NULL,
  "tenant_id" UUID NOT NULL,
  "country" CHAR(2) NOT NULL,
  "state" TEXT,
  "name" TEXT NOT NULL,
  "rate" DECIMAL(6,3) NOT NULL,
  "applies_to_shipping" BOOLEAN NOT NULL DEFAULT false,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  "updated_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "tax_rates_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "tax_rates_rate_check" CHECK ("rate" >= 0 AND "rate" <= 100)
);
ALTER TABLE "tax_rates" ADD CONSTRAINT "tax_rates_tenant_id_fkey"
  FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE CASCADE;
-- One rate per (country, state) of a tenant, the country-wide one (state NULL) included:
-- a plain unique index treats NULLs as distinct, so the key folds NULL to ''.
CREATE UNIQUE INDEX "tax_rates_tenant_country_state_key"
  ON "tax_rates" ("tenant_id", "country", (COALESCE("state", '')));
