// The product view (GET/POST/PATCH responses, webhooks, cached reads, list pages): built for
// many products at once with three statements (products; variants with their stock;
// category and collection ids), each `= ANY($ids)`, so a list page costs the same three
// round trips as one product.
import { Prisma } from '../../generated/prisma/client';
import type { TenantRef } from '../../platform/auth/types';
import type { SqlTx } from '../../platform/db/prisma';
import { formatMoney, MAX_MINOR_DIGITS, toScaled } from '../../platform/money';
import type { ProductStatus, ProductView } from './catalog.schemas';
import type { Metadata, ProductOption, VariantView } from './catalog.variant-schemas';

interface ProductViewRow {
  id: string;
  name: string;
  sku: string;
  description: string | null;
  price: string;
  category: string | null;
  imageUrls: string[];
  handle: string;
  status: ProductStatus;
  options: ProductOption[];
  metadata: Metadata;
  createdAt: Date;
  updatedAt: Date;
}

interface VariantViewRow {
  id: string;
  productId: string;
  sku: string;
  title: string;
  optionValues: Record<string, string>;
  price: string;
  compareAtPrice: string | null;
  weightGrams: number | null;
  position: number;
  status: 'active' | 'archived';
  metadata: Metadata;
  createdAt: Date;
  updatedAt: Date;
  onHand: number;
  reserved: number;
  threshold: number;
}

interface MembershipRow {
  productId: string;
  kind: 'category' | 'collection';
  ids: string[];
}

/**
 * The catalog cache key of a product's view (GET /products/:id caches it; list pages are
 * assembled from the same entries). Staff and public views differ (metadata, archived variants).
 */
export const productCacheKey = (id: string, staff: boolean): string => `p:${id}:${staff ? 's' : 'p'}`;

/** Thousandths of a money string (any currency's digits fit), for comparisons without floats. */
const milli = (m: string): bigint => toScaled(m, MAX_MINOR_DIGITS);

