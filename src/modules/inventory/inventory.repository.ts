// Inventory persistence, per variant. Every stock change is ONE atomic UPDATE guarded in SQL
// (available never below zero, on_hand never past the int maximum), so concurrent writers
// (API replicas, orders) can never lose an update or oversell. No index holds on_hand,
// reserved or available: every stock move is a HOT update.
import { Prisma } from '../../generated/prisma/client';
import type { Db, SqlTx } from '../../platform/db/prisma';
import type { InventoryRow, StockLevelChanges, StockTarget } from './inventory.schemas';

export type { InventoryRow };

const INT_MAX = 2_147_483_647;

/** The columns of a stock row with what names it; `i` inventory, `v` its variant, `p` its product. */
const ROW = Prisma.sql`i.variant_id AS "variantId", i.product_id AS "productId", v.sku, p.name, v.title,
  i.on_hand AS "onHand", i.reserved, i.available, i.low_stock_threshold AS threshold`;

/**
 * The condition naming the target's inventory row `i`: the variant, or the product's only
 * active variant (no row when the product has none or several).
 */
function targetCond(tenantId: string, target: StockTarget): Prisma.Sql {
  if ('variantId' in target) return Prisma.sql`i.variant_id = ${target.variantId}::uuid`;
  return Prisma.sql`i.variant_id = (SELECT (array_agg(s.id))[1] FROM product_variants s
      WHERE s.tenant_id = ${tenantId}::uuid AND s.product_id = ${target.productId}::uuid AND s.status = 'active'
      HAVING count(*) = 1)`;
}

/**
 * available += delta (on_hand moves, reserved does not) in ONE statement, only if available
 * stays >= 0 and on_hand <= INT_MAX. Returns the new row, or null when the guard refused it
 * or there is no such row (stockRefusal tells which).
 */
export async function addAvailable(
  tx: SqlTx,
  tenantId: string,
  target: StockTarget,
  delta: number,
): Promise<InventoryRow | null> {
  const rows = await tx.$queryRaw<InventoryRow[]>`UPDATE inventory i
    SET on_hand = i.on_hand + ${delta}::int, updated_at = now()
    FROM product_variants v, products p
    WHERE i.tenant_id = ${tenantId}::uuid AND ${targetCond(tenantId, target)}
      AND v.id = i.variant_id AND p.id = i.product_id
      AND i.available::bigint + ${delta}::bigint >= 0 AND i.on_hand::bigint + ${delta}::bigint <= ${INT_MAX}
    RETURNING ${ROW}`;
  return rows[0] ?? null;
}

/** How a target resolves: its row (optionally locked), or why there is none. */
export type StockLookup =
  | { kind: 'row'; row: InventoryRow }
  | { kind: 'missing' }
  /** A product with several active variants: the caller must name one. */
  | { kind: 'ambiguous'; variants: number };

/**
 * Reads (and optionally row-locks until commit) the target's stock with its SKU, name and
 * title. A product target resolves to its only active variant.
 */
export async function readStock(
  tx: SqlTx,
  tenantId: string,
  target: StockTarget,
  opts: { forUpdate?: boolean } = {},
): Promise<StockLookup> {
  const lock = opts.forUpdate ? Prisma.sql`FOR UPDATE OF i` : Prisma.empty;
  const which =
    'variantId' in target
      ? Prisma.sql`i.variant_id = ${target.variantId}::uuid`
      : Prisma.sql`i.product_id = ${target.productId}::uuid AND v.status = 'active'`;
  // Variant-id order and at most two rows: locks are taken as orders take them (no deadlock).
  const rows = await tx.$queryRaw<InventoryRow[]>`SELECT ${ROW}
    FROM inventory i JOIN product_variants v ON v.id = i.variant_id JOIN products p ON p.id = i.product_id
    WHERE i.tenant_id = ${tenantId}::uuid AND ${which}
    ORDER BY i.variant_id LIMIT 2 ${lock}`;
  if (rows.length === 0) return { kind: 'missing' };
  if (rows.length === 1) return { kind: 'row', row: rows[0]! };
  return { kind: 'ambiguous', variants: rows.length };
}

/**
 * Sets available (on_hand = reserved + available) and/or the threshold (null = keep) of a
 * variant, in one statement; null when on_hand would pass the int maximum or no such row.
 */
