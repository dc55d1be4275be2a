// Helpers shared by product and variant writes: the write wrapper that maps unique
// violations to the contract's 409s, the change declaration (audit, event, invalidation),
// handle picking, membership checks and the low-stock hand-off to the inventory module.
import type { AppContext } from '../../platform/app-context';
import type { Actor, TenantRef } from '../../platform/auth/types';
import { isUniqueViolation } from '../../platform/db/errors';
import { conflict } from '../../platform/errors';
import { firstFreeHandle, handleFrom } from '../../platform/handle';
import { moneyFor } from '../../platform/money';
import { emitLowStockIfCrossed, type StockLabel } from '../inventory';
import { tenantWrite, type Write } from '../write-path';
import { missingCategoryIds } from '../categories';
import { missingCollectionIds } from '../collections';
import { handlesLike, lockHandleBase, type MembershipKind } from './catalog.repository';
import { combinationTaken, invalid, skuTaken } from './catalog.rules';
import type { ProductView } from './catalog.schemas';
import { loadProductView } from './catalog.views';

export const handleTaken = (handle: string) =>
  conflict('HANDLE_CONFLICT', `A product with handle "${handle}" already exists in this store`, {
    field: 'handle',
    handle,
  });

/** Marks a handle the server generated: a clash on it is retried, not reported. */
export class GeneratedHandleClash extends Error {}

/**
 * A catalog write. Unique violations become the contract's 409s: SKU_CONFLICT (a variant SKU
 * of the tenant), HANDLE_CONFLICT (a given handle), VARIANT_CONFLICT (an active combination).
 * A generated handle that lost a race to a concurrent insert is picked again (3 tries).
 */
export async function catalogWrite<R>(
  ctx: AppContext,
  actor: Actor,
  hint: { sku?: string; handle?: string; generatedHandle?: boolean },
  fn: (w: Write) => Promise<R>,
): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await tenantWrite(ctx, actor, fn);
    } catch (e) {
      if (isUniqueViolation(e, 'sku')) throw skuTaken(hint.sku);
      if (isUniqueViolation(e, 'option_values') || isUniqueViolation(e, 'combination')) throw combinationTaken({});
      if (isUniqueViolation(e, 'handle')) {
        if (hint.generatedHandle && attempt < 3) continue;
        throw handleTaken(hint.handle ?? '');
      }
      throw e;
    }
  }
}

/** A free handle: `base`, else `base-2`, `base-3`, … (the first not taken in the tenant). */
export async function pickHandle(w: Write, tenantId: string, name: string): Promise<string> {
  const base = handleFrom(name);
  await lockHandleBase(w.tx, tenantId, base);
  return firstFreeHandle(base, new Set(await handlesLike(w.tx, tenantId, base)));
}

/**
 * 400 VALIDATION_ERROR when an id names no category/collection of the tenant. The ones found
 * stay locked (FOR KEY SHARE) until the write ends, so a concurrent DELETE of one waits
 * instead of failing our membership INSERT on its foreign key.
 */
export async function assertKnown(w: Write, tenantId: string, kind: MembershipKind, ids: string[]): Promise<void> {
  const missing = await (kind === 'category' ? missingCategoryIds : missingCollectionIds)(w.tx, tenantId, ids);
  if (missing.length > 0) {
    const field = kind === 'category' ? 'categoryIds' : 'collectionIds';
    throw invalid(field, `unknown ${kind} id(s): ${missing.join(', ')}`);
  }
}

/** 400 VALIDATION_ERROR at `path` when a price has a digit the tenant's currency lacks ("12.5" JPY). */
export function assertPriceFits(price: string | null | undefined, currency: string, path: string): void {
  if (price !== undefined && price !== null) moneyFor(price, currency, path);
}

export const staffView = async (w: Write, tenant: TenantRef, id: string): Promise<ProductView> =>
  (await loadProductView(w.tx, tenant, id, true))!;

const PRODUCT_EVENTS = { CREATE: 'product.created', UPDATE: 'product.updated', DELETE: 'product.deleted' } as const;

/**
 * What every product change declares: its audit row, its event (the staff view, variants
 * included: metadata is the merchant's own data), the catalog invalidation.
 */
export function productChanged(
  w: Write,
  action: keyof typeof PRODUCT_EVENTS,
  id: string,
  before: ProductView | null,
  after: ProductView,
): void {
  w.audit({ action, resource: 'product', resourceId: id, ...(before ? { before } : {}), after });
  w.emit(PRODUCT_EVENTS[action], after);
  w.invalidate('catalog');
}

/**
 * `product.updated` with the whole product after a stock write of the inventory module
 * (contract part 2: "Variant and inventory changes emit product.updated"), in that write's
 * transaction. The inventory module audits its change and invalidates the catalog itself.
 */
export async function productStockChanged(w: Write, tenant: TenantRef, productId: string): Promise<void> {
  const view = await loadProductView(w.tx, tenant, productId, true);
  if (view) w.emit(PRODUCT_EVENTS.UPDATE, view);
}

/** A variant's own audit row (the product's event and audit are declared by the caller). */
export function variantAudited(
  w: Write,
  action: 'CREATE' | 'UPDATE' | 'DELETE',
  id: string,
  before: unknown,
  after: unknown,
): void {
  w.audit({
    action,
    resource: 'product_variant',
    resourceId: id,
    ...(before ? { before } : {}),
    ...(after ? { after } : {}),
  });
}

export type LowStockTarget = StockLabel;

/** inventory.low_stock when a threshold change makes the variant low (stock itself unchanged). */
export function lowStockOnThreshold(
  w: Write,
  target: LowStockTarget,
  available: number,
  before: number,
  after: number,
): void {
  emitLowStockIfCrossed(w, target, { available, threshold: before }, { available, threshold: after });
}
