// Variant persistence (with each variant's inventory row). Tenant-scoped transactions only;
// callers hold the product's row lock (lockProduct) so position and combination checks and
// the writes that follow them cannot interleave with another write of the same product.
import type { SqlTx, Tx } from '../../platform/db/prisma';
import type { Metadata } from './catalog.variant-schemas';

/** A variant as the write rules see it. */
export interface VariantHead {
  id: string;
  sku: string;
  title: string;
  optionValues: Record<string, string>;
  price: string;
  position: number;
  status: 'active' | 'archived';
  available: number;
  threshold: number;
}

export async function variantsOf(tx: SqlTx, tenantId: string, productId: string): Promise<VariantHead[]> {
  return tx.$queryRaw<VariantHead[]>`SELECT v.id, v.sku, v.title, v.option_values AS "optionValues",
      v.price::text AS price, v.position, v.status,
      COALESCE(i.available, 0)::int AS available, COALESCE(i.low_stock_threshold, 0)::int AS threshold
    FROM product_variants v LEFT JOIN inventory i ON i.variant_id = v.id
    WHERE v.tenant_id = ${tenantId}::uuid AND v.product_id = ${productId}::uuid
    ORDER BY (v.status = 'active') DESC, v.position, v.created_at, v.id`;
}

export interface NewVariant {
  tenantId: string;
  productId: string;
  sku: string;
  title: string;
  optionValues: Record<string, string>;
  price: string;
  compareAtPrice: string | null;
  weightGrams: number | null;
  position: number;
  metadata: Metadata;
  onHand: number;
  threshold: number;
}

export async function insertVariant(tx: Tx, v: NewVariant): Promise<string> {
  const created = await tx.productVariant.create({
    data: {
      tenantId: v.tenantId,
      productId: v.productId,
      sku: v.sku,
      title: v.title,
      optionValues: v.optionValues,
      price: v.price,
      compareAtPrice: v.compareAtPrice,
      weightGrams: v.weightGrams,
      position: v.position,
      metadata: v.metadata,
      inventory: {
        create: { tenantId: v.tenantId, productId: v.productId, onHand: v.onHand, lowStockThreshold: v.threshold },
      },
    },
    select: { id: true },
  });
  return created.id;
}

export type VariantChanges = Partial<
  Pick<
    NewVariant,
    'sku' | 'title' | 'optionValues' | 'price' | 'compareAtPrice' | 'weightGrams' | 'position' | 'metadata'
  >
> & { status?: 'active' | 'archived' };

export async function updateVariant(tx: Tx, id: string, c: VariantChanges): Promise<void> {
  await tx.productVariant.update({ where: { id }, data: c, select: { id: true } });
}

export async function setVariantThreshold(tx: Tx, variantId: string, threshold: number): Promise<void> {
  await tx.inventory.update({
    where: { variantId },
    data: { lowStockThreshold: threshold },
    select: { variantId: true },
  });
}

/** True when an order line names the variant (it must then be archived, never deleted). */
export async function variantWasOrdered(tx: SqlTx, tenantId: string, variantId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ x: number }[]>`SELECT 1 AS x FROM order_items oi
    WHERE oi.tenant_id = ${tenantId}::uuid AND oi.variant_id = ${variantId}::uuid LIMIT 1`;
  return rows.length > 0;
}

export async function deleteVariant(tx: SqlTx, tenantId: string, variantId: string): Promise<void> {
  await tx.$executeRaw`DELETE FROM product_variants WHERE tenant_id = ${tenantId}::uuid AND id = ${variantId}::uuid`;
}

/** The SKUs among `skus` already used by a variant of the tenant (to name the one in a 409). */
export async function takenSkus(tx: SqlTx, tenantId: string, skus: string[]): Promise<string[]> {
  const rows = await tx.$queryRaw<{ sku: string }[]>`SELECT v.sku FROM product_variants v
    WHERE v.tenant_id = ${tenantId}::uuid AND v.sku = ANY(${skus}::text[]) ORDER BY v.sku`;
  return rows.map((r) => r.sku);
}