export async function setLevels(
  tx: SqlTx,
  tenantId: string,
  variantId: string,
  c: StockLevelChanges,
): Promise<InventoryRow | null> {
  const rows = await tx.$queryRaw<InventoryRow[]>`UPDATE inventory i
    SET on_hand = COALESCE(i.reserved + ${c.available}::int, i.on_hand),
        low_stock_threshold = COALESCE(${c.threshold}::int, i.low_stock_threshold), updated_at = now()
    FROM product_variants v, products p
    WHERE i.tenant_id = ${tenantId}::uuid AND i.variant_id = ${variantId}::uuid
      AND v.id = i.variant_id AND p.id = i.product_id
      AND (${c.available}::int IS NULL OR i.reserved::bigint + ${c.available}::bigint <= ${INT_MAX})
    RETURNING ${ROW}`;
  return rows[0] ?? null;
}

/** A line of stock to move: a variant and a positive quantity. */
export interface StockLine {
  variantId: string;
  quantity: number;
}

/**
 * SQL for CTEs that lock the lines' rows in variant-id order (only for several lines: a
 * one-time gate the UPDATE waits on) and then update them in one statement. Concurrent
 * multi-line moves thus take their row locks in the same order and never deadlock.
 * `name` is the updating CTE, returning (variant_id, product_id, available, threshold).
 */
function stockMoveCtes(
  name: string,
  tenantId: string,
  lines: readonly StockLine[],
  set: Prisma.Sql,
  guard: Prisma.Sql,
): Prisma.Sql {
  const ids = lines.map((l) => l.variantId);
  const qtys = lines.map((l) => l.quantity);
  const several = lines.length > 1;
  const lockName = Prisma.raw(`${name}_locked`);
  const locked = several
    ? Prisma.sql`${lockName} AS MATERIALIZED (
          SELECT i.variant_id FROM inventory i
          WHERE i.tenant_id = ${tenantId}::uuid AND i.variant_id = ANY(${ids}::uuid[])
          ORDER BY i.variant_id FOR UPDATE),`
    : Prisma.empty;
  const gate = several ? Prisma.sql`AND (SELECT count(*) FROM ${lockName}) >= 0` : Prisma.empty;
  return Prisma.sql`${locked}
    ${Prisma.raw(name)} AS (
      UPDATE inventory i SET ${set}, updated_at = now()
      FROM unnest(${ids}::uuid[], ${qtys}::int[]) AS l(variant_id, qty)
      WHERE i.tenant_id = ${tenantId}::uuid AND i.variant_id = l.variant_id AND ${guard} ${gate}
      RETURNING i.variant_id, i.product_id, i.available, i.low_stock_threshold AS threshold)`;
}

/**
 * SQL for the CTEs that reserve stock for several variants in ONE statement, for callers
 * composing a larger statement (order creation): defines `taken(variant_id, product_id,
 * available, threshold)`, one row per line whose guarded move from available to reserved
 * (`reserved += n WHERE available >= n`) succeeded, with the new level. The caller checks
 * that every line is there (count = lines) and rolls back otherwise. Lines must be distinct.
 */
export function takeStockCtes(tenantId: string, lines: readonly StockLine[]): Prisma.Sql {
  return stockMoveCtes(
    'taken',
    tenantId,
    lines,
    Prisma.sql`reserved = i.reserved + l.qty`,
    Prisma.sql`i.available >= l.qty`,
  );
}

/** A variant's stock after a move. */
export interface MovedStock {
  variantId: string;
  productId: string;
  available: number;
  threshold: number;
}

async function runMove(tx: SqlTx, name: string, ctes: Prisma.Sql, n: number): Promise<MovedStock[]> {
  const rows = await tx.$queryRaw<MovedStock[]>`WITH ${ctes}
    SELECT variant_id AS "variantId", product_id AS "productId", available, threshold FROM ${Prisma.raw(name)}`;
  // Every line holds at least its quantity reserved (orders reserved it); fewer rows means the
  // reservation is missing: refuse rather than move stock that was never held.
  if (rows.length !== n) throw new Error(`inventory: ${n - rows.length} line(s) without their reserved stock`);
  return rows;
}

/** Gives reserved stock back to available (reserved -= n): cancelling an unfulfilled order. */
export function releaseStock(tx: SqlTx, tenantId: string, lines: readonly StockLine[]): Promise<MovedStock[]> {
  if (lines.length === 0) return Promise.resolve([]);
  const ctes = stockMoveCtes(
    'released',
    tenantId,
    lines,
    Prisma.sql`reserved = i.reserved - l.qty`,
    Prisma.sql`i.reserved >= l.qty`,
  );
  return runMove(tx, 'released', ctes, lines.length);
}

