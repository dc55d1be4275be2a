// Row-level security: the API's role can never read or write across tenants.
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { appClient, ownerQuery } from '../helpers/db';

let t: TestApp;
let a: SignedUpTenant;
let b: SignedUpTenant;
let app: Client;

/** Inserts one row into every tenant table for the tenant (as the owner, bypassing nothing: owner is superuser here). */
async function seedEverything(tenantId: string): Promise<void> {
  const q = (sql: string, params: unknown[]) => ownerQuery(sql, params);
  const userId = randomUUID();
  const productId = randomUUID();
  const variantId = randomUUID();
  const categoryId = randomUUID();
  const collectionId = randomUUID();
  const orderId = randomUUID();
  const orderItemId = randomUUID();
  const paymentId = randomUUID();
  const endpointId = randomUUID();
  const eventId = `evt_${randomUUID().replace(/-/g, '')}`;
  await q(
    `INSERT INTO users (id, tenant_id, email, password_hash, role, updated_at) VALUES ($1, $2, $3, 'x', 'CUSTOMER', now())`,
    [userId, tenantId, `c-${userId}@example.com`],
  );
  await q(`INSERT INTO mfa_recovery_codes (id, tenant_id, user_id, code_hash) VALUES ($1, $2, $3, 'h')`, [
    randomUUID(),
    tenantId,
    userId,
  ]);
  await q(
    `INSERT INTO refresh_tokens (id, tenant_id, user_id, family_id, token_hash, amr, expires_at)
     VALUES ($1, $2, $3, $4, $5, '{pwd}', now() + interval '1 day')`,
    [randomUUID(), tenantId, userId, randomUUID(), `h-${randomUUID()}`],
  );
  await q(
    `INSERT INTO password_reset_tokens (id, tenant_id, user_id, token_hash, expires_at)
     VALUES ($1, $2, $3, $4, now() + interval '1 hour')`,
    [randomUUID(), tenantId, userId, `h-${randomUUID()}`],
  );
  await q(
    `INSERT INTO products (id, tenant_id, name, sku, price, handle, updated_at)
     VALUES ($1, $2, 'Thing', $3, 9.99, 'thing', now())`,
    [productId, tenantId, `SKU-${productId}`],
  );
  await q(
    `INSERT INTO product_variants (id, tenant_id, product_id, sku, title, price, updated_at)
     VALUES ($1, $2, $3, $4, 'Default', 9.99, now())`,
    [variantId, tenantId, productId, `SKU-${productId}`],
  );
  await q(
    `INSERT INTO inventory (variant_id, product_id, tenant_id, on_hand, updated_at) VALUES ($1, $2, $3, 5, now())`,
    [variantId, productId, tenantId],
  );
  await q(`INSERT INTO categories (id, tenant_id, name, handle, updated_at) VALUES ($1, $2, 'C', 'c', now())`, [
    categoryId,
    tenantId,
  ]);
  await q(`INSERT INTO collections (id, tenant_id, title, handle, updated_at) VALUES ($1, $2, 'K', 'k', now())`, [
    collectionId,
    tenantId,
  ]);
  await q(`INSERT INTO product_categories (tenant_id, product_id, category_id) VALUES ($1, $2, $3)`, [
    tenantId,
    productId,
    categoryId,
  ]);
  await q(`INSERT INTO product_collections (tenant_id, product_id, collection_id) VALUES ($1, $2, $3)`, [
    tenantId,
    productId,
    collectionId,
  ]);
  await q(
    `INSERT INTO customer_addresses (id, tenant_id, customer_id, line1, city, postal_code, country, updated_at)
     VALUES ($1, $2, $3, '1 Main St', 'Springfield', '12345', 'US', now())`,
    [randomUUID(), tenantId, userId],
  );
  await q(
    `INSERT INTO orders (id, tenant_id, customer_id, shipping_address, total_amount, subtotal, currency, updated_at)
     VALUES ($1, $2, $3, '{}', 9.99, 9.99, 'USD', now())`,
    [orderId, tenantId, userId],
  );
  await q(
    `INSERT INTO order_items (id, tenant_id, order_id, product_id, variant_id, sku, name, quantity, unit_price, line_total, total)
     VALUES ($1, $2, $3, $4, $5, 'S', 'N', 1, 9.99, 9.99, 9.99)`,
    [orderItemId, tenantId, orderId, productId, variantId],
  );
  await q(
    `INSERT INTO payments (id, tenant_id, order_id, provider, amount, currency, updated_at)
     VALUES ($1, $2, $3, 'manual', 9.99, 'USD', now())`,
    [paymentId, tenantId, orderId],
  );
  await afterSaleRows(q, { tenantId, orderId, orderItemId, paymentId });
  await q(
    `INSERT INTO idempotency_keys (id, tenant_id, principal, key, request_hash, expires_at)
     VALUES ($1, $2, 'user:x', $3, 'h', now() + interval '1 day')`,
    [randomUUID(), tenantId, `k-${randomUUID()}`],
  );
  await q(`INSERT INTO outbox_events (id, tenant_id, type, payload) VALUES ($1, $2, 'order.created', '{}')`, [
    eventId,
    tenantId,
  ]);
  await q(
    `INSERT INTO webhook_endpoints (id, tenant_id, url, events, secret_enc, updated_at)
     VALUES ($1, $2, 'https://example.com/hook', '{*}', 'enc', now())`,
    [endpointId, tenantId],
  );
  await q(
    `INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, updated_at)
     VALUES ($1, $2, $3, $4, 'order.created', now())`,
    [randomUUID(), tenantId, endpointId, eventId],
  );
  await q(`INSERT INTO processed_stripe_events (id, tenant_id, type) VALUES ($1, $2, 'payment_intent.succeeded')`, [
    `evt_${randomUUID()}`,
    tenantId,
  ]);
  const zoneId = randomUUID();
  await q(`INSERT INTO shipping_zones (id, tenant_id, name, updated_at) VALUES ($1, $2, 'Z', now())`, [
    zoneId,
    tenantId,
  ]);
  await q(`INSERT INTO shipping_zone_countries (tenant_id, zone_id, country) VALUES ($1, $2, 'US')`, [
    tenantId,
    zoneId,
  ]);
  await q(
    `INSERT INTO shipping_rates (id, tenant_id, zone_id, position, name, amount) VALUES ($1, $2, $3, 0, 'Std', 5.00)`,
    [randomUUID(), tenantId, zoneId],
  );
  await q(
    `INSERT INTO tax_rates (id, tenant_id, country, name, rate, updated_at) VALUES ($1, $2, 'US', 'Tax', 8.875, now())`,
    [randomUUID(), tenantId],
  );
  const cartId = randomUUID();
  const promotionId = randomUUID();
  await q(
    `INSERT INTO carts (id, tenant_id, customer_id, currency, expires_at) VALUES ($1, $2, $3, 'USD', now() + interval '30 days')`,
    [cartId, tenantId, userId],
  );
  await q(`INSERT INTO cart_items (id, tenant_id, cart_id, variant_id, quantity) VALUES ($1, $2, $3, $4, 1)`, [
    randomUUID(),
    tenantId,
    cartId,
    variantId,
  ]);
  await q(
    `INSERT INTO promotions (id, tenant_id, name, code, type, value) VALUES ($1, $2, 'P', 'SAVE10', 'percentage', 10)`,
    [promotionId, tenantId],
  );
  await q(
    `INSERT INTO promotion_redemptions (id, tenant_id, promotion_id, order_id, customer_id, email, amount)
     VALUES ($1, $2, $3, $4, $5, 'a@example.com', 1.00)`,
    [randomUUID(), tenantId, promotionId, orderId, userId],
  );
}

