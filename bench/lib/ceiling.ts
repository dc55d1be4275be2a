// The order path's ceiling (issue 15 point 6): what PostgreSQL on this box does with an
// order-shaped transaction sent by a bare node-postgres client, no HTTP, no API code.
//
//   BEGIN
//   UPDATE stock SET reserved = reserved + 1 WHERE variant_id = $1 AND on_hand - reserved >= 1 RETURNING …
//   INSERT order; INSERT order item; INSERT outbox event (~1 KB jsonb); INSERT audit row (jsonb)
//   COMMIT
//
// Seven round trips, the stock row locked from the first statement to the commit (the shape
// the issue measured its ceiling with). `stockLast` moves the UPDATE right before COMMIT (what
// the API's order statement does): a one-row run then holds the row lock for one round trip
// plus the commit instead of five. The scenarios report the API's orders/s as a ratio to it.
//
// Fairness: the scratch tables are the real ones' copies, made in the bench database AFTER the
// API migrated it: `CREATE TABLE bench_ceiling.x (LIKE public.x INCLUDING ALL)` copies columns,
// defaults, generated columns (inventory.available, is_low), CHECK constraints, the primary
// keys and every index (orders: 4 + cart_id unique + guest partial; outbox: 2 partial;
// audit: 3; order_items: 3), and the tables' storage options (inventory fillfactor 80) are
// copied too. Foreign keys are not copied by LIKE; the ones an order insert checks are added
// back (orders → tenants, users; order_items → orders, products, product_variants), so each
// insert takes the same KEY SHARE locks as the API's (all orders of one tenant share its row).
// What the ceiling does NOT do, and the API does: RLS (commerce_app, set_config per
// transaction, policies on every row), the Idempotency-Key claim and stored response, the
// customer's pending-order counter (UPDATE users), reading the variants, pricing, HTTP, auth.
// Everything runs as the owner in its own schema, dropped afterwards (dropCeiling).
import { randomBytes, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { summarize, type LoadResult } from './load';

export const CEILING_SCHEMA = 'bench_ceiling';
const TABLES = ['inventory', 'orders', 'order_items', 'outbox_events', 'audit_logs'] as const;

export interface CeilingStock {
  tenantId: string;
  /** The variants to spread over (the first one is the "one row" of a hot-product run). */
  variants: Array<{ id: string; productId: string }>;
  /** Customers of the tenant the orders are for (FK-checked like the API's); set by createCeiling. */
  customers?: string[];
  /** The breakdown columns (orders.subtotal, order_items.total) exist (issue 15's schema); set by createCeiling. */
  breakdown?: boolean;
}

export interface CeilingOptions {
  /** 'spread': request i takes variant (i × 7) mod n, as order-create does; 'one': variant 0. */
  mode: 'spread' | 'one';
  /** Concurrent clients (one connection each): the bench's connections. */
  clients: number;
  durationS: number;
  warmupS: number;
  stockLast?: boolean;
  /** Wraps the measured phase (e.g. bench/lib/pg-activity.ts watchPg). */
  wrap?: <R>(fn: () => Promise<R>) => Promise<R>;
}

export type CeilingResult = LoadResult & { clients: number; mode: string; stockLast: boolean; payloadBytes: number };

/**
 * Creates the scratch schema as copies of the real tables, stocks the variants (100M each) and
 * returns the stock with the tenant's customers (orders name one each, as the API's do).
 */
export async function createCeiling(ownerUrl: string, s: CeilingStock): Promise<CeilingStock> {
  const c = new Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${CEILING_SCHEMA} CASCADE; CREATE SCHEMA ${CEILING_SCHEMA}`);
    for (const t of TABLES) {
      await c.query(`CREATE TABLE ${CEILING_SCHEMA}.${t} (LIKE public.${t} INCLUDING ALL)`);
      const [opt] = (
        await c.query<{ reloptions: string[] | null }>(
          `SELECT reloptions FROM pg_class WHERE oid = 'public.${t}'::regclass`,
        )
      ).rows;
      if (opt?.reloptions?.length)
        await c.query(`ALTER TABLE ${CEILING_SCHEMA}.${t} SET (${opt.reloptions.join(', ')})`);
    }
    await c.query(`
      ALTER TABLE ${CEILING_SCHEMA}.orders ADD FOREIGN KEY (tenant_id) REFERENCES public.tenants(id) ON DELETE CASCADE;
      ALTER TABLE ${CEILING_SCHEMA}.orders ADD FOREIGN KEY (customer_id) REFERENCES public.users(id);
      ALTER TABLE ${CEILING_SCHEMA}.order_items ADD FOREIGN KEY (order_id) REFERENCES ${CEILING_SCHEMA}.orders(id) ON DELETE CASCADE;
      ALTER TABLE ${CEILING_SCHEMA}.order_items ADD FOREIGN KEY (product_id) REFERENCES public.products(id);
      ALTER TABLE ${CEILING_SCHEMA}.order_items ADD FOREIGN KEY (variant_id) REFERENCES public.product_variants(id)`);
    await c.query(
      `INSERT INTO ${CEILING_SCHEMA}.inventory (variant_id, product_id, tenant_id, on_hand, reserved, low_stock_threshold, updated_at)
       SELECT v, p, $1::uuid, 100000000, 0, 10, now() FROM unnest($2::uuid[], $3::uuid[]) AS x(v, p)`,
      [s.tenantId, s.variants.map((v) => v.id), s.variants.map((v) => v.productId)],
    );
    await c.query(`ANALYZE ${TABLES.map((t) => `${CEILING_SCHEMA}.${t}`).join(', ')}`);
    const customers = await c.query<{ id: string }>(
      `SELECT id FROM public.users WHERE tenant_id = $1::uuid AND role = 'CUSTOMER' ORDER BY id LIMIT 1000`,
      [s.tenantId],
    );
    const cols = await c.query(
      `SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'orders'
         AND column_name = 'subtotal'`,
    );
    return { ...s, customers: customers.rows.map((r) => r.id), breakdown: (cols.rowCount ?? 0) > 0 };
  } finally {
    await c.end();
  }
}

export async function dropCeiling(ownerUrl: string): Promise<void> {
  const c = new Client({ connectionString: ownerUrl });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${CEILING_SCHEMA} CASCADE`);
  } finally {
    await c.end();
  }
}

