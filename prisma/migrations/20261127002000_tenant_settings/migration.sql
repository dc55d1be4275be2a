-- Tenant settings of the hardening issue (issue 12).
-- allowed_origins: the exact browser origins (scheme://host[:port], lower case) of the
-- merchant's own storefront, which get CORS headers. prices_include_tax: stored now, read by
-- the checkout issue; false keeps today's behaviour.
ALTER TABLE "tenants"
  ADD COLUMN "allowed_origins" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[],
  ADD COLUMN "prices_include_tax" BOOLEAN NOT NULL DEFAULT false;

-- A browser's preflight names no tenant; app_origin_allowed_by_any_tenant (sql/rls) asks
-- whether any tenant lists the origin (allowed_origins @> ARRAY[origin]) through this index.
-- fastupdate off: tenants are written rarely and this index is read on every uncached
-- preflight, so new entries go straight into the index instead of a pending list that every
-- look-up would scan (and that makes the planner prefer reading the whole table).
CREATE INDEX "tenants_allowed_origins_idx" ON "tenants" USING GIN ("allowed_origins") WITH (fastupdate = off);