/** A fulfilment, a return and a refund of the seeded order, each with one item. */
async function afterSaleRows(
  q: (sql: string, params: unknown[]) => Promise<unknown>,
  ids: { tenantId: string; orderId: string; orderItemId: string; paymentId: string },
): Promise<void> {
  const { tenantId, orderId, orderItemId, paymentId } = ids;
  const [fulfillmentId, returnId, refundId] = [randomUUID(), randomUUID(), randomUUID()];
  await q(`INSERT INTO fulfillments (id, tenant_id, order_id) VALUES ($1, $2, $3)`, [fulfillmentId, tenantId, orderId]);
  await q(
    `INSERT INTO fulfillment_items (id, tenant_id, fulfillment_id, order_item_id, quantity) VALUES ($1, $2, $3, $4, 1)`,
    [randomUUID(), tenantId, fulfillmentId, orderItemId],
  );
  await q(`INSERT INTO returns (id, tenant_id, order_id) VALUES ($1, $2, $3)`, [returnId, tenantId, orderId]);
  await q(`INSERT INTO return_items (id, tenant_id, return_id, order_item_id, quantity) VALUES ($1, $2, $3, $4, 1)`, [
    randomUUID(),
    tenantId,
    returnId,
    orderItemId,
  ]);
  await q(
    `INSERT INTO refunds (id, tenant_id, order_id, payment_id, return_id, provider, amount, currency)
     VALUES ($1, $2, $3, $4, $5, 'manual', 1.00, 'USD')`,
    [refundId, tenantId, orderId, paymentId, returnId],
  );
  await q(
    `INSERT INTO refund_items (id, tenant_id, refund_id, order_item_id, quantity, amount) VALUES ($1, $2, $3, $4, 1, 1.00)`,
    [randomUUID(), tenantId, refundId, orderItemId],
  );
}

