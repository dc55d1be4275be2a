// Bulk seeding straight into PostgreSQL as the owner role (bypasses RLS), for volumes the
// public API would take minutes to create: 100k products in one tenant, 1k other tenants.
// Rows match what the API writes (products + inventory; price_cents is generated).
import type { BenchEnv } from './env';

export const CATEGORIES = 20;

/** `count` active products (+ inventory) in the tenant: prices 1.00–999.99, categories cat-0…cat-19. */
export async function bulkProducts(b: BenchEnv, tenantId: string, count: number, tag: string): Promise<void> {
  await b.ownerQuery(
    `WITH p AS (
       INSERT INTO products (id, tenant_id, name, sku, description, price, category, image_urls, is_active, created_at, updated_at)
       SELECT gen_random_uuid(), $1::uuid, 'Bulk product ' || g, $2 || '-' || g, 'Seeded by npm run bench',
              ((g * 7919) % 99900 + 100) / 100.0, 'cat-' || (g % ${CATEGORIES}), '{}', true,
              now() - g * interval '1 second', now()
       FROM generate_series(1, $3::int) g
       RETURNING id, tenant_id)
     INSERT INTO inventory (product_id, tenant_id, quantity, low_stock_threshold, updated_at)
     SELECT id, tenant_id, 100, 10, now() FROM p`,
    [tenantId, tag, count],
  );
}

/** `count` filler tenants, each with `productsEach` products (so the tables are multi-tenant). */
export async function fillerTenants(b: BenchEnv, count: number, productsEach: number): Promise<void> {
  await b.ownerQuery(
    `INSERT INTO tenants (id, name, subdomain, currency, created_at, updated_at)
     SELECT gen_random_uuid(), 'Filler ' || g, 'filler-' || g || '-' || $1::text, 'USD', now(), now()
     FROM generate_series(1, $2::int) g`,
    [b.id.replace(/_/g, '-'), count],
  );
  await b.ownerQuery(
    `WITH p AS (
       INSERT INTO products (id, tenant_id, name, sku, description, price, category, image_urls, is_active, created_at, updated_at)
       SELECT gen_random_uuid(), t.id, 'Filler product ' || g, 'F-' || g, NULL, (g % 500 + 1)::numeric,
              'cat-' || (g % ${CATEGORIES}), '{}', true, now() - g * interval '1 minute', now()
       FROM tenants t CROSS JOIN generate_series(1, $1::int) g
       WHERE t.subdomain LIKE 'filler-%'
       RETURNING id, tenant_id)
     INSERT INTO inventory (product_id, tenant_id, quantity, low_stock_threshold, updated_at)
     SELECT id, tenant_id, 50, 10, now() FROM p`,
    [productsEach],
  );
}

export async function analyze(b: BenchEnv): Promise<void> {
  // As autovacuum would after a bulk load: statistics, and the visibility map that lets the
  // list's count be an index-only scan (without it, run-to-run timing depends on autovacuum).
  await b.ownerQuery('VACUUM ANALYZE products');
  await b.ownerQuery('VACUUM ANALYZE inventory');
  await b.ownerQuery('ANALYZE tenants');
}
