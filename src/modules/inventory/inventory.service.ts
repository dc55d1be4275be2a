// Stock levels: atomic deltas, absolute sets, thresholds, low-stock events. The helpers at
// the top run inside a caller's transaction (orders use adjustStockInTx).
import type { AppContext } from '../../platform/app-context';
import type { Actor } from '../../platform/auth/types';
import { withTenant, type SqlTx } from '../../platform/db/prisma';
import { AppError, badRequest, notFound } from '../../platform/errors';
import { skipTake, type Pagination } from '../../platform/http/validate';
import { tenantWrite, type AnyWrite, type Write } from '../write-path';
import {
  addQuantity,
  countLowStockAllTenants,
  listInventory,
  readInventory,
  setLevels,
  type InventoryRow,
} from './inventory.repository';
import {
  isLow,
  type InventoryItemView,
  type PatchInventoryInput,
  type StockChange,
  type StockLevel,
} from './inventory.schemas';

export const insufficientStock = (productId: string, requested: number, available: number): AppError =>
  new AppError(409, 'INSUFFICIENT_STOCK', `Insufficient stock for product ${productId}`, {
    productId,
    requested,
    available,
  });

/** Why a guarded `quantity + delta` was refused. */
function stockGuardError(productId: string, delta: number, available: number): AppError {
  if (delta < 0) return insufficientStock(productId, -delta, available);
  return badRequest('quantity would exceed the maximum of 2147483647', {
    issues: [{ path: 'delta', message: 'quantity would exceed 2147483647', code: 'too_big' }],
  });
}

/**
 * Declares `inventory.low_stock` in the write when a change takes a product from above its
 * threshold to at or below it. Returns whether it did.
 */
export function emitLowStockIfCrossed(
  w: AnyWrite,
  product: { productId: string; sku: string; name: string },
  before: StockLevel,
  after: StockLevel,
): boolean {
  if (isLow(before) || !isLow(after)) return false;
  w.emit('inventory.low_stock', {
    productId: product.productId,
    sku: product.sku,
    name: product.name,
    quantity: after.quantity,
    threshold: after.threshold,
  });
  return true;
}

/**
 * The error for a guarded stock change that matched no row (read after the refusal, in the
 * same transaction): 404 NOT_FOUND without an inventory row, else 409 INSUFFICIENT_STOCK
 * {productId, requested, available} (or 400 past the int maximum for a positive delta).
 */
export async function stockRefusal(tx: SqlTx, tenantId: string, productId: string, delta: number): Promise<AppError> {
  const cur = await readInventory(tx, tenantId, productId);
  if (!cur) return notFound('Product');
  return stockGuardError(productId, delta, cur.quantity);
}

/**
 * quantity += delta for one product, inside the caller's write, as ONE guarded UPDATE
 * (never below zero, never lost under concurrency). Declares `inventory.low_stock` when the
 * change crosses the threshold, an `inventory` UPDATE audit row when `opts.audit`, and the
 * catalog invalidation (products show their stock).
 * Throws 409 INSUFFICIENT_STOCK {productId, requested, available} or 404 NOT_FOUND.
 * For several products in one transaction, call it in ascending productId order (no
 * deadlocks between concurrent orders).
 */
export async function adjustStockInTx(
  w: Write,
  productId: string,
  delta: number,
  opts: { audit?: boolean } = {},
): Promise<StockChange> {
  if (!Number.isSafeInteger(delta)) throw badRequest('delta must be an integer');
  const { tx, tenantId } = w;
  const after = await addQuantity(tx, tenantId, productId, delta);
  if (!after) throw await stockRefusal(tx, tenantId, productId, delta);
  const before = { quantity: after.quantity - delta, threshold: after.threshold };
  let becameLow = false;
  if (!isLow(before) && isLow(after)) {
    const p = await readInventory(tx, tenantId, productId);
    becameLow = emitLowStockIfCrossed(w, { productId, sku: p!.sku, name: p!.name }, before, after);
  }
  if (opts.audit) w.audit({ action: 'UPDATE', resource: 'inventory', resourceId: productId, before, after });
  w.invalidate('catalog');
  return { productId, before, after, becameLow };
}

const view = (r: InventoryRow): InventoryItemView => ({
  productId: r.productId,
  sku: r.sku,
  name: r.name,
  quantity: r.quantity,
  threshold: r.threshold,
  lowStock: isLow(r),
});

export class InventoryService {
  constructor(private readonly ctx: AppContext) {
    const gauge = ctx.metrics.gauge('inventory_low_stock_products', 'Active products at or below their threshold');
    let last = { at: 0, n: 0 };
    // Computed on scrape (all tenants, one count), at most every 10 s.
    (gauge as unknown as { collect?: () => Promise<void> }).collect = async () => {
      if (Date.now() - last.at > 10_000) {
        try {
          last = { at: Date.now(), n: await countLowStockAllTenants(ctx.db) };
        } catch (err) {
          ctx.logger.warn({ err: (err as Error).message }, 'low-stock gauge: count failed');
        }
      }
      gauge.set(last.n);
    };
  }

  async list(tenantId: string, q: Pagination & { lowStock?: boolean }) {
    const { skip, take } = skipTake(q);
    const { rows, total } = await withTenant(this.ctx.db, tenantId, (tx) =>
      listInventory(tx, tenantId, q.lowStock === true, skip, take),
    );
    return { items: rows.map(view), total };
  }

  async patch(tenantId: string, productId: string, input: PatchInventoryInput, actor: Actor) {
    const result = await tenantWrite(this.ctx, actor, async (w) => {
      const { tx } = w;
      w.invalidate('catalog');
      if (input.quantity === undefined && input.threshold === undefined) {
        // Pure delta: the single guarded UPDATE.
        const change = await adjustStockInTx(w, productId, input.delta!, { audit: true });
        const p = await readInventory(tx, tenantId, productId);
        return { sku: p!.sku, name: p!.name, after: change.after };
      }
      const cur = await readInventory(tx, tenantId, productId, { forUpdate: true });
      if (!cur) throw notFound('Product');
      const before = { quantity: cur.quantity, threshold: cur.threshold };
      let after: StockLevel | null;
      if (input.delta !== undefined) {
        if (input.threshold !== undefined)
          await setLevels(tx, tenantId, productId, { quantity: null, threshold: input.threshold });
        after = await addQuantity(tx, tenantId, productId, input.delta);
        if (!after) throw stockGuardError(productId, input.delta, cur.quantity);
      } else {
        after = await setLevels(tx, tenantId, productId, {
          quantity: input.quantity ?? null,
          threshold: input.threshold ?? null,
        });
        if (!after) throw notFound('Product');
      }
      emitLowStockIfCrossed(w, { productId, sku: cur.sku, name: cur.name }, before, after);
      w.audit({ action: 'UPDATE', resource: 'inventory', resourceId: productId, before, after });
      return { sku: cur.sku, name: cur.name, after };
    });
    return view({ productId, sku: result.sku, name: result.name, ...result.after });
  }
}
