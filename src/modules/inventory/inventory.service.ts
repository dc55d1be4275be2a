// Stock levels per variant: atomic deltas and absolute sets of available (on_hand moves with
// them), thresholds, low-stock events, and the moves orders make inside their own
// transaction (reserve on placing, release on cancelling, ship on fulfilling).
import type { AppContext } from '../../platform/app-context';
import type { Actor, TenantRef } from '../../platform/auth/types';
import { withTenant, type SqlTx } from '../../platform/db/prisma';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors';
import { skipTake, type Pagination } from '../../platform/http/validate';
import { tenantWrite, type AnyWrite, type Write } from '../write-path';
import {
  addAvailable,
  countLowStockAllTenants,
  listInventory,
  readStock,
  releaseStock,
  setLevels,
  restockStock,
  shipStock,
  unshipStock,
  type InventoryRow,
  type StockLine,
  type StockLookup,
} from './inventory.repository';
import {
  isLow,
  type InventoryItemView,
  type PartOneLevel,
  type PatchInventoryInput,
  type StockChange,
  type StockLabel,
  type StockLevel,
  type StockTarget,
} from './inventory.schemas';

/** What a stock refusal names: the product (part 1), and the variant when there is one. */
export interface StockRef {
  productId: string;
  variantId?: string;
}

/** 409 INSUFFICIENT_STOCK {productId, variantId?, requested, available}. */
export const insufficientStock = (ref: StockRef, requested: number, available: number): AppError =>
  new AppError(
    409,
    'INSUFFICIENT_STOCK',
    ref.variantId
      ? `Insufficient stock for variant ${ref.variantId}`
      : `Insufficient stock for product ${ref.productId}`,
    { ...ref, requested, available },
  );

/** 409 VARIANT_REQUIRED: a product-level stock write on a product with several variants. */
export const variantRequired = (productId: string, variants: number): AppError =>
  conflict('VARIANT_REQUIRED', `Product ${productId} has several variants: name one (/inventory/variants/:variantId)`, {
    productId,
    variants,
  });

/** The guard's refusal of `available + delta`, from the current row. */
function stockGuardError(ref: StockRef, delta: number, cur: InventoryRow): AppError {
  if (delta < 0 || cur.available + delta < 0) return insufficientStock(ref, -delta, cur.available);
  return tooMuchStock('delta');
}

const tooMuchStock = (path: string): AppError =>
  badRequest('onHand would exceed the maximum of 2147483647', {
    issues: [{ path, message: 'onHand would exceed 2147483647', code: 'too_big' }],
  });

/** Who a refusal names: the product alone when the caller named the product (part 1). */
const refOf = (target: StockTarget, row: InventoryRow): StockRef =>
  'variantId' in target ? { productId: row.productId, variantId: row.variantId } : { productId: row.productId };

/**
 * Declares `inventory.low_stock` in the write when a change takes a variant from above its
 * threshold to at or below it. Returns whether it did. Payload (interfaces.md): {productId,
 * variantId, sku, name, variantTitle, quantity (= available, part-1 name), available, threshold}.
 */
export function emitLowStockIfCrossed(w: AnyWrite, v: StockLabel, before: StockLevel, after: StockLevel): boolean {
  if (isLow(before) || !isLow(after)) return false;
  w.emit('inventory.low_stock', {
    productId: v.productId,
    variantId: v.variantId,
    sku: v.sku,
    name: v.name,
    variantTitle: v.variantTitle,
    quantity: after.available,
    available: after.available,
    threshold: after.threshold,
  });
  return true;
}

const labelOf = (r: InventoryRow): StockLabel => ({
  productId: r.productId,
  variantId: r.variantId,
  sku: r.sku,
  name: r.name,
  variantTitle: r.title,
});

/** The audit row's view of a stock level: part 1's {quantity, threshold} plus the variant's columns. */
const auditLevel = (r: InventoryRow) => ({
  variantId: r.variantId,
  quantity: r.available,
  onHand: r.onHand,
  reserved: r.reserved,
  available: r.available,
  threshold: r.threshold,
});