/** Ships reserved stock (on_hand -= n, reserved -= n; available unchanged): fulfilling an order. */
export function shipStock(tx: SqlTx, tenantId: string, lines: readonly StockLine[]): Promise<MovedStock[]> {
  if (lines.length === 0) return Promise.resolve([]);
  const ctes = stockMoveCtes(
    'shipped',
    tenantId,
    lines,
    Prisma.sql`on_hand = i.on_hand - l.qty, reserved = i.reserved - l.qty`,
    Prisma.sql`i.reserved >= l.qty`,
  );
  return runMove(tx, 'shipped', ctes, lines.length);
}

/**
 * Puts shipped stock back (on_hand += n, reserved += n; available unchanged): a cancelled
 * fulfilment's quantities are reserved for their order again.
 */
export function unshipStock(tx: SqlTx, tenantId: string, lines: readonly StockLine[]): Promise<MovedStock[]> {
  if (lines.length === 0) return Promise.resolve([]);
  const ctes = stockMoveCtes(
    'unshipped',
    tenantId,
    lines,
    Prisma.sql`on_hand = i.on_hand + l.qty, reserved = i.reserved + l.qty`,
    Prisma.sql`i.on_hand::bigint + l.qty <= ${INT_MAX}`,
  );
  return runMove(tx, 'unshipped', ctes, lines.length);
}

/** Returned goods back on the shelf (on_hand += n, so available rises): a received return's restock. */
export function restockStock(tx: SqlTx, tenantId: string, lines: readonly StockLine[]): Promise<MovedStock[]> {
  if (lines.length === 0) return Promise.resolve([]);
  const ctes = stockMoveCtes(
    'restocked',
    tenantId,
    lines,
    Prisma.sql`on_hand = i.on_hand + l.qty`,
    Prisma.sql`i.on_hand::bigint + l.qty <= ${INT_MAX}`,
  );
  return runMove(tx, 'restocked', ctes, lines.length);
}

/**
 * Stock of active variants of active products, lowest available first (exported for EXPLAIN
 * tests). No index holds available (stock moves are HOT updates), so the tenant's rows (all,
 * or the low ones through the partial index inventory_low_stock_idx) are sorted first; the
 * variant and product are then read by primary key in that order, only until the page is full.
 */
export function listInventorySql(tenantId: string, lowStock: boolean, skip: number, take: number): Prisma.Sql {
  return Prisma.sql`SELECT i.variant_id AS "variantId", i.product_id AS "productId", v.sku, p.name, v.title,
      i.on_hand AS "onHand", i.reserved, i.available, i.threshold
    FROM (SELECT variant_id, product_id, on_hand, reserved, available, low_stock_threshold AS threshold
          FROM inventory
          WHERE tenant_id = ${tenantId}::uuid ${lowStock ? Prisma.sql`AND is_low` : Prisma.empty}
          ORDER BY available, variant_id) i
    CROSS JOIN LATERAL (SELECT v.sku, v.title FROM product_variants v
                        WHERE v.id = i.variant_id AND v.status = 'active' OFFSET 0) v
    CROSS JOIN LATERAL (SELECT p.name FROM products p WHERE p.id = i.product_id AND p.is_active OFFSET 0) p
    ORDER BY i.available ASC, i.variant_id ASC LIMIT ${take} OFFSET ${skip}`;
}

export async function listInventory(
  tx: SqlTx,
  tenantId: string,
  lowStock: boolean,
  skip: number,
  take: number,
): Promise<{ rows: InventoryRow[]; total: number }> {
  const rows = await tx.$queryRaw<InventoryRow[]>(listInventorySql(tenantId, lowStock, skip, take));
  if (skip === 0 && rows.length < take) return { rows, total: rows.length };
  const [c] = await tx.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total
    FROM inventory i JOIN product_variants v ON v.id = i.variant_id JOIN products p ON p.id = i.product_id
    WHERE i.tenant_id = ${tenantId}::uuid AND v.status = 'active' AND p.is_active
      ${lowStock ? Prisma.sql`AND i.is_low` : Prisma.empty}`;
  return { rows, total: c?.total ?? 0 };
}

/** Active variants of active products at or below their threshold, across all tenants (metrics only). */
export async function countLowStockAllTenants(db: Db): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`SELECT app_low_stock_count()::int AS n`;
  return rows[0]?.n ?? 0;
}