function variantView(r: VariantViewRow, currency: string, staff: boolean): VariantView {
  const available = r.onHand - r.reserved;
  return {
    id: r.id,
    productId: r.productId,
    sku: r.sku,
    title: r.title,
    optionValues: r.optionValues,
    price: formatMoney(r.price, currency),
    compareAtPrice: r.compareAtPrice === null ? null : formatMoney(r.compareAtPrice, currency),
    weightGrams: r.weightGrams,
    position: r.position,
    status: r.status,
    inventory: {
      onHand: r.onHand,
      reserved: r.reserved,
      available,
      threshold: r.threshold,
      lowStock: available <= r.threshold,
    },
    ...(staff ? { metadata: r.metadata } : {}),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The product's "first" variant: first active by position, else first by position. */
export function firstVariant<V extends { status: string }>(variants: readonly V[]): V | undefined {
  return variants.find((v) => v.status === 'active') ?? variants[0];
}

function priceRange(variants: readonly VariantView[], fallback: string): { min: string; max: string } {
  const prices = variants.filter((v) => v.status === 'active').map((v) => v.price);
  if (prices.length === 0) return { min: fallback, max: fallback };
  const sorted = [...prices].sort((a, b) => (milli(a) < milli(b) ? -1 : milli(a) > milli(b) ? 1 : 0));
  return { min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

function productView(
  p: ProductViewRow,
  variants: VariantView[],
  memberships: { categoryIds: string[]; collectionIds: string[] },
  currency: string,
  staff: boolean,
): ProductView {
  const first = firstVariant(variants);
  const price = first?.price ?? formatMoney(p.price, currency);
  const inv = first?.inventory ?? { available: 0, threshold: 0, lowStock: true };
  return {
    id: p.id,
    name: p.name,
    sku: first?.sku ?? p.sku,
    description: p.description,
    price,
    currency,
    category: p.category,
    imageUrls: p.imageUrls,
    isActive: p.status === 'active',
    inventory: { quantity: inv.available, threshold: inv.threshold, lowStock: inv.lowStock },
    handle: p.handle,
    status: p.status,
    options: p.options,
    variants,
    priceRange: priceRange(variants, price),
    categoryIds: memberships.categoryIds,
    collectionIds: memberships.collectionIds,
    ...(staff ? { metadata: p.metadata } : {}),
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}

const selectProducts = (tenantId: string, ids: readonly string[], staff: boolean) => Prisma.sql`
  SELECT p.id, p.name, p.sku, p.description, p.price::text AS price, p.category,
    COALESCE(p.image_urls, '{}') AS "imageUrls", p.handle, p.status, p.options, p.metadata,
    p.created_at AS "createdAt", p.updated_at AS "updatedAt"
  FROM products p
  WHERE p.tenant_id = ${tenantId}::uuid AND p.id = ANY(${ids}::uuid[])
    ${staff ? Prisma.empty : Prisma.sql`AND p.status = 'active'`}`;

const selectVariants = (tenantId: string, ids: readonly string[], staff: boolean) => Prisma.sql`
  SELECT v.id, v.product_id AS "productId", v.sku, v.title, v.option_values AS "optionValues",
    v.price::text AS price, v.compare_at_price::text AS "compareAtPrice", v.weight_grams AS "weightGrams",
    v.position, v.status, v.metadata, v.created_at AS "createdAt", v.updated_at AS "updatedAt",
    COALESCE(i.on_hand, 0)::int AS "onHand", COALESCE(i.reserved, 0)::int AS reserved,
    COALESCE(i.low_stock_threshold, 0)::int AS threshold
  FROM product_variants v LEFT JOIN inventory i ON i.variant_id = v.id
  WHERE v.tenant_id = ${tenantId}::uuid AND v.product_id = ANY(${ids}::uuid[])
    ${staff ? Prisma.empty : Prisma.sql`AND v.status = 'active'`}
  ORDER BY v.product_id, v.position, v.created_at, v.id`;

const selectMemberships = (tenantId: string, ids: readonly string[]) => Prisma.sql`
  SELECT pc.product_id AS "productId", 'category' AS kind, array_agg(pc.category_id::text ORDER BY pc.category_id) AS ids
  FROM product_categories pc WHERE pc.tenant_id = ${tenantId}::uuid AND pc.product_id = ANY(${ids}::uuid[])
  GROUP BY pc.product_id
  UNION ALL
  SELECT pl.product_id, 'collection', array_agg(pl.collection_id::text ORDER BY pl.collection_id)
  FROM product_collections pl WHERE pl.tenant_id = ${tenantId}::uuid AND pl.product_id = ANY(${ids}::uuid[])
  GROUP BY pl.product_id`;

/**
 * Full product views in the order of `ids`, missing ids skipped. staff=false skips products
 * that are not active, archived variants, and omits metadata (product and variants).
 */
export async function loadProductViews(
  tx: SqlTx,
  tenant: TenantRef,
  ids: readonly string[],
  staff: boolean,
): Promise<ProductView[]> {
  if (ids.length === 0) return [];
  const unique = [...new Set(ids)];
  const products = await tx.$queryRaw<ProductViewRow[]>(selectProducts(tenant.id, unique, staff));
  if (products.length === 0) return [];
  const found = products.map((p) => p.id);
  const variants = await tx.$queryRaw<VariantViewRow[]>(selectVariants(tenant.id, found, staff));
  const memberships = await tx.$queryRaw<MembershipRow[]>(selectMemberships(tenant.id, found));

  const variantsOf = new Map<string, VariantView[]>();
  for (const v of variants) {
    const list = variantsOf.get(v.productId) ?? [];
    list.push(variantView(v, tenant.currency, staff));
    variantsOf.set(v.productId, list);
  }
  const membersOf = new Map<string, { categoryIds: string[]; collectionIds: string[] }>();
  for (const m of memberships) {
    const e = membersOf.get(m.productId) ?? { categoryIds: [], collectionIds: [] };
    if (m.kind === 'category') e.categoryIds = m.ids;
    else e.collectionIds = m.ids;
    membersOf.set(m.productId, e);
  }
  const byId = new Map(
    products.map((p) => [
      p.id,
      productView(
        p,
        variantsOf.get(p.id) ?? [],
        membersOf.get(p.id) ?? { categoryIds: [], collectionIds: [] },
        tenant.currency,
        staff,
      ),
    ]),
  );
  return ids.map((id) => byId.get(id)).filter((v): v is ProductView => v !== undefined);
}

/** One product's view (null when missing or, for non-staff, not active). */
export async function loadProductView(
  tx: SqlTx,
  tenant: TenantRef,
  id: string,
  staff: boolean,
): Promise<ProductView | null> {
  const [v] = await loadProductViews(tx, tenant, [id], staff);
  return v ?? null;
}