/**
 * The error for a guarded stock change that matched no row (read after the refusal, in the
 * same transaction): 404 NOT_FOUND without a row, 409 VARIANT_REQUIRED for a product with
 * several variants, else 409 INSUFFICIENT_STOCK (or 400 past the int maximum).
 */
export async function stockRefusal(tx: SqlTx, tenantId: string, target: StockTarget, delta: number): Promise<AppError> {
  const cur = await readStock(tx, tenantId, target);
  if (cur.kind !== 'row') return lookupError(target, cur);
  return stockGuardError(refOf(target, cur.row), delta, cur.row);
}

/** 404 without a row; 409 VARIANT_REQUIRED for a product target with several active variants. */
function lookupError(target: StockTarget, cur: Exclude<StockLookup, { kind: 'row' }>): AppError {
  if ('variantId' in target) return notFound('Variant');
  return cur.kind === 'missing' ? notFound('Product') : variantRequired(target.productId, cur.variants);
}

/** One guarded `available += delta` in the caller's write, with its low-stock event; returns before/after rows. */
async function addInTx(
  w: AnyWrite,
  target: StockTarget,
  delta: number,
): Promise<{ before: InventoryRow; after: InventoryRow; becameLow: boolean }> {
  if (!Number.isSafeInteger(delta)) throw badRequest('delta must be an integer');
  const { tx, tenantId } = w;
  const after = await addAvailable(tx, tenantId, target, delta);
  if (!after) throw await stockRefusal(tx, tenantId, target, delta);
  const before = { ...after, onHand: after.onHand - delta, available: after.available - delta };
  const becameLow = emitLowStockIfCrossed(w, labelOf(after), before, after);
  w.invalidate('catalog');
  return { before, after, becameLow };
}

const partOne = (r: InventoryRow): PartOneLevel => ({ quantity: r.available, threshold: r.threshold });

/**
 * available += delta for a one-variant product (on_hand moves with it), inside the caller's
 * write, as ONE guarded UPDATE (never below zero, never lost under concurrency). Declares
 * `inventory.low_stock` when the change crosses the threshold, an `inventory` UPDATE audit
 * row when `opts.audit`, and the catalog invalidation (products show their stock).
 * Throws 409 INSUFFICIENT_STOCK {productId, requested, available}, 409 VARIANT_REQUIRED or 404.
 */
export async function adjustStockInTx(
  w: Write,
  productId: string,
  delta: number,
  opts: { audit?: boolean } = {},
): Promise<StockChange> {
  const { before, after, becameLow } = await addInTx(w, { productId }, delta);
  if (opts.audit)
    w.audit({
      action: 'UPDATE',
      resource: 'inventory',
      resourceId: productId,
      before: auditLevel(before),
      after: auditLevel(after),
    });
  return { productId, before: partOne(before), after: partOne(after), becameLow };
}

/**
 * An order's quantities back from reserved to available (cancelling an unfulfilled order),
 * one statement, rows locked in variant-id order. Invalidates the catalog (products show stock).
 */
export async function releaseReservedInTx(w: AnyWrite, lines: readonly StockLine[]): Promise<void> {
  await releaseStock(w.tx, w.tenantId, sortLines(lines));
  w.invalidate('catalog');
}

/**
 * An order's quantities shipped (the FULFILLED transition): off on_hand and reserved, so
 * available does not change. One statement, rows locked in variant-id order.
 */
export async function shipReservedInTx(w: AnyWrite, lines: readonly StockLine[]): Promise<void> {
  await shipStock(w.tx, w.tenantId, sortLines(lines));
  w.invalidate('catalog');
}

/**
 * Shipped quantities reserved again (a cancelled fulfilment): on_hand and reserved go up
 * together, so available does not change. One statement, rows locked in variant-id order.
 */