/** Every table of the public schema with a tenant_id column, plus tenants itself. */
async function tenantTables(): Promise<string[]> {
  const rows = await ownerQuery<{ table_name: string }>(
    `SELECT c.table_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_name = c.table_name AND t.table_schema = c.table_schema
     WHERE c.table_schema = 'public' AND c.column_name = 'tenant_id' AND t.table_type = 'BASE TABLE'
     ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

async function asTenant<T>(tenantId: string | null, fn: () => Promise<T>): Promise<T> {
  await app.query('BEGIN');
  try {
    if (tenantId) await app.query(`SELECT set_config('app.current_tenant_id', $1, true)`, [tenantId]);
    return await fn();
  } finally {
    await app.query('ROLLBACK');
  }
}

beforeAll(async () => {
  t = await makeTestApp();
  a = await signUpTenant(t.app);
  b = await signUpTenant(t.app);
  await seedEverything(a.tenantId);
  await seedEverything(b.tenantId);
  app = await appClient();
});
afterAll(async () => {
  await app.end();
  await t.close();
});

describe('row-level security as commerce_app', () => {
  it('the role is not superuser, not BYPASSRLS, and owns no table', async () => {
    const role = await ownerQuery<{ rolsuper: boolean; rolbypassrls: boolean }>(
      `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = 'commerce_app'`,
    );
    expect(role).toEqual([{ rolsuper: false, rolbypassrls: false }]);
    const owned = await ownerQuery(
      `SELECT relname FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = 'commerce_app')`,
    );
    expect(owned).toEqual([]);
    expect((await app.query('SELECT current_user AS u')).rows[0].u).toBe('commerce_app');
  });

  it('every tenant table has RLS enabled and forced', async () => {
    const tables = [...(await tenantTables()), 'tenants'];
    expect(tables.length).toBeGreaterThanOrEqual(16);
    const rows = await ownerQuery<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(
      `SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class
       WHERE relnamespace = 'public'::regnamespace AND relname = ANY($1)`,
      [tables],
    );
    expect(rows).toHaveLength(tables.length);
    for (const r of rows)
      expect({ t: r.relname, on: r.relrowsecurity, forced: r.relforcerowsecurity }).toEqual({
        t: r.relname,
        on: true,
        forced: true,
      });
  });

  it("with tenant A set, sees A's rows and none of B's in every tenant table", async () => {
    for (const table of await tenantTables()) {
      const ownerCount = await ownerQuery<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = $1`, [
        b.tenantId,
      ]);
      expect({ table, bRowsExist: Number(ownerCount[0]!.n) > 0 }).toEqual({ table, bRowsExist: true });
      const seen = await asTenant(
        a.tenantId,
        async () => (await app.query(`SELECT DISTINCT tenant_id FROM ${table}`)).rows,
      );
      expect({ table, tenants: seen.map((r) => r.tenant_id) }).toEqual({ table, tenants: [a.tenantId] });
    }
    const tenants = await asTenant(a.tenantId, async () => (await app.query('SELECT id FROM tenants')).rows);
    expect(tenants).toEqual([{ id: a.tenantId }]);
  });

  it('with no tenant set, sees nothing at all', async () => {
    for (const table of [...(await tenantTables()), 'tenants']) {
      const n = await asTenant(
        null,
        async () => (await app.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n,
      );
      expect({ table, n }).toEqual({ table, n: 0 });
    }
  });

  it("cannot insert into or update another tenant's rows", async () => {
    await expect(
      asTenant(a.tenantId, () =>
        app.query(
          `INSERT INTO products (id, tenant_id, name, sku, price, handle, updated_at) VALUES ($1, $2, 'x', 'x', 1, 'x', now())`,
          [randomUUID(), b.tenantId],
        ),
      ),
    ).rejects.toThrow(/row-level security/);
    const updated = await asTenant(
      a.tenantId,
      async () => (await app.query(`UPDATE products SET name = 'pwned' WHERE tenant_id = $1`, [b.tenantId])).rowCount,
    );
    expect(updated).toBe(0);
    const deleted = await asTenant(
      a.tenantId,
      async () => (await app.query(`DELETE FROM users WHERE tenant_id = $1`, [b.tenantId])).rowCount,
    );
    expect(deleted).toBe(0);
  });

  it('cannot UPDATE or DELETE audit rows, even its own tenant’s (append-only)', async () => {
    await expect(asTenant(a.tenantId, () => app.query(`UPDATE audit_logs SET resource = 'x'`))).rejects.toThrow(
      /permission denied/,
    );
    await expect(asTenant(a.tenantId, () => app.query(`DELETE FROM audit_logs`))).rejects.toThrow(/permission denied/);
    const own = await asTenant(
      a.tenantId,
      async () => (await app.query('SELECT count(*)::int AS n FROM audit_logs')).rows[0].n,
    );
    expect(own).toBeGreaterThan(0);
  });

  it('cannot read the migration bookkeeping', async () => {
    await expect(app.query('SELECT * FROM schema_migrations')).rejects.toThrow(/permission denied/);
  });

  it('the look-up functions return identifiers only, and only for exact keys', async () => {
    const r = await app.query('SELECT * FROM app_tenant_by_subdomain($1)', [a.subdomain]);
    expect(r.rows).toEqual([{ id: a.tenantId, currency: 'USD', require_admin_mfa: true, allowed_origins: [] }]);
    expect((await app.query('SELECT * FROM app_tenant_by_subdomain($1)', ['%'])).rows).toEqual([]);
  });

  it('the password-reset look-up names the tenant of a live token only, by its exact hash', async () => {
    const userId = (
      await ownerQuery<{ id: string }>('SELECT id FROM users WHERE tenant_id = $1 LIMIT 1', [a.tenantId])
    )[0]!.id;
    const [live, used, expired] = [randomUUID(), randomUUID(), randomUUID()].map((x) => `h-${x}`);
    await ownerQuery(
      `INSERT INTO password_reset_tokens (id, tenant_id, user_id, token_hash, expires_at, used_at) VALUES
         (gen_random_uuid(), $1, $2, $3, now() + interval '1 hour', NULL),
         (gen_random_uuid(), $1, $2, $4, now() + interval '1 hour', now()),
         (gen_random_uuid(), $1, $2, $5, now() - interval '1 second', NULL)`,
      [a.tenantId, userId, live, used, expired],
    );
    const tenantOf = async (h: string) =>
      (await app.query('SELECT app_password_reset_token_tenant($1) AS t', [h])).rows[0].t;
    expect(await tenantOf(live)).toBe(a.tenantId);
    expect(await tenantOf(used)).toBeNull();
    expect(await tenantOf(expired)).toBeNull();
    expect(await tenantOf('h-%')).toBeNull();
  });
});
