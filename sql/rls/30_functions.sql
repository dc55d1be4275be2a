-- Narrow cross-tenant look-ups. Each returns only the identifiers needed to then open a
-- tenant-scoped transaction; none returns business data. Owned by commerce_definer.

CREATE OR REPLACE FUNCTION app_tenant_by_subdomain(p_subdomain text)
RETURNS TABLE (id uuid, currency char(3), require_admin_mfa boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT t.id, t.currency, t.require_admin_mfa FROM tenants t WHERE t.subdomain = lower(p_subdomain)
$$;

CREATE OR REPLACE FUNCTION app_tenant_by_id(p_id uuid)
RETURNS TABLE (id uuid, subdomain text, currency char(3), require_admin_mfa boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT t.id, t.subdomain, t.currency, t.require_admin_mfa FROM tenants t WHERE t.id = p_id
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

DO $$
DECLARE
  f text;
BEGIN
  FOREACH f IN ARRAY ARRAY[
    'app_tenant_by_subdomain(text)', 'app_tenant_by_id(uuid)', 'app_api_key_by_hash(text)',
    'app_refresh_token_tenant(text)', 'app_tenants_with_pending_outbox(int)',
    'app_oldest_pending_outbox_age()', 'app_expired_pending_orders(int,int)',
    'app_webhook_delivery_tenant(uuid)'
  ] LOOP
    EXECUTE format('ALTER FUNCTION %s OWNER TO commerce_definer', f);
    EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO commerce_app', f);
  END LOOP;
END
$$;
