-- Grants: only what the API needs. Re-applied on every migrate so new tables are covered.
GRANT USAGE ON SCHEMA public TO commerce_app, commerce_definer;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM commerce_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO commerce_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO commerce_app;

-- The migration bookkeeping table is not the API's business.
REVOKE ALL ON TABLE schema_migrations FROM commerce_app;

-- The audit log is append-only for the application.
REVOKE UPDATE, DELETE, TRUNCATE ON TABLE audit_logs FROM commerce_app;

-- The definer role reads only what its look-up functions need.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM commerce_definer;
GRANT SELECT ON TABLE tenants, api_keys, refresh_tokens, outbox_events, orders, webhook_endpoints,
  webhook_deliveries TO commerce_definer;
-- Catalog metrics (app_low_stock_count): count only.
GRANT SELECT ON TABLE products, inventory TO commerce_definer;
-- Faceted search (app_product_search_rows): the current tenant's search rows.
GRANT SELECT ON TABLE product_search TO commerce_definer;
-- Password-reset confirmation (app_password_reset_token_tenant): the token's tenant.
GRANT SELECT ON TABLE password_reset_tokens TO commerce_definer;
-- Retention (app_purge_expired_idempotency_keys): expired keys only, by policy.
GRANT SELECT, DELETE ON TABLE idempotency_keys TO commerce_definer;
-- Cart expiry (app_delete_expired_carts): expired open carts only, by policy.
GRANT SELECT, DELETE ON TABLE carts TO commerce_definer;
