-- Issue 16 (speed): pricing keeps a tenant's automatic promotion definitions in memory and
-- re-reads them only when this number moved. Promotion writes (create, update, delete) bump it
-- in their transaction; order traffic never does (use counters are read fresh on every pricing).
ALTER TABLE "tenants" ADD COLUMN "promotions_version" INTEGER NOT NULL DEFAULT 0;
