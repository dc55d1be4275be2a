-- Row-level security: every tenant table is ENABLE + FORCE, with one policy keyed by the
-- transaction-local setting app.current_tenant_id (set by withTenant()). With no tenant
-- set, NULLIF(...) is NULL and no row matches: nothing is visible or writable.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'users', 'mfa_recovery_codes', 'api_keys', 'refresh_tokens', 'products', 'inventory',
    'orders', 'order_items', 'payments', 'audit_logs', 'idempotency_keys', 'outbox_events',
    'webhook_endpoints', 'webhook_deliveries', 'processed_stripe_events', 'password_reset_tokens',
    'product_variants', 'categories', 'collections', 'product_categories', 'product_collections',
    'customer_addresses', 'product_search', 'shipping_zones', 'shipping_zone_countries',
    'shipping_rates', 'tax_rates', 'carts', 'cart_items', 'promotions', 'promotion_redemptions', 'fulfillments', 'fulfillment_items', 'returns', 'return_items', 'refunds', 'refund_items'
  ] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I', t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I USING (tenant_id = NULLIF(current_setting(''app.current_tenant_id'', true), '''')::uuid) '
      'WITH CHECK (tenant_id = NULLIF(current_setting(''app.current_tenant_id'', true), '''')::uuid)', t);
  END LOOP;
END
$$;

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS tenant_isolation ON tenants;
CREATE POLICY tenant_isolation ON tenants
  USING (id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid)
  WITH CHECK (id = NULLIF(current_setting('app.current_tenant_id', true), '')::uuid);

-- Read-only policies for the look-up role (used only inside SECURITY DEFINER functions).
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'tenants', 'api_keys', 'refresh_tokens', 'outbox_events', 'orders', 'webhook_endpoints',
    'webhook_deliveries', 'products', 'inventory', 'password_reset_tokens', 'product_search'
  ] LOOP
    EXECUTE format('DROP POLICY IF EXISTS definer_lookup ON %I', t);
    EXECUTE format('CREATE POLICY definer_lookup ON %I FOR SELECT TO commerce_definer USING (true)', t);
  END LOOP;
END
$$;

-- Retention (app_purge_expired_idempotency_keys): the look-up role sees and deletes expired
-- Idempotency-Keys only, of any tenant; a live key is invisible to it.
DROP POLICY IF EXISTS definer_expired ON idempotency_keys;
CREATE POLICY definer_expired ON idempotency_keys FOR SELECT TO commerce_definer USING (expires_at < now());
DROP POLICY IF EXISTS definer_purge_expired ON idempotency_keys;
CREATE POLICY definer_purge_expired ON idempotency_keys FOR DELETE TO commerce_definer USING (expires_at < now());

-- Cart expiry (app_delete_expired_carts): the look-up role sees and deletes open carts past
-- their expiry only, of any tenant; a live or completed cart is invisible to it.
DROP POLICY IF EXISTS definer_expired ON carts;
CREATE POLICY definer_expired ON carts FOR SELECT TO commerce_definer USING (status = 'open' AND expires_at < now());
DROP POLICY IF EXISTS definer_delete_expired ON carts;
CREATE POLICY definer_delete_expired ON carts FOR DELETE TO commerce_definer USING (status = 'open' AND expires_at < now());