export async function unshipReservedInTx(w: AnyWrite, lines: readonly StockLine[]): Promise<void> {
  await unshipStock(w.tx, w.tenantId, sortLines(lines));
  w.invalidate('catalog');
}

/** Returned quantities back on hand (a received return with restock): available rises. */
export async function restockInTx(w: AnyWrite, lines: readonly StockLine[]): Promise<void> {
  await restockStock(w.tx, w.tenantId, sortLines(lines));
  w.invalidate('catalog');
}

/** Lines merged by variant and sorted by variant id (the lock order). */
function sortLines(lines: readonly StockLine[]): StockLine[] {
  const by = new Map<string, number>();
  for (const l of lines) by.set(l.variantId, (by.get(l.variantId) ?? 0) + l.quantity);
  return [...by]
    .map(([variantId, quantity]) => ({ variantId, quantity }))
    .sort((a, b) => (a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : 0));
}

/**
 * A set of available (or a delta with a threshold) and/or the threshold, on the row locked
 * FOR UPDATE (reserved cannot move under it), with its low-stock event.
 */
async function setInTx(
  w: AnyWrite,
  target: StockTarget,
  input: PatchInventoryInput,
): Promise<{ before: InventoryRow; after: InventoryRow }> {
  const cur = await readStock(w.tx, w.tenantId, target, { forUpdate: true });
  if (cur.kind !== 'row') throw lookupError(target, cur);
  const before = cur.row;
  const available = input.delta !== undefined ? before.available + input.delta : (input.quantity ?? null);
  if (available !== null && available < 0) throw stockGuardError(refOf(target, before), input.delta!, before);
  const after = await setLevels(w.tx, w.tenantId, before.variantId, { available, threshold: input.threshold ?? null });
  if (!after) throw tooMuchStock(input.delta !== undefined ? 'delta' : 'quantity');
  emitLowStockIfCrossed(w, labelOf(after), before, after);
  return { before, after };
}

export const toInventoryView = (r: InventoryRow): InventoryItemView => ({
  variantId: r.variantId,
  productId: r.productId,
  sku: r.sku,
  name: r.name,
  title: r.title,
  onHand: r.onHand,
  reserved: r.reserved,
  available: r.available,
  quantity: r.available,
  threshold: r.threshold,
  lowStock: isLow(r),
});

/**
 * Told of every merchant stock write, inside its transaction (contract part 2: inventory
 * changes emit `product.updated` with the whole product). The catalog builds the product, so
 * the composition root passes its hook in: inventory never imports catalog (catalog imports
 * inventory for low-stock events).
 */
export type StockWritten = (w: Write, tenant: TenantRef, productId: string) => Promise<void>;

export class InventoryService {
  constructor(
    private readonly ctx: AppContext,
    private readonly stockWritten: StockWritten = async () => undefined,
  ) {
    const gauge = ctx.metrics.gauge(
      'inventory_low_stock_products',
      'Active variants of active products at or below their threshold',
    );
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
    return { items: rows.map(toInventoryView), total };
  }

  /** PATCH /inventory/:productId (one-variant products) and /inventory/variants/:variantId. */
  async patch(
    tenant: TenantRef,
    target: StockTarget,
    input: PatchInventoryInput,
    actor: Actor,
  ): Promise<InventoryItemView> {
    const row = await tenantWrite(this.ctx, actor, async (w) => {
      w.invalidate('catalog');
      // A pure delta is the single guarded UPDATE; a set or a threshold locks the row first.
      const { before, after } =
        input.quantity === undefined && input.threshold === undefined
          ? await addInTx(w, target, input.delta!)
          : await setInTx(w, target, input);
      // Audited under the product's id, as in part 1; the changes name the variant.
      w.audit({
        action: 'UPDATE',
        resource: 'inventory',
        resourceId: after.productId,
        before: auditLevel(before),
        after: auditLevel(after),
      });
      await this.stockWritten(w, tenant, after.productId);
      return after;
    });
    return toInventoryView(row);
  }
}
