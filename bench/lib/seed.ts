// Bulk seeding straight into PostgreSQL as the owner role (bypasses RLS), for volumes the
// public API would take minutes to create: 100k products in one tenant, 1k other tenants.
// Rows match what the API writes: products (status, handle, options; is_active and
// price_cents are generated), one variant per option combination (or one "Default"), one
// inventory row per variant, a category tree, collections and memberships; product_search
// (kept by triggers for API writes) is computed once at the end.
import { Client } from 'pg';
import type { BenchEnv } from './env';

/** Part-1 free-text categories (`products.category`): cat-0 … cat-19. */
export const CATEGORIES = 20;

/** The bulk tenant's category tree: 5 roots × 3 children × 2 leaves = 50 nodes. */
export const TREE = { roots: 5, children: 3, leaves: 2 } as const;
export const COLLECTIONS = 5;

/**
 * A stable pseudo-random non-negative int of `g` (SQL), one stream per `salt`: attributes of
 * product g (options, category, collection) must not correlate, or a filter combination
 * would match nothing or everything by arithmetic accident.
 */
const H = (g: string, salt: number): string => `abs(hashint4(${g} + ${salt * 1_000_003}))`;

/**
 * Runs `statements` in one transaction with triggers off (session_replication_role =
 * replica, superuser only), then recomputes product_search for the tenants' products once:
 * the per-statement triggers would otherwise recompute 100k rows after every statement.
 */
async function bulk(b: BenchEnv, statements: [string, unknown[]][], tenantSql: string, params: unknown[]) {
  const c = new Client({ connectionString: b.ownerUrl });
  await c.connect();
  try {
    await c.query('BEGIN');
    await c.query('SET LOCAL session_replication_role = replica');
    for (const [sql, ps] of statements) await c.query(sql, ps);
    await c.query('SET LOCAL session_replication_role = DEFAULT');
    await c.query(
      `SELECT product_search_refresh(ARRAY(SELECT id FROM products WHERE tenant_id IN (${tenantSql})))`,
      params,
    );
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await c.end();
  }
}

// Variants of the products selected by `where` (over p): a quarter of the bulk products (by a hash of g) have
// Size (S, M, L; XL on every other one) × Color (Black, White; Red on every third one), the
// rest one "Default" variant. Variant prices step by 2.00 per size from the product's
// price; the product's sku and price are its first variant's (position 0), as the API keeps them.
const VARIANTS = (where: string) => `
  INSERT INTO product_variants (id, tenant_id, product_id, sku, title, option_values, price, position, status, created_at, updated_at)
  SELECT gen_random_uuid(), p.tenant_id, p.id,
         CASE WHEN o.n = 1 THEN p.sku ELSE p.sku || '-' || o.n END,
         COALESCE(o.size || ' / ' || o.color, 'Default'),
         CASE WHEN o.size IS NULL THEN '{}'::jsonb ELSE jsonb_build_object('Size', o.size, 'Color', o.color) END,
         p.price + 2 * (o.si - 1), o.n - 1, 'active', p.created_at, p.updated_at
  FROM products p
  CROSS JOIN LATERAL (
    SELECT s.v AS size, c.v AS color, s.i AS si, row_number() OVER (ORDER BY s.i, c.i) AS n
    FROM jsonb_array_elements_text(p.options -> 0 -> 'values') WITH ORDINALITY s(v, i),
         jsonb_array_elements_text(p.options -> 1 -> 'values') WITH ORDINALITY c(v, i)
    UNION ALL SELECT NULL, NULL, 1, 1 WHERE p.options = '[]'::jsonb) o
  WHERE ${where}`;

// One inventory row per variant; on_hand 0–14 by a hash of the SKU, so ~1 in 15 variants is
// out of stock (and a one-variant product with it).
const INVENTORY = (where: string) => `
  INSERT INTO inventory (variant_id, product_id, tenant_id, on_hand, reserved, low_stock_threshold, updated_at)
  SELECT v.id, v.product_id, v.tenant_id, abs(hashtext(v.sku)) % 15, 0, 3, now()
  FROM product_variants v WHERE ${where}`;

