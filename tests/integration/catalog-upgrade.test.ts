// Upgrading a part-1 database to variants (migration 20261207001000_catalog_variants): every
// product gets one "Default" variant with its SKU and price, stock splits into on_hand /
// reserved / available with the open orders' quantities reserved, order lines name the
// variant, and every product gets a unique handle. The part-1 product view is unchanged.
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { Prisma } from '../../src/generated/prisma/client';
import { loadProductViews } from '../../src/modules/catalog';
import type { TenantRef } from '../../src/platform/auth/types';
import type { SqlTx } from '../../src/platform/db/prisma';
import { ensureDatabase, migrate } from '../../src/platform/db/migrate';
import { ADMIN_URL } from '../setup/global-setup';

const root = path.resolve(__dirname, '../..');
const migDir = path.join(root, 'prisma', 'migrations');
/** The last migration of part 1. */
const PART1_LAST = '20261127004000';

const dbName = `commerce_upgrade_${Date.now().toString(36)}_${randomUUID().slice(0, 6)}`;
const url = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

let c: Client;
beforeAll(async () => {
  await ensureDatabase(url);
  c = new Client({ connectionString: url });
  await c.connect();
});
afterAll(async () => {
  await c?.end();
  const a = new Client({ connectionString: ADMIN_URL });
  await a.connect();
  await a.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await a.end();
});

/** Applies the part-1 migrations the way migrate() does, recording them so it skips them later. */
async function applyPart1(): Promise<void> {
  await c.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const names = readdirSync(migDir)
    .filter((n) => /^\d{14}_/.test(n) && n.slice(0, 14) <= PART1_LAST)
    .sort();
  expect(names.at(-1)).toMatch(new RegExp(`^${PART1_LAST}_`));
  for (const name of names) {
    const sql = readFileSync(path.join(migDir, name, 'migration.sql'), 'utf8');
    await c.query(sql);
    await c.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [
      name,
      createHash('sha256').update(sql).digest('hex'),
    ]);
  }
}

const T = randomUUID();
const customer = randomUUID();
const mug = randomUUID();
const mug2 = randomUUID();
const mugTwo = randomUUID();
const gone = randomUUID();
const pending = randomUUID();
const fulfilled = randomUUID();

