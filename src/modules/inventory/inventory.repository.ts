// Inventory persistence. Stock changes are single atomic UPDATEs guarded in SQL, so
// concurrent writers (API replicas, orders) can never lose an update or go below zero.
import { Prisma } from '../../generated/prisma/client';
import type { Db, SqlTx, Tx } from '../../platform/db/prisma';
import type { InventoryRow, LockedInventory, StockLevel, StockLevelChanges } from './inventory.schemas';

// The row and stock-level types derive from the inventory item's one field list (inventory.schemas).
export type { InventoryRow, LockedInventory };

const INT_MAX = 2_147_483_647;

/**
 * quantity += delta in ONE statement, only if the result stays within 0..INT_MAX.
 * Returns the new level, or null when the guard refused it (or no such product).
 */
export async function addQuantity(
  tx: Tx,
  tenantId: string,
  productId: string,
  delta: number,
): Promise<StockLevel | null> {
  const rows = await tx.$queryRaw<StockLevel[]>`UPDATE inventory
    SET quantity = quantity + ${delta}::int, updated_at = now()
    WHERE tenant_id = ${tenantId}::uuid AND product_id = ${productId}::uuid
      AND quantity::bigint + ${delta}::bigint BETWEEN 0 AND ${INT_MAX}
    RETURNING quantity, low_stock_threshold AS threshold`;
  return rows[0] ?? null;
}

/**
 * SQL for the CTEs that take stock for several products in ONE statement, for callers
 * composing a larger statement: defines `taken(product_id, quantity, threshold)`, one row
 * per line whose guarded decrement (`quantity >= n`) succeeded, with the new level. The
 * caller checks that every line is there (count = lines) and rolls back otherwise.
 * `lines` must be sorted by product id and distinct: with several lines, every row is
 * first locked FOR UPDATE in that order (a one-time gate before the UPDATE runs), so
 * concurrent multi-line orders never deadlock.
 */
export function takeStockCtes(tenantId: string, lines: readonly { productId: string; quantity: number }[]): Prisma.Sql {
  const ids = lines.map((l) => l.productId);
  const qtys = lines.map((l) => l.quantity);
  const gate = lines.length > 1 ? Prisma.sql`AND (SELECT count(*) FROM stock_locked) >= 0` : Prisma.empty;
  const locked =
    lines.length > 1
      ? Prisma.sql`stock_locked AS MATERIALIZED (
          SELECT i.product_id FROM inventory i
          WHERE i.tenant_id = ${tenantId}::uuid AND i.product_id = ANY(${ids}::uuid[])
          ORDER BY i.product_id FOR UPDATE),`
      : Prisma.empty;
  return Prisma.sql`${locked}
    taken AS (
      UPDATE inventory i SET quantity = i.quantity - l.qty, updated_at = now()
      FROM unnest(${ids}::uuid[], ${qtys}::int[]) AS l(product_id, qty)
      WHERE i.tenant_id = ${tenantId}::uuid AND i.product_id = l.product_id AND i.quantity >= l.qty ${gate}
      RETURNING i.product_id, i.quantity, i.low_stock_threshold AS threshold)`;
}

/** Reads (and optionally row-locks until commit) a product's stock with its SKU and name. */
export async function readInventory(
  tx: SqlTx,
  tenantId: string,
  productId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<LockedInventory | null> {
  const lock = opts.forUpdate ? Prisma.sql`FOR UPDATE OF i` : Prisma.empty;
  const rows = await tx.$queryRaw<
    LockedInventory[]
  >`SELECT i.quantity, i.low_stock_threshold AS threshold, p.sku, p.name
    FROM inventory i JOIN products p ON p.id = i.product_id
    WHERE i.tenant_id = ${tenantId}::uuid AND i.product_id = ${productId}::uuid ${lock}`;
  return rows[0] ?? null;
}

/** Sets quantity and/or threshold (null = keep). */
export async function setLevels(
  tx: Tx,
  tenantId: string,
  productId: string,
  c: StockLevelChanges,
): Promise<StockLevel | null> {
  const rows = await tx.$queryRaw<StockLevel[]>`UPDATE inventory
    SET quantity = COALESCE(${c.quantity}::int, quantity),
        low_stock_threshold = COALESCE(${c.threshold}::int, low_stock_threshold), updated_at = now()
    WHERE tenant_id = ${tenantId}::uuid AND product_id = ${productId}::uuid
    RETURNING quantity, low_stock_threshold AS threshold`;
  return rows[0] ?? null;
}

/**
 * Inventory of active products, lowest stock first (exported for EXPLAIN tests). No index
 * holds quantity (stock decrements are HOT updates), so the tenant's rows (all, or the low
 * ones through the partial index inventory_low_stock_idx) are sorted first; products are
 * then read by primary key in that order, only until the page is full.
 */
export function listInventorySql(tenantId: string, lowStock: boolean, skip: number, take: number): Prisma.Sql {
  return Prisma.sql`SELECT i.product_id AS "productId", p.sku, p.name, i.quantity, i.threshold
    FROM (SELECT product_id, quantity, low_stock_threshold AS threshold FROM inventory
          WHERE tenant_id = ${tenantId}::uuid ${lowStock ? Prisma.sql`AND is_low` : Prisma.empty}
          ORDER BY quantity, product_id) i
    CROSS JOIN LATERAL (SELECT p.sku, p.name FROM products p WHERE p.id = i.product_id AND p.is_active OFFSET 0) p
    ORDER BY i.quantity ASC, i.product_id ASC LIMIT ${take} OFFSET ${skip}`;
}

export async function listInventory(
  tx: Tx,
  tenantId: string,
  lowStock: boolean,
  skip: number,
  take: number,
): Promise<{ rows: InventoryRow[]; total: number }> {
  const rows = await tx.$queryRaw<InventoryRow[]>(listInventorySql(tenantId, lowStock, skip, take));
  if (skip === 0 && rows.length < take) return { rows, total: rows.length };
  const [c] = await tx.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total
    FROM inventory i JOIN products p ON p.id = i.product_id
    WHERE i.tenant_id = ${tenantId}::uuid AND p.is_active ${lowStock ? Prisma.sql`AND i.is_low` : Prisma.empty}`;
  return { rows, total: c?.total ?? 0 };
}

/** Active products at or below their threshold, across all tenants (metrics only). */
export async function countLowStockAllTenants(db: Db): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`SELECT app_low_stock_count()::int AS n`;
  return rows[0]?.n ?? 0;
}
