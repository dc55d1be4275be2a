// Products: reads through the per-tenant versioned Redis cache; writes through the write
// path (tenantWrite) with their audit row and outbox event, and the catalog invalidation
// after the commit and before the response bumps the tenant's cache version
// (read-after-write holds across replicas; with Redis down the write still commits and the
// bump is applied on recovery).
import type { AppContext } from '../../platform/app-context';
import type { Actor, TenantRef } from '../../platform/auth/types';
import { catalogCache } from '../../platform/cache';
import { sha256Hex } from '../../platform/crypto';
import { isUniqueViolation } from '../../platform/db/errors';
import { withTenantRaw } from '../../platform/db/prisma';
import { badRequest, conflict, notFound } from '../../platform/errors';
import { skipTake } from '../../platform/http/validate';
import { formatMoney, isRepresentable } from '../../platform/money';
import { emitLowStockIfCrossed } from '../inventory';
import { tenantWrite, type Write } from '../write-path';
import {
  findProduct,
  insertProduct,
  countProducts,
  listProductPage,
  setThreshold,
  updateProduct,
  type ProductChanges,
  type ProductRow,
} from './catalog.repository';
import type {
  CreateProductInput,
  ListProductsQuery,
  ProductPage,
  ProductView,
  UpdateProductInput,
} from './catalog.schemas';

export const DEFAULT_LOW_STOCK_THRESHOLD = 10;

export function toProductView(r: ProductRow, currency: string): ProductView {
  return {
    id: r.id,
    name: r.name,
    sku: r.sku,
    description: r.description,
    price: formatMoney(r.price),
    currency,
    category: r.category,
    imageUrls: r.imageUrls,
    isActive: r.isActive,
    inventory: { quantity: r.quantity, threshold: r.threshold, lowStock: r.quantity <= r.threshold },
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

function assertPriceFits(price: string | undefined, currency: string): void {
  if (price !== undefined && !isRepresentable(price, currency)) {
    throw badRequest('Request validation failed', {
      issues: [{ path: 'price', message: `must be a whole amount of ${currency} minor units`, code: 'custom' }],
    });
  }
}

const skuTaken = (sku: string | undefined) =>
  conflict('SKU_CONFLICT', `A product with SKU "${sku ?? ''}" already exists in this store`, { field: 'sku' });

export class CatalogService {
  private readonly cache;

  constructor(private readonly ctx: AppContext) {
    this.cache = catalogCache(ctx);
  }

  /**
   * The product as JSON text (the hot storefront read: a cache hit is sent as stored).
   * Staff see inactive products too; public and customers only active ones.
   */
  async getJson(tenant: TenantRef, id: string, staff: boolean): Promise<string> {
    const json = await this.cache.wrapJson(tenant.id, `p:${id}:${staff ? 's' : 'p'}`, 'product', async () => {
      const row = await withTenantRaw(this.ctx.db, tenant.id, (tx) =>
        findProduct(tx, tenant.id, id, { activeOnly: !staff }),
      );
      return row ? toProductView(row, tenant.currency) : null;
    });
    if (json === null) throw notFound('Product');
    return json;
  }

  async list(tenant: TenantRef, q: ListProductsQuery, staff: boolean): Promise<ProductPage> {
    const filter = {
      tenantId: tenant.id,
      isActive: staff ? q.isActive : true,
      q: q.q,
      category: q.category,
      minPrice: q.minPrice,
      maxPrice: q.maxPrice,
    };
    const key = `l:${sha256Hex(JSON.stringify([filter, q.sort, q.page, q.limit])).slice(0, 32)}`;
    return this.cache.wrap(tenant.id, key, 'list', async () => {
      const { skip, take } = skipTake(q);
      // The page and its total at once, each on its own pooled connection (under READ
      // COMMITTED each statement has its own snapshot anyway): counting a large tenant's
      // matches adds no latency to the page.
      const [rows, total] = await Promise.all([
        withTenantRaw(this.ctx.db, tenant.id, (tx) => listProductPage(tx, filter, q.sort, skip, take)),
        withTenantRaw(this.ctx.db, tenant.id, (tx) => countProducts(tx, filter)),
      ]);
      return { items: rows.map((r) => toProductView(r, tenant.currency)), total };
    });
  }

  async create(tenant: TenantRef, input: CreateProductInput, actor: Actor): Promise<ProductView> {
    assertPriceFits(input.price, tenant.currency);
    return this.write(actor, input.sku, async (w) => {
      const { tx } = w;
      const id = await insertProduct(tx, {
        tenantId: tenant.id,
        name: input.name,
        sku: input.sku,
        price: input.price,
        description: input.description ?? null,
        category: input.category ?? null,
        imageUrls: input.imageUrls ?? [],
        quantity: input.initialQuantity ?? 0,
        threshold: input.lowStockThreshold ?? DEFAULT_LOW_STOCK_THRESHOLD,
      });
      const v = toProductView((await findProduct(tx, tenant.id, id))!, tenant.currency);
      productChanged(w, 'CREATE', id, null, v);
      return v;
    });
  }

  async update(tenant: TenantRef, id: string, input: UpdateProductInput, actor: Actor): Promise<ProductView> {
    assertPriceFits(input.price, tenant.currency);
    return this.write(actor, input.sku, async (w) => {
      const { tx } = w;
      const row = await findProduct(tx, tenant.id, id, { forUpdate: true });
      if (!row) throw notFound('Product');
      const before = toProductView(row, tenant.currency);
      const { lowStockThreshold, ...fields } = input;
      const changes: ProductChanges = fields;
      if (Object.keys(changes).length > 0) await updateProduct(tx, id, changes);
      if (lowStockThreshold !== undefined && lowStockThreshold !== row.threshold) {
        await setThreshold(tx, id, lowStockThreshold);
        emitLowStockIfCrossed(
          w,
          { productId: id, sku: input.sku ?? row.sku, name: input.name ?? row.name },
          { quantity: row.quantity, threshold: row.threshold },
          { quantity: row.quantity, threshold: lowStockThreshold },
        );
      }
      const after = toProductView((await findProduct(tx, tenant.id, id))!, tenant.currency);
      productChanged(w, 'UPDATE', id, before, after);
      return after;
    });
  }

  /** Soft delete (isActive=false); deleting an already inactive product changes nothing. */
  async remove(tenant: TenantRef, id: string, actor: Actor): Promise<void> {
    await tenantWrite(this.ctx, actor, async (w) => {
      const { tx } = w;
      const row = await findProduct(tx, tenant.id, id, { forUpdate: true });
      if (!row) throw notFound('Product');
      if (!row.isActive) return;
      await updateProduct(tx, id, { isActive: false });
      const before = toProductView(row, tenant.currency);
      const after = toProductView((await findProduct(tx, tenant.id, id))!, tenant.currency);
      productChanged(w, 'DELETE', id, before, after);
    });
  }

  /** A product write; a SKU already taken in the store is 409 SKU_CONFLICT. */
  private async write<R>(actor: Actor, sku: string | undefined, fn: (w: Write) => Promise<R>): Promise<R> {
    try {
      return await tenantWrite(this.ctx, actor, fn);
    } catch (e) {
      if (isUniqueViolation(e, 'sku')) throw skuTaken(sku);
      throw e;
    }
  }
}

const PRODUCT_EVENTS = { CREATE: 'product.created', UPDATE: 'product.updated', DELETE: 'product.deleted' } as const;

/** What every product change declares: its audit row, its event, the catalog invalidation. */
function productChanged(
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
