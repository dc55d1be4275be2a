// Products: reads through the per-tenant versioned Redis cache; writes through the write
// path (tenantWrite) with their audit row and outbox event, and the catalog invalidation
// after the commit and before the response bumps the tenant's cache version
// (read-after-write holds across replicas; with Redis down the write still commits and the
// bump is applied on recovery). Variant writes: catalog.variants.service.ts.
import type { AppContext } from '../../platform/app-context';
import type { Actor, TenantRef } from '../../platform/auth/types';
import { catalogCache } from '../../platform/cache';
import { withTenantRaw } from '../../platform/db/prisma';
import { conflict, notFound } from '../../platform/errors';
import type { Write } from '../write-path';
import {
  insertProduct,
  lockProduct,
  productIdByHandle,
  setMemberships,
  syncFirstVariant,
  touchProduct,
  updateProduct,
  type ProductChanges,
} from './catalog.repository';
import { assertDistinct, assertOptions, invalid, optionsEditRefusal, skuTaken, variantTitle } from './catalog.rules';
import type { CreateProductInput, ProductView, UpdateProductInput } from './catalog.schemas';
import type { VariantInput } from './catalog.variant-schemas';
import {
  insertVariant,
  setVariantThreshold,
  takenSkus,
  updateVariant,
  variantsOf,
} from './catalog.variants.repository';
import { loadProductView, productCacheKey } from './catalog.views';
import {
  assertKnown,
  assertPriceFits,
  catalogWrite,
  lowStockOnThreshold,
  pickHandle,
  productChanged,
  staffView,
  variantAudited,
} from './catalog.write';

export const DEFAULT_LOW_STOCK_THRESHOLD = 10;

/** The PATCH fields stored on the product row itself (the rest live on variants or joins). */
const PRODUCT_COLUMNS = [
  'name',
  'description',
  'category',
  'imageUrls',
  'handle',
  'status',
  'options',
  'metadata',
] as const;

/** The variants a create body describes: its `variants`, or the part-1 one "Default". */
function variantsOfBody(input: CreateProductInput): VariantInput[] {
  if (input.variants) return input.variants;
  return [
    {
      sku: input.sku!,
      price: input.price!,
      optionValues: {},
      initialQuantity: input.initialQuantity,
      lowStockThreshold: input.lowStockThreshold,
    },
  ];
}

export class CatalogService {
  private readonly cache;

  constructor(private readonly ctx: AppContext) {
    this.cache = catalogCache(ctx);
  }

  /**
   * The product as JSON text (the hot storefront read: a cache hit is sent as stored).
   * Staff see every status and metadata; public and customers only active products.
   */
  async getJson(tenant: TenantRef, id: string, staff: boolean): Promise<string> {
    const json = await this.cache.wrapJson(tenant.id, productCacheKey(id, staff), 'product', () =>
      withTenantRaw(this.ctx.db, tenant.id, (tx) => loadProductView(tx, tenant, id, staff)),
    );
    if (json === null) throw notFound('Product');
    return json;
  }

  /**
   * By handle, cached under its own key. Every catalog write (a handle change included)
   * bumps the tenant's cache version, so a handle never resolves to a stale product.
   */
  async getByHandleJson(tenant: TenantRef, handle: string, staff: boolean): Promise<string> {
    const json = await this.cache.wrapJson(tenant.id, `h:${handle}:${staff ? 's' : 'p'}`, 'product', () =>
      withTenantRaw(this.ctx.db, tenant.id, async (tx) => {
        const id = await productIdByHandle(tx, tenant.id, handle);
        return id === null ? null : loadProductView(tx, tenant, id, staff);
      }),
    );
    if (json === null) throw notFound('Product');
    return json;
  }

  async create(tenant: TenantRef, input: CreateProductInput, actor: Actor): Promise<ProductView> {
    const options = input.options ?? [];
    const variants = variantsOfBody(input);
    assertOptions(options);
    const titles = variants.map((v, i) => {
      const at = input.variants ? `variants.${i}.` : '';
      assertPriceFits(v.price, tenant.currency, `${at}price`);
      assertPriceFits(v.compareAtPrice, tenant.currency, `${at}compareAtPrice`);
      return variantTitle(options, v.optionValues ?? {}, `${at}optionValues`);
    });
    assertDistinct(
      options,
      variants.map((v) => ({ sku: v.sku, optionValues: v.optionValues ?? {} })),
    );
    const hint = { sku: variants.length === 1 ? variants[0]!.sku : undefined, handle: input.handle };
    return catalogWrite(this.ctx, actor, { ...hint, generatedHandle: !input.handle }, async (w) => {
      const [taken] = await takenSkus(
        w.tx,
        tenant.id,
        variants.map((v) => v.sku),
      );
      if (taken !== undefined) throw skuTaken(taken);
      const handle = input.handle ?? (await pickHandle(w, tenant.id, input.name));
      if (input.categoryIds) await assertKnown(w, tenant.id, 'category', input.categoryIds);
      if (input.collectionIds) await assertKnown(w, tenant.id, 'collection', input.collectionIds);
      const id = await insertProduct(w.tx, {
        tenantId: tenant.id,
        name: input.name,
        sku: variants[0]!.sku,
        price: variants[0]!.price,
        description: input.description ?? null,
        category: input.category ?? null,
        imageUrls: input.imageUrls ?? [],
        handle,
        status: input.status ?? 'active',
        options,
        metadata: input.metadata ?? {},
      });
      for (const [i, v] of variants.entries()) {
        const variantId = await insertVariant(w.tx, {
          tenantId: tenant.id,
          productId: id,
          sku: v.sku,
          title: titles[i]!,
          optionValues: v.optionValues ?? {},
          price: v.price,
          compareAtPrice: v.compareAtPrice ?? null,
          weightGrams: v.weightGrams ?? null,
          position: i,
          metadata: v.metadata ?? {},
          onHand: v.initialQuantity ?? 0,
          threshold: v.lowStockThreshold ?? DEFAULT_LOW_STOCK_THRESHOLD,
        });
        variantAudited(w, 'CREATE', variantId, null, { productId: id, sku: v.sku, title: titles[i] });
      }
      if (input.categoryIds) await setMemberships(w.tx, tenant.id, id, 'category', input.categoryIds);
      if (input.collectionIds) await setMemberships(w.tx, tenant.id, id, 'collection', input.collectionIds);
      const v = await staffView(w, tenant, id);
      productChanged(w, 'CREATE', id, null, v);
      return v;
    });
  }

