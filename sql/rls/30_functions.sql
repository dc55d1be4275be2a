-- Narrow cross-tenant look-ups. Each returns only the identifiers needed to then open a
-- tenant-scoped transaction; none returns business data. Owned by commerce_definer.

-- The two tenant look-ups return what every request of the tenant needs (its settings that
-- the request pipeline applies: currency, the admin MFA rule, the CORS origins). A function's
-- result columns change only by dropping it; this phase runs in one transaction, so callers
-- never see it missing.
DROP FUNCTION IF EXISTS app_tenant_by_subdomain(text);
CREATE FUNCTION app_tenant_by_subdomain(p_subdomain text)
RETURNS TABLE (id uuid, currency char(3), require_admin_mfa boolean, allowed_origins text[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT t.id, t.currency, t.require_admin_mfa, t.allowed_origins FROM tenants t
  WHERE t.subdomain = lower(p_subdomain)
$$;

DROP FUNCTION IF EXISTS app_tenant_by_id(uuid);
CREATE FUNCTION app_tenant_by_id(p_id uuid)
RETURNS TABLE (id uuid, subdomain text, currency char(3), require_admin_mfa boolean, allowed_origins text[])
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT t.id, t.subdomain, t.currency, t.require_admin_mfa, t.allowed_origins FROM tenants t WHERE t.id = p_id
$$;

-- CORS preflight that names no tenant (a browser sends no X-Tenant value with it): whether
-- any tenant lists this exact origin. A yes/no only; served by tenants_allowed_origins_idx.
-- count(*), not EXISTS: with EXISTS the planner expects an early hit and scans the table,
-- which for an origin no tenant lists (the common answer) reads every tenant row.
CREATE OR REPLACE FUNCTION app_origin_allowed_by_any_tenant(p_origin text)
RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT count(*) > 0 FROM tenants t WHERE t.allowed_origins @> ARRAY[p_origin]
$$;

CREATE OR REPLACE FUNCTION app_api_key_by_hash(p_hash text)
RETURNS TABLE (id uuid, tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT k.id, k.tenant_id FROM api_keys k WHERE k.key_hash = p_hash AND k.revoked_at IS NULL
$$;

CREATE OR REPLACE FUNCTION app_refresh_token_tenant(p_hash text)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT r.tenant_id FROM refresh_tokens r WHERE r.token_hash = p_hash
$$;

-- POST /auth/password-reset/confirm names only the token: the tenant of a live (unused,
-- unexpired) reset token, by its hash.
CREATE OR REPLACE FUNCTION app_password_reset_token_tenant(p_hash text)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT r.tenant_id FROM password_reset_tokens r
  WHERE r.token_hash = p_hash AND r.used_at IS NULL AND r.expires_at > now()
$$;

CREATE OR REPLACE FUNCTION app_tenants_with_pending_outbox(p_limit int)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT DISTINCT e.tenant_id FROM (
    SELECT tenant_id FROM outbox_events WHERE dispatched_at IS NULL ORDER BY created_at LIMIT p_limit
  ) e
$$;

CREATE OR REPLACE FUNCTION app_oldest_pending_outbox_age()
RETURNS double precision
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT COALESCE(EXTRACT(EPOCH FROM (now() - min(created_at))), 0)::double precision
  FROM outbox_events WHERE dispatched_at IS NULL
$$;

CREATE OR REPLACE FUNCTION app_expired_pending_orders(p_older_than_seconds int, p_limit int)
RETURNS TABLE (tenant_id uuid, id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT o.tenant_id, o.id FROM orders o
  WHERE o.status = 'PENDING' AND o.created_at < now() - make_interval(secs => p_older_than_seconds)
  ORDER BY o.created_at LIMIT p_limit
$$;

CREATE OR REPLACE FUNCTION app_webhook_delivery_tenant(p_id uuid)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT d.tenant_id FROM webhook_deliveries d WHERE d.id = p_id
$$;

CREATE OR REPLACE FUNCTION app_payment_tenant_by_provider_id(p_provider_payment_id text)
RETURNS uuid
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT p.tenant_id FROM payments p WHERE p.provider_payment_id = p_provider_payment_id
$$;

-- The look-up above reads payments as commerce_definer (Stripe webhooks name only the
-- PaymentIntent id). Policy and grant live here, next to the only function that needs them.
DROP POLICY IF EXISTS definer_lookup ON payments;
CREATE POLICY definer_lookup ON payments FOR SELECT TO commerce_definer USING (true);
GRANT SELECT ON TABLE payments TO commerce_definer;

-- Refunds still to send to their provider (issue 17, ADR 0011): pending, never answered (no
-- provider id), older than p_older_than_seconds. The refunds worker's sweeper sends them after
-- a crash between the refund's commit and its provider call. Ids only.
DROP POLICY IF EXISTS definer_lookup ON refunds;
CREATE POLICY definer_lookup ON refunds FOR SELECT TO commerce_definer USING (true);
GRANT SELECT ON TABLE refunds TO commerce_definer;
CREATE OR REPLACE FUNCTION app_due_refunds(p_older_than_seconds int, p_limit int)
RETURNS TABLE (tenant_id uuid, id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT r.tenant_id, r.id FROM refunds r
  WHERE r.status = 'pending' AND r.provider_refund_id IS NULL AND r.provider <> 'manual'
    AND r.created_at < now() - make_interval(secs => p_older_than_seconds)
  ORDER BY r.created_at LIMIT p_limit
$$;

-- Metrics (inventory_low_stock_products): active variants of active products at or below
-- their threshold (available <= threshold), all tenants. Returns a number only. The variant's
-- status is read here only: policy and grant live next to it.
DROP POLICY IF EXISTS definer_lookup ON product_variants;
CREATE POLICY definer_lookup ON product_variants FOR SELECT TO commerce_definer USING (true);
GRANT SELECT ON TABLE product_variants TO commerce_definer;
CREATE OR REPLACE FUNCTION app_low_stock_count()
RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT count(*) FROM inventory i JOIN products p ON p.id = i.product_id
  JOIN product_variants v ON v.id = i.variant_id
  WHERE p.is_active AND v.status = 'active' AND i.is_low
$$;

-- Catalog search (GET /products?q=): ids of the CURRENT tenant's products whose search
-- text matches a LIKE pattern. It runs as commerce_definer because under the API role's
-- row-level security a LIKE (not LEAKPROOF) can never use products_search_trgm_idx; the
-- expression below is exactly the indexed one. Tenant comes from app.current_tenant_id
-- (set by withTenant), so it returns nothing the caller could not already read.
CREATE OR REPLACE FUNCTION app_product_search_ids(p_pattern text)
RETURNS TABLE (id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public ROWS 200 AS $$
  SELECT p.id FROM products p
  WHERE p.tenant_id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid
    AND lower(p.name || ' ' || p.sku || ' ' || coalesce(p.description, '')) LIKE p_pattern
$$;

-- Faceted search (GET /products with ?categoryId, ?collectionId or ?option.<Name>): the
-- CURRENT tenant's product_search rows matching every given condition. As commerce_definer
-- for the reason of app_product_search_ids: && is not LEAKPROOF, so under RLS it could never
-- use the GIN indexes of product_search. The tenant comes from app.current_tenant_id (set by
-- withTenant), is required on every row (and prefixes the option keys), so this returns
-- nothing the caller could not already read. Only the conditions given become predicates
-- (dynamic SQL, values quoted with %L), so each call is planned for exactly its conditions.
--   p_category_ids: any of these (the caller expands the tree); p_option_groups: a JSON array
--   of arrays of "<name>" || chr(31) || "<value>", each group matched by any of its values.
DROP FUNCTION IF EXISTS app_product_option_ids(text[]);
CREATE OR REPLACE FUNCTION app_product_search_rows(
  p_active boolean, p_status text, p_min_cents bigint, p_max_cents bigint,
  p_category_ids uuid[], p_collection_id uuid, p_option_groups jsonb)
RETURNS TABLE (product_id uuid, name text, price_cents bigint, created_at timestamptz,
               option_tokens text[], category_ids uuid[], collection_ids uuid[],
               active_variant_ids uuid[], min_price_cents bigint, max_price_cents bigint)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public ROWS 1000 AS $$
DECLARE
  t uuid := NULLIF(current_setting('app.current_tenant_id', true), '')::uuid;
  q text;
  g jsonb;
BEGIN
  IF t IS NULL THEN
    RETURN;
  END IF;
  q := format('SELECT s.product_id, s.name, s.price_cents, s.created_at, s.option_tokens, s.category_ids,
      s.collection_ids, s.active_variant_ids, s.min_price_cents, s.max_price_cents
    FROM product_search s WHERE s.tenant_id = %L::uuid', t);
  IF p_active IS NOT NULL THEN
    q := q || format(' AND (s.status = %L) = %L', 'active', p_active);
  END IF;
  IF p_status IS NOT NULL THEN
    q := q || format(' AND s.status = %L', p_status);
  END IF;
  IF p_min_cents IS NOT NULL THEN
    q := q || format(' AND s.price_cents >= %L::bigint', p_min_cents);
  END IF;
  IF p_max_cents IS NOT NULL THEN
    q := q || format(' AND s.price_cents <= %L::bigint', p_max_cents);
  END IF;
  IF p_category_ids IS NOT NULL THEN
    q := q || format(' AND s.category_ids && %L::uuid[]', p_category_ids);
  END IF;
  IF p_collection_id IS NOT NULL THEN
    q := q || format(' AND s.collection_ids && ARRAY[%L::uuid]', p_collection_id);
  END IF;
  FOR g IN SELECT e.value FROM jsonb_array_elements(COALESCE(p_option_groups, '[]'::jsonb)) e LOOP
    q := q || format(' AND s.option_tokens && %L::text[]',
                     ARRAY(SELECT left(t::text, 8) || chr(31) || v FROM jsonb_array_elements_text(g) v));
  END LOOP;
  RETURN QUERY EXECUTE q;
END
$$;

CREATE OR REPLACE FUNCTION app_overdue_webhook_deliveries(p_older_than_seconds int, p_limit int)
RETURNS TABLE (tenant_id uuid, id uuid, endpoint_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT d.tenant_id, d.id, d.endpoint_id FROM webhook_deliveries d
  WHERE d.status = 'PENDING' AND d.next_attempt_at < now() - make_interval(secs => p_older_than_seconds)
  ORDER BY d.next_attempt_at LIMIT p_limit
$$;

-- Retention: deletes up to p_limit expired Idempotency-Keys of every tenant, oldest first;
-- returns how many. The definer's policies on idempotency_keys (20_policies.sql) let it see
-- and delete expired keys only; the target's own expires_at condition is re-checked on a row
-- a concurrent request has just taken over (the claim's ON CONFLICT UPDATE), which is kept.
CREATE OR REPLACE FUNCTION app_purge_expired_idempotency_keys(p_limit int)
RETURNS int
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  WITH gone AS (
    DELETE FROM idempotency_keys k
    WHERE k.expires_at < now()
      AND k.id IN (SELECT id FROM idempotency_keys WHERE expires_at < now() ORDER BY expires_at LIMIT p_limit)
    RETURNING 1)
  SELECT count(*)::int FROM gone
$$;

-- Cart expiry: deletes up to p_limit open carts of any tenant idle past their expires_at
-- (CART_TTL_DAYS after their last write), oldest expiry first; their lines cascade. Returns
-- how many. The definer's policies on carts (20_policies.sql) let it see and delete such
-- carts only; the conditions are re-checked on a row a concurrent write has just touched
-- (a write moves expires_at forward, and completion makes the cart 'completed'): it stays.
CREATE OR REPLACE FUNCTION app_delete_expired_carts(p_limit int)
RETURNS int
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
  WITH gone AS (
    DELETE FROM carts c
    WHERE c.status = 'open' AND c.expires_at < now()
      AND c.id IN (SELECT id FROM carts WHERE status = 'open' AND expires_at < now() ORDER BY expires_at LIMIT p_limit)
    RETURNING 1)
  SELECT count(*)::int FROM gone
$$;

DO $$
DECLARE
  f text;
BEGIN
  FOREACH f IN ARRAY ARRAY[
    'app_tenant_by_subdomain(text)', 'app_tenant_by_id(uuid)', 'app_api_key_by_hash(text)',
    'app_refresh_token_tenant(text)', 'app_tenants_with_pending_outbox(int)',
    'app_oldest_pending_outbox_age()', 'app_expired_pending_orders(int,int)',
    'app_webhook_delivery_tenant(uuid)', 'app_overdue_webhook_deliveries(int,int)', 'app_low_stock_count()', 'app_product_search_ids(text)', 'app_payment_tenant_by_provider_id(text)', 'app_due_refunds(int,int)',
    'app_purge_expired_idempotency_keys(int)', 'app_delete_expired_carts(int)', 'app_origin_allowed_by_any_tenant(text)', 'app_password_reset_token_tenant(text)',
    'app_product_search_rows(boolean,text,bigint,bigint,uuid[],uuid,jsonb)'
  ] LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO commerce_definer', f);
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO commerce_app', f);
  END LOOP;
END
$$;