/** Part-1 rows: stock already taken off `quantity` by both orders (part-1 semantics). */
async function seedPart1(): Promise<void> {
  await c.query(`INSERT INTO tenants (id, name, subdomain, updated_at) VALUES ($1, 'Shop', $2, now())`, [
    T,
    `up-${T.slice(0, 8)}`,
  ]);
  await c.query(
    `INSERT INTO users (id, tenant_id, email, password_hash, role, updated_at) VALUES ($1, $2, 'c@example.com', 'x', 'CUSTOMER', now())`,
    [customer, T],
  );
  const products: [string, string, string, string, boolean, number, string][] = [
    // id, name, sku, price, active, quantity, created_at (the oldest keeps the bare handle)
    [mug, 'Blue Mug', 'MUG-1', '12.50', true, 8, '2026-01-01T00:00:00Z'],
    [mug2, 'Blue  MUG!', 'MUG-2', '13.00', true, 4, '2026-01-02T00:00:00Z'],
    [mugTwo, 'Blue Mug 2', 'MUG-3', '14.00', true, 0, '2026-01-03T00:00:00Z'],
    [gone, 'Old thing', 'OLD-1', '1.00', false, 1, '2026-01-04T00:00:00Z'],
  ];
  for (const [id, name, sku, price, active, qty, at] of products) {
    await c.query(
      `INSERT INTO products (id, tenant_id, name, sku, price, is_active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
      [id, T, name, sku, price, active, at],
    );
    await c.query(
      `INSERT INTO inventory (product_id, tenant_id, quantity, low_stock_threshold, updated_at) VALUES ($1, $2, $3, 5, now())`,
      [id, T, qty],
    );
  }
  const order = async (id: string, status: string, qty: number) => {
    await c.query(
      `INSERT INTO orders (id, tenant_id, customer_id, status, shipping_address, total_amount, currency, updated_at)
       VALUES ($1, $2, $3, $4, '{}'::jsonb, $5, 'USD', now())`,
      [id, T, customer, status, (12.5 * qty).toFixed(2)],
    );
    await c.query(
      `INSERT INTO order_items (id, tenant_id, order_id, product_id, sku, name, quantity, unit_price, line_total)
       VALUES ($1, $2, $3, $4, 'MUG-1', 'Blue Mug', $5, 12.50, $6)`,
      [randomUUID(), T, id, mug, qty, (12.5 * qty).toFixed(2)],
    );
  };
  await order(pending, 'PENDING', 2);
  await order(fulfilled, 'FULFILLED', 3);
}

/** A SqlTx over the owner connection (the catalog's view loader runs on it unchanged). */
const ownerTx = (): SqlTx => ({
  $queryRaw: async <R>(q: TemplateStringsArray | Prisma.Sql) => {
    const s = q as Prisma.Sql;
    return (await c.query(s.text, s.values as unknown[])).rows as R;
  },
  $executeRaw: async (q: TemplateStringsArray | Prisma.Sql) => {
    const s = q as Prisma.Sql;
    return (await c.query(s.text, s.values as unknown[])).rowCount ?? 0;
  },
});

describe('upgrade of a part-1 database', () => {
  it('gives every product one Default variant, splits stock, links order lines, generates unique handles', async () => {
    await applyPart1();
    await seedPart1();
    const result = await migrate(url, { appPassword: 'commerce_app' });
    expect(result.applied[0]).toMatch(/^20261207001000_catalog_variants$/);

    // Prices are DECIMAL(15,3) once every migration ran (20261208001000_money_iso_digits).
    const variants = await c.query(
      `SELECT product_id, sku, title, option_values, price::text AS price, position, status FROM product_variants
       WHERE tenant_id = $1 ORDER BY sku`,
      [T],
    );
    expect(variants.rows).toEqual([
      {
        product_id: mug,
        sku: 'MUG-1',
        title: 'Default',
        option_values: {},
        price: '12.500',
        position: 0,
        status: 'active',
      },
      {
        product_id: mug2,
        sku: 'MUG-2',
        title: 'Default',
        option_values: {},
        price: '13.000',
        position: 0,
        status: 'active',
      },
      {
        product_id: mugTwo,
        sku: 'MUG-3',
        title: 'Default',
        option_values: {},
        price: '14.000',
        position: 0,
        status: 'active',
      },
      {
        product_id: gone,
        sku: 'OLD-1',
        title: 'Default',
        option_values: {},
        price: '1.000',
        position: 0,
        status: 'active',
      },
    ]);

    // The PENDING order's 2 are reserved (on hand again), the FULFILLED order's 3 are gone.
    const stock = await c.query(
      `SELECT v.sku, i.on_hand, i.reserved, i.available, i.low_stock_threshold AS threshold
       FROM inventory i JOIN product_variants v ON v.id = i.variant_id WHERE i.tenant_id = $1 ORDER BY v.sku`,
      [T],
    );
    expect(stock.rows).toEqual([
      { sku: 'MUG-1', on_hand: 10, reserved: 2, available: 8, threshold: 5 },
      { sku: 'MUG-2', on_hand: 4, reserved: 0, available: 4, threshold: 5 },
      { sku: 'MUG-3', on_hand: 0, reserved: 0, available: 0, threshold: 5 },
      { sku: 'OLD-1', on_hand: 1, reserved: 0, available: 1, threshold: 5 },
    ]);

    const lines = await c.query(
      `SELECT o.status, oi.variant_id, oi.variant_title, oi.option_values, v.product_id
       FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN product_variants v ON v.id = oi.variant_id
       WHERE oi.tenant_id = $1 ORDER BY o.status`,
      [T],
    );
    expect(lines.rows).toHaveLength(2);
    for (const l of lines.rows)
      expect(l).toMatchObject({ product_id: mug, variant_title: 'Default', option_values: {} });

    const handles = await c.query(
      `SELECT id, handle, status, is_active FROM products WHERE tenant_id = $1 ORDER BY created_at`,
      [T],
    );
    const byId = Object.fromEntries(handles.rows.map((r) => [r.id, r]));
    expect(byId[mug]).toMatchObject({ handle: 'blue-mug', status: 'active', is_active: true });
    expect(byId[mug2].handle).toBe('blue-mug-2');
    // "Blue Mug 2" wanted blue-mug-2 too: it still gets a unique, valid handle.
    expect(byId[mugTwo].handle).toMatch(/^blue-mug-2(-[0-9a-f]+)?$/);
    expect(byId[gone]).toMatchObject({ handle: 'old-thing', status: 'archived', is_active: false });
    const all = handles.rows.map((r) => r.handle);
    expect(new Set(all).size).toBe(all.length);
    for (const h of all) expect(h).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);

    // The product view after the upgrade: part-1 fields as before (quantity = available).
    const tenant: TenantRef = { id: T, currency: 'USD', requireAdminMfa: false, allowedOrigins: [] };
    const [view] = await loadProductViews(ownerTx(), tenant, [mug], false);
    expect(view).toMatchObject({
      sku: 'MUG-1',
      price: '12.50',
      isActive: true,
      inventory: { quantity: 8, threshold: 5, lowStock: false },
      priceRange: { min: '12.50', max: '12.50' },
      variants: [
        { title: 'Default', inventory: { onHand: 10, reserved: 2, available: 8, threshold: 5, lowStock: false } },
      ],
    });
  }, 60_000);
});