  async update(tenant: TenantRef, id: string, input: UpdateProductInput, actor: Actor): Promise<ProductView> {
    assertPriceFits(input.price, tenant.currency, 'price');
    if (input.options) assertOptions(input.options);
    return catalogWrite(this.ctx, actor, { sku: input.sku, handle: input.handle }, async (w) => {
      const head = await lockProduct(w.tx, tenant.id, id);
      if (!head) throw notFound('Product');
      const before = await staffView(w, tenant, id);
      if (input.categoryIds) await assertKnown(w, tenant.id, 'category', input.categoryIds);
      if (input.collectionIds) await assertKnown(w, tenant.id, 'collection', input.collectionIds);
      const variants = await variantsOf(w.tx, tenant.id, id);
      if (input.options) {
        const active = variants.filter((v) => v.status === 'active').map((v) => v.optionValues);
        const refusal = optionsEditRefusal(head.options, input.options, active);
        if (refusal) throw conflict('OPTIONS_IN_USE', refusal, { field: 'options' });
      }
      const changes: ProductChanges = {};
      for (const k of PRODUCT_COLUMNS) if (input[k] !== undefined) (changes as Record<string, unknown>)[k] = input[k];
      if (input.isActive !== undefined) changes.status = input.isActive ? 'active' : 'archived';
      if (Object.keys(changes).length > 0) await updateProduct(w.tx, id, changes);
      await this.updateFirstVariant(w, tenant, id, head.name, input, variants[0]);
      if (input.categoryIds) await setMemberships(w.tx, tenant.id, id, 'category', input.categoryIds);
      if (input.collectionIds) await setMemberships(w.tx, tenant.id, id, 'collection', input.collectionIds);
      // Variant and membership changes are changes of the product too.
      await touchProduct(w.tx, tenant.id, id);
      const after = await staffView(w, tenant, id);
      productChanged(w, 'UPDATE', id, before, after);
      return after;
    });
  }

  /**
   * Part-1 `sku`, `price` and `lowStockThreshold` on a product are its FIRST variant's (the
   * one the top-level fields describe), whether it has one variant or many.
   */
  private async updateFirstVariant(
    w: Write,
    tenant: TenantRef,
    productId: string,
    name: string,
    input: UpdateProductInput,
    first: Awaited<ReturnType<typeof variantsOf>>[number] | undefined,
  ): Promise<void> {
    const { sku, price, lowStockThreshold } = input;
    if (sku === undefined && price === undefined && lowStockThreshold === undefined) return;
    if (!first) throw invalid('sku', 'the product has no variant');
    if (sku !== undefined || price !== undefined) {
      await updateVariant(w.tx, first.id, {
        ...(sku !== undefined ? { sku } : {}),
        ...(price !== undefined ? { price } : {}),
      });
      variantAudited(
        w,
        'UPDATE',
        first.id,
        { sku: first.sku, price: first.price },
        { sku: sku ?? first.sku, price: price ?? first.price },
      );
      await syncFirstVariant(w.tx, tenant.id, productId);
    }
    if (lowStockThreshold !== undefined && lowStockThreshold !== first.threshold) {
      await setVariantThreshold(w.tx, first.id, lowStockThreshold);
      variantAudited(w, 'UPDATE', first.id, { threshold: first.threshold }, { threshold: lowStockThreshold });
      lowStockOnThreshold(
        w,
        { productId, variantId: first.id, sku: sku ?? first.sku, name: input.name ?? name, variantTitle: first.title },
        first.available,
        first.threshold,
        lowStockThreshold,
      );
    }
  }

  /** Soft delete (status archived); deleting an already archived product changes nothing. */
  async remove(tenant: TenantRef, id: string, actor: Actor): Promise<void> {
    await catalogWrite(this.ctx, actor, {}, async (w) => {
      const head = await lockProduct(w.tx, tenant.id, id);
      if (!head) throw notFound('Product');
      if (head.status === 'archived') return;
      const before = await staffView(w, tenant, id);
      await updateProduct(w.tx, id, { status: 'archived' });
      productChanged(w, 'DELETE', id, before, await staffView(w, tenant, id));
    });
  }
}
