// Variant writes: POST/PATCH/DELETE /products/:id/variants[/:variantId]. Each runs under the
// product's row lock, keeps products.sku/price in step with the first variant, audits the
// variant ('product_variant') and declares product.updated with the whole product.
import type { AppContext } from '../../platform/app-context';
import type { Actor, TenantRef } from '../../platform/auth/types';
import { conflict, notFound } from '../../platform/errors';
import type { Write } from '../write-path';
import { lockProduct, syncFirstVariant, touchProduct, type ProductHead } from './catalog.repository';
import { combinationTaken, comboKey, invalid, variantTitle } from './catalog.rules';
import type { ProductView } from './catalog.schemas';
import type { UpdateVariantInput, VariantInput, VariantView } from './catalog.variant-schemas';
import {
  deleteVariant,
  insertVariant,
  setVariantThreshold,
  updateVariant,
  variantsOf,
  variantWasOrdered,
  type VariantChanges,
  type VariantHead,
} from './catalog.variants.repository';
import {
  assertPriceFits,
  catalogWrite,
  lowStockOnThreshold,
  productChanged,
  staffView,
  variantAudited,
} from './catalog.write';

const MAX_VARIANTS = 250;
const DEFAULT_LOW_STOCK_THRESHOLD = 10;

const lastVariant = () =>
  conflict('LAST_VARIANT', 'A product keeps at least one active variant; archive or delete the product instead');

/** 409 VARIANT_CONFLICT when another active variant has this combination. */
function assertFreeCombination(
  head: ProductHead,
  variants: readonly VariantHead[],
  optionValues: Record<string, string>,
  exceptId?: string,
): void {
  const key = comboKey(head.options, optionValues);
  if (
    variants.some((v) => v.id !== exceptId && v.status === 'active' && comboKey(head.options, v.optionValues) === key)
  )
    throw combinationTaken(optionValues);
}

const variantIn = (p: ProductView, id: string): VariantView => p.variants.find((v) => v.id === id)!;

export class VariantService {
  constructor(private readonly ctx: AppContext) {}

  async add(tenant: TenantRef, productId: string, input: VariantInput, actor: Actor): Promise<VariantView> {
    assertPriceFits(input.price, tenant.currency, 'price');
    assertPriceFits(input.compareAtPrice, tenant.currency, 'compareAtPrice');
    return catalogWrite(this.ctx, actor, { sku: input.sku }, async (w) => {
      const { head, variants, before } = await this.locked(w, tenant, productId);
      if (variants.filter((v) => v.status === 'active').length >= MAX_VARIANTS)
        throw invalid('', `a product has at most ${MAX_VARIANTS} active variants`);
      const optionValues = input.optionValues ?? {};
      const title = variantTitle(head.options, optionValues, 'optionValues');
      assertFreeCombination(head, variants, optionValues);
      const id = await insertVariant(w.tx, {
        tenantId: tenant.id,
        productId,
        sku: input.sku,
        title,
        optionValues,
        price: input.price,
        compareAtPrice: input.compareAtPrice ?? null,
        weightGrams: input.weightGrams ?? null,
        position: Math.max(-1, ...variants.map((v) => v.position)) + 1,
        metadata: input.metadata ?? {},
        onHand: input.initialQuantity ?? 0,
        threshold: input.lowStockThreshold ?? DEFAULT_LOW_STOCK_THRESHOLD,
      });
      const after = await this.changed(w, tenant, productId, before);
      const view = variantIn(after, id);
      variantAudited(w, 'CREATE', id, null, view);
      return view;
    });
  }

  async update(
    tenant: TenantRef,
    productId: string,
    variantId: string,
    input: UpdateVariantInput,
    actor: Actor,
  ): Promise<VariantView> {
    assertPriceFits(input.price, tenant.currency, 'price');
    assertPriceFits(input.compareAtPrice, tenant.currency, 'compareAtPrice');
    return catalogWrite(this.ctx, actor, { sku: input.sku }, async (w) => {
      const { head, variants, before } = await this.locked(w, tenant, productId);
      const cur = variants.find((v) => v.id === variantId);
      if (!cur) throw notFound('Variant');
      const { lowStockThreshold, ...fields } = input;
      const changes: VariantChanges = { ...fields };
      const status = input.status ?? cur.status;
      if (
        status === 'archived' &&
        cur.status === 'active' &&
        !variants.some((v) => v.id !== cur.id && v.status === 'active')
      )
        throw lastVariant();
      if (input.optionValues !== undefined || (status === 'active' && cur.status === 'archived')) {
        // A new combination, or an archived variant coming back: it must fit today's options.
        const optionValues = input.optionValues ?? cur.optionValues;
        changes.title = variantTitle(head.options, optionValues, 'optionValues');
        if (status === 'active') assertFreeCombination(head, variants, optionValues, cur.id);
      }
      if (Object.keys(changes).length > 0) await updateVariant(w.tx, variantId, changes);
      if (lowStockThreshold !== undefined && lowStockThreshold !== cur.threshold) {
        await setVariantThreshold(w.tx, variantId, lowStockThreshold);
        const target = {
          productId,
          variantId,
          sku: input.sku ?? cur.sku,
          name: head.name,
          variantTitle: changes.title ?? cur.title,
        };
        lowStockOnThreshold(w, target, cur.available, cur.threshold, lowStockThreshold);
      }
      const after = await this.changed(w, tenant, productId, before);
      const view = variantIn(after, variantId);
      variantAudited(w, 'UPDATE', variantId, variantIn(before, variantId), view);
      return view;
    });
  }

  /** A variant ever ordered is archived (order lines keep it); others are deleted. */
  async remove(tenant: TenantRef, productId: string, variantId: string, actor: Actor): Promise<void> {
    await catalogWrite(this.ctx, actor, {}, async (w) => {
      const { variants, before } = await this.locked(w, tenant, productId);
      const cur = variants.find((v) => v.id === variantId);
      if (!cur) throw notFound('Variant');
      if (cur.status === 'active' && !variants.some((v) => v.id !== cur.id && v.status === 'active'))
        throw lastVariant();
      const ordered = await variantWasOrdered(w.tx, tenant.id, variantId);
      if (ordered && cur.status === 'archived') return;
      if (ordered) await updateVariant(w.tx, variantId, { status: 'archived' });
      else await deleteVariant(w.tx, tenant.id, variantId);
      const after = await this.changed(w, tenant, productId, before);
      if (ordered) variantAudited(w, 'UPDATE', variantId, variantIn(before, variantId), variantIn(after, variantId));
      else variantAudited(w, 'DELETE', variantId, variantIn(before, variantId), null);
    });
  }

  /** The product locked, its variants and its view before the change (404 when missing). */
  private async locked(w: Write, tenant: TenantRef, productId: string) {
    const head = await lockProduct(w.tx, tenant.id, productId);
    if (!head) throw notFound('Product');
    const variants = await variantsOf(w.tx, tenant.id, productId);
    return { head, variants, before: await staffView(w, tenant, productId) };
  }

  /** After a variant write: first-variant copies, updated_at, product.updated + audit. */
  private async changed(w: Write, tenant: TenantRef, productId: string, before: ProductView): Promise<ProductView> {
    await syncFirstVariant(w.tx, tenant.id, productId);
    await touchProduct(w.tx, tenant.id, productId);
    const after = await staffView(w, tenant, productId);
    productChanged(w, 'UPDATE', productId, before, after);
    return after;
  }
}