/**
 * `count` active products in the tenant: prices 1.00–999.99, part-1 categories cat-0…cat-19,
 * a quarter with Size × Color options (6–12 variants), the rest one variant; each in one leaf
 * of a 50-node category tree (handles `<tag>-c-<root>[-<child>[-<leaf>]]`, lower case), every
 * tenth also directly in a mid-level category, every seventh in one of 5 collections.
 */
export async function bulkProducts(b: BenchEnv, tenantId: string, count: number, tag: string): Promise<void> {
  const h = tag.toLowerCase();
  const { roots, children, leaves } = TREE;
  const leafCount = roots * children * leaves;
  await bulk(
    b,
    [
      [
        `INSERT INTO products (id, tenant_id, name, sku, description, price, category, image_urls, handle, status, options,
                               created_at, updated_at)
         SELECT gen_random_uuid(), $1::uuid, 'Bulk product ' || g, $2 || '-' || g, 'Seeded by npm run bench',
                ((g * 7919) % 99900 + 100) / 100.0, 'cat-' || (g % ${CATEGORIES}), '{}', $3 || '-' || g, 'active',
                CASE WHEN ${H('g', 1)} % 4 = 0 THEN jsonb_build_array(
                  jsonb_build_object('name', 'Size', 'values',
                    CASE WHEN ${H('g', 2)} % 2 = 0 THEN '["S","M","L","XL"]'::jsonb ELSE '["S","M","L"]'::jsonb END),
                  jsonb_build_object('name', 'Color', 'values',
                    CASE WHEN ${H('g', 3)} % 3 = 0 THEN '["Black","White","Red"]'::jsonb ELSE '["Black","White"]'::jsonb END))
                ELSE '[]'::jsonb END,
                now() - g * interval '1 second', now()
         FROM generate_series(1, $4::int) g`,
        [tenantId, tag, h, count],
      ],
      [VARIANTS('p.tenant_id = $1::uuid'), [tenantId]],
      [INVENTORY('v.tenant_id = $1::uuid'), [tenantId]],
      // The tree, breadth first: roots r, children r-c, leaves r-c-l.
      [
        `INSERT INTO categories (id, tenant_id, name, handle, parent_id, position, created_at, updated_at)
         SELECT gen_random_uuid(), $1::uuid, 'Category ' || r, $2 || '-c-' || r, NULL, r, now(), now()
         FROM generate_series(0, ${roots - 1}) r`,
        [tenantId, h],
      ],
      [
        `INSERT INTO categories (id, tenant_id, name, handle, parent_id, position, created_at, updated_at)
         SELECT gen_random_uuid(), $1::uuid, p.name || '.' || c, p.handle || '-' || c, p.id, c, now(), now()
         FROM categories p CROSS JOIN generate_series(0, ${children - 1}) c
         WHERE p.tenant_id = $1::uuid AND p.parent_id IS NULL`,
        [tenantId],
      ],
      [
        `INSERT INTO categories (id, tenant_id, name, handle, parent_id, position, created_at, updated_at)
         SELECT gen_random_uuid(), $1::uuid, p.name || '.' || l, p.handle || '-' || l, p.id, l, now(), now()
         FROM categories p JOIN categories root ON root.id = p.parent_id AND root.parent_id IS NULL
         CROSS JOIN generate_series(0, ${leaves - 1}) l
         WHERE p.tenant_id = $1::uuid`,
        [tenantId],
      ],
      // Product g: leaf number g % 30 (leaves ordered by handle), every tenth also the
      // mid-level category (g / 10) % 15.
      [
        `WITH leaf AS (SELECT id, row_number() OVER (ORDER BY handle) - 1 AS k FROM categories c
                       WHERE tenant_id = $1::uuid AND EXISTS (SELECT 1 FROM categories p WHERE p.id = c.parent_id AND p.parent_id IS NOT NULL)),
              mid AS (SELECT id, row_number() OVER (ORDER BY handle) - 1 AS k FROM categories c
                       WHERE tenant_id = $1::uuid AND EXISTS (SELECT 1 FROM categories p WHERE p.id = c.parent_id AND p.parent_id IS NULL)),
              prod AS (SELECT id, split_part(sku, '-', 2)::int AS g FROM products WHERE tenant_id = $1::uuid)
         INSERT INTO product_categories (tenant_id, product_id, category_id)
         SELECT $1::uuid, prod.id, leaf.id FROM prod JOIN leaf ON leaf.k = ${H('prod.g', 4)} % ${leafCount}
         UNION ALL
         SELECT $1::uuid, prod.id, mid.id FROM prod JOIN mid ON mid.k = ${H('prod.g', 5)} % ${roots * children}
         WHERE ${H('prod.g', 6)} % 10 = 0`,
        [tenantId],
      ],
      [
        `INSERT INTO collections (id, tenant_id, title, handle, created_at, updated_at)
         SELECT gen_random_uuid(), $1::uuid, 'Collection ' || k, $2 || '-col-' || k, now(), now()
         FROM generate_series(0, ${COLLECTIONS - 1}) k`,
        [tenantId, h],
      ],
      [
        `WITH col AS (SELECT id, row_number() OVER (ORDER BY handle) - 1 AS k FROM collections WHERE tenant_id = $1::uuid)
         INSERT INTO product_collections (tenant_id, product_id, collection_id)
         SELECT $1::uuid, p.id, col.id FROM products p JOIN col ON col.k = ${H("split_part(p.sku, '-', 2)::int", 7)} % ${COLLECTIONS}
         WHERE p.tenant_id = $1::uuid AND ${H("split_part(p.sku, '-', 2)::int", 8)} % 7 = 0`,
        [tenantId],
      ],
    ],
    '$1::uuid',
    [tenantId],
  );
}

