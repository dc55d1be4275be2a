-- GET /customers (issue 14): a page of a tenant's customers, newest first. Under RLS the
-- enum equality role = 'CUSTOMER' is not LEAKPROOF, so it can never be a condition of the
-- (tenant_id, role, created_at) index: the list would read and sort every user of the tenant.
-- A partial index needs no condition for it (its predicate is proved from the query, nothing
-- is evaluated on rows the caller cannot see): the page is an ordered index scan that stops
-- at LIMIT, and the count for meta.total reads only the tenant's customers.
CREATE INDEX "users_tenant_customers_created_idx"
  ON "users" ("tenant_id", "created_at" DESC, "id" DESC) WHERE "role" = 'CUSTOMER';