const ADDRESS = { line1: '1 Bench Street', city: 'Springfield', postalCode: '12345', country: 'US' };

/** The order view an order.created event and its audit row carry (~1 KB as JSON, as the API's). */
export function orderDocument(
  orderId: string,
  tenantId: string,
  v: { id: string; productId: string },
  at: string,
  customerId: string | null = null,
) {
  return {
    id: orderId,
    status: 'PENDING',
    customerId,
    customerName: 'Bench Customer',
    customerEmail: `customer-${randomBytes(5).toString('hex')}@example.com`,
    shippingAddress: ADDRESS,
    items: [
      {
        productId: v.productId,
        variantId: v.id,
        sku: `SKU-${v.id.slice(0, 10)}`,
        name: `Bench product ${v.id.slice(0, 10)}`,
        variantTitle: 'Default',
        optionValues: {},
        quantity: 1,
        unitPrice: '12.50',
        lineTotal: '12.50',
      },
    ],
    totalAmount: '12.50',
    currency: 'USD',
    payment: null,
    tenantId,
    createdAt: at,
    updatedAt: at,
  };
}

/** One order-shaped transaction on client c; false when the stock UPDATE matched no row. */
async function orderTx(
  c: Client,
  tenantId: string,
  v: { id: string; productId: string },
  customerId: string | null,
  stockLast: boolean,
  breakdown: boolean,
) {
  const id = randomUUID();
  const at = new Date().toISOString();
  const doc = orderDocument(id, tenantId, v, at, customerId);
  const event = {
    id: `evt_${randomBytes(16).toString('hex')}`,
    type: 'order.created',
    createdAt: at,
    tenantId,
    data: doc,
  };
  const S = CEILING_SCHEMA;
  const take = () =>
    c.query(
      `UPDATE ${S}.inventory SET reserved = reserved + 1, updated_at = now()
       WHERE variant_id = $1::uuid AND on_hand - reserved >= 1 RETURNING available, low_stock_threshold`,
      [v.id],
    );
  await c.query('BEGIN');
  try {
    let taken = stockLast ? 1 : (await take()).rowCount;
    await c.query(
      `INSERT INTO ${S}.orders (id, tenant_id, customer_id, customer_name, customer_email, shipping_address,
         total_amount, currency, created_at, updated_at${breakdown ? ', subtotal' : ''})
       VALUES ($1::uuid, $2::uuid, $9::uuid, $3, $4, $5::jsonb, $6::numeric, $7, $8::timestamptz, $8::timestamptz
         ${breakdown ? ', $6::numeric' : ''})`,
      [id, tenantId, doc.customerName, doc.customerEmail, JSON.stringify(ADDRESS), '12.50', 'USD', at, customerId],
    );
    await c.query(
      `INSERT INTO ${S}.order_items (id, tenant_id, order_id, product_id, variant_id, sku, name, variant_title,
         option_values, quantity, unit_price, line_total${breakdown ? ', total' : ''})
       VALUES (gen_random_uuid(), $1::uuid, $2::uuid, $3::uuid, $4::uuid, $5, $6, 'Default', '{}'::jsonb, 1,
         12.50, 12.50${breakdown ? ', 12.50' : ''})`,
      [tenantId, id, v.productId, v.id, doc.items[0]!.sku, doc.items[0]!.name],
    );
    await c.query(
      `INSERT INTO ${S}.outbox_events (id, tenant_id, type, payload, created_at)
       VALUES ($1, $2::uuid, 'order.created', $3::jsonb, $4::timestamptz)`,
      [event.id, tenantId, JSON.stringify(event), at],
    );
    await c.query(
      `INSERT INTO ${S}.audit_logs (id, tenant_id, action, resource, resource_id, user_id, actor_type, changes,
         correlation_id, "timestamp")
       VALUES (gen_random_uuid(), $1::uuid, 'CREATE', 'order', $2, $3, 'user', $4::jsonb, NULL, $5::timestamptz)`,
      [tenantId, id, doc.customerId, JSON.stringify({ before: null, after: doc }), at],
    );
    if (stockLast) taken = (await take()).rowCount;
    if (!taken) {
      await c.query('ROLLBACK');
      return false;
    }
    await c.query('COMMIT');
    return true;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

/**
 * Closed loop: `clients` connections each run order transactions back to back for the warm-up,
 * then for durationS (measured). rps = committed + refused transactions ÷ measured seconds.
 */
export async function runCeiling(ownerUrl: string, s: CeilingStock, o: CeilingOptions): Promise<CeilingResult> {
  const clients = await Promise.all(
    Array.from({ length: o.clients }, async () => {
      const c = new Client({ connectionString: ownerUrl });
      await c.connect();
      return c;
    }),
  );
  const stockLast = o.stockLast ?? false;
  const payloadBytes = Buffer.byteLength(
    JSON.stringify(orderDocument(randomUUID(), s.tenantId, s.variants[0]!, new Date().toISOString())),
  );
  try {
    let n = 0;
    const phase = async (seconds: number, record: boolean) => {
      const latencies: number[] = [];
      const statusCounts: Record<string, number> = {};
      let errors = 0;
      const t0 = process.hrtime.bigint();
      const end = Date.now() + seconds * 1000;
      await Promise.all(
        clients.map(async (c) => {
          while (Date.now() < end) {
            const i = n++;
            const v = o.mode === 'one' ? s.variants[0]! : s.variants[(i * 7) % s.variants.length]!;
            const start = process.hrtime.bigint();
            try {
              const cs = s.customers ?? [];
              const ok = await orderTx(
                c,
                s.tenantId,
                v,
                cs.length ? cs[i % cs.length]! : null,
                stockLast,
                s.breakdown ?? true,
              );
              const k = ok ? '201' : '409';
              statusCounts[k] = (statusCounts[k] ?? 0) + 1;
              latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
            } catch {
              errors++;
            }
          }
        }),
      );
      const durationS = Number(process.hrtime.bigint() - t0) / 1e9;
      return record ? { ...summarize(latencies, durationS, statusCounts), errors } : null;
    };
    await phase(o.warmupS, false);
    const measure = () => phase(o.durationS, true);
    const r = (await (o.wrap ? o.wrap(measure) : measure()))!;
    return { ...r, clients: o.clients, mode: o.mode, stockLast, payloadBytes };
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}