/** `count` filler tenants, each with `productsEach` one-variant products (so the tables are multi-tenant). */
export async function fillerTenants(b: BenchEnv, count: number, productsEach: number): Promise<void> {
  const suffix = b.id.replace(/_/g, '-');
  const filler = `SELECT id FROM tenants WHERE subdomain LIKE 'filler-%'`;
  await b.ownerQuery(
    `INSERT INTO tenants (id, name, subdomain, currency, created_at, updated_at)
     SELECT gen_random_uuid(), 'Filler ' || g, 'filler-' || g || '-' || $1::text, 'USD', now(), now()
     FROM generate_series(1, $2::int) g`,
    [suffix, count],
  );
  await bulk(
    b,
    [
      [
        `INSERT INTO products (id, tenant_id, name, sku, description, price, category, image_urls, handle, status,
                               created_at, updated_at)
         SELECT gen_random_uuid(), t.id, 'Filler product ' || g, 'F-' || g, NULL, (g % 500 + 1)::numeric,
                'cat-' || (g % ${CATEGORIES}), '{}', 'filler-product-' || g, 'active', now() - g * interval '1 minute', now()
         FROM tenants t CROSS JOIN generate_series(1, $1::int) g
         WHERE t.subdomain LIKE 'filler-%'`,
        [productsEach],
      ],
      [VARIANTS(`p.tenant_id IN (${filler})`), []],
      [INVENTORY(`v.tenant_id IN (${filler})`), []],
    ],
    filler,
    [],
  );
}

export async function analyze(b: BenchEnv): Promise<void> {
  // As autovacuum would after a bulk load: statistics, and the visibility map that lets the
  // list's count be an index-only scan (without it, run-to-run timing depends on autovacuum).
  for (const t of [
    'products',
    'product_variants',
    'inventory',
    'product_search',
    'categories',
    'collections',
    'product_categories',
    'product_collections',
  ])
    await b.ownerQuery(`VACUUM ANALYZE ${t}`);
  await b.ownerQuery('ANALYZE tenants');
}

/**
 * The 100k-product tenant (+ the 1k filler tenants), seeded once per bench run and shared by
 * the scenarios that read it (product-list, product-facets).
 */
const bigTenants = new WeakMap<BenchEnv, Promise<{ id: string; subdomain: string; apiKey: string }>>();
export function bigTenant(
  b: BenchEnv,
  count: number,
  signUp: () => Promise<{ id: string; subdomain: string; apiKey: string }>,
  fillers: number,
): Promise<{ id: string; subdomain: string; apiKey: string }> {
  let t = bigTenants.get(b);
  if (!t) {
    t = (async () => {
      const tenant = await signUp();
      await bulkProducts(b, tenant.id, count, 'BULK');
      await fillerTenants(b, fillers, 10);
      await analyze(b);
      return tenant;
    })();
    bigTenants.set(b, t);
  }
  return t;
}
