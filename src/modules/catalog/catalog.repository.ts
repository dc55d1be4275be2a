// Product persistence. Every function takes a tenant-scoped transaction (withTenant); RLS
// restricts it to the tenant, and every query also names tenant_id so the planner can use
// the (tenant_id, …) indexes. Variants: catalog.variants.repository.ts; views: catalog.views.ts.
import type { SqlTx, Tx } from '../../platform/db/prisma';
import type { ProductRow, ProductStatus } from './catalog.schemas';
import type { Metadata, ProductOption } from './catalog.variant-schemas';

export type { ProductRow };

/** What a product write needs to know of the product (read under its row lock). */
export interface ProductHead {
  id: string;
  name: string;
  handle: string;
  status: ProductStatus;
  options: ProductOption[];
}

/** The product, locked FOR UPDATE: every variant write of a product serialises on it. */
export async function lockProduct(tx: SqlTx, tenantId: string, id: string): Promise<ProductHead | null> {
  const rows = await tx.$queryRaw<ProductHead[]>`SELECT p.id, p.name, p.handle, p.status, p.options
    FROM products p WHERE p.tenant_id = ${tenantId}::uuid AND p.id = ${id}::uuid FOR UPDATE`;
  return rows[0] ?? null;
}

export async function productIdByHandle(tx: SqlTx, tenantId: string, handle: string): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT p.id FROM products p
    WHERE p.tenant_id = ${tenantId}::uuid AND p.handle = ${handle}`;
  return rows[0]?.id ?? null;
}

/**
 * Serialises handle generation for one base within the tenant (until the transaction ends),
 * so concurrent creates of "Shirt" pick "shirt", "shirt-2", … instead of racing for one.
 */
export async function lockHandleBase(tx: SqlTx, tenantId: string, base: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${tenantId}:product-handle:${base}`}, 0))::text`;
}

/** Handles of the tenant equal to `base` or `base-<n>` (to pick a free generated one). */
export async function handlesLike(tx: SqlTx, tenantId: string, base: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ handle: string }[]>`SELECT p.handle FROM products p
    WHERE p.tenant_id = ${tenantId}::uuid AND (p.handle = ${base} OR p.handle LIKE ${`${base}-%`})`;
  return rows.map((r) => r.handle);
}

export interface NewProduct {
  tenantId: string;
  name: string;
  sku: string;
  price: string;
  description: string | null;
  category: string | null;
  imageUrls: string[];
  handle: string;
  status: ProductStatus;
  options: ProductOption[];
  metadata: Metadata;
}

export async function insertProduct(tx: Tx, p: NewProduct): Promise<string> {
  const created = await tx.product.create({
    data: {
      tenantId: p.tenantId,
      name: p.name,
      sku: p.sku,
      price: p.price,
      description: p.description,
      category: p.category,
      imageUrls: p.imageUrls,
      handle: p.handle,
      status: p.status,
      options: p.options,
      metadata: p.metadata,
    },
    select: { id: true },
  });
  return created.id;
}

export type ProductChanges = Partial<
  Pick<NewProduct, 'name' | 'description' | 'category' | 'imageUrls' | 'handle' | 'status' | 'options' | 'metadata'>
>;

export async function updateProduct(tx: Tx, id: string, c: ProductChanges): Promise<void> {
  await tx.product.update({ where: { id }, data: c, select: { id: true } });
}

/** Bumps updated_at (a variant or membership change is a change of the product). */
export async function touchProduct(tx: SqlTx, tenantId: string, id: string): Promise<void> {
  await tx.$executeRaw`UPDATE products SET updated_at = now() WHERE tenant_id = ${tenantId}::uuid AND id = ${id}::uuid`;
}

/**
 * products.sku / products.price := the first variant's (first active by position, else first
 * by position): part-1 readers, `q` search and price sorting read the product row. Called in
 * the same transaction after every variant write.
 */
export async function syncFirstVariant(tx: SqlTx, tenantId: string, productId: string): Promise<void> {
  await tx.$executeRaw`UPDATE products p SET sku = f.sku, price = f.price
    FROM (SELECT v.sku, v.price FROM product_variants v
          WHERE v.tenant_id = ${tenantId}::uuid AND v.product_id = ${productId}::uuid
          ORDER BY (v.status = 'active') DESC, v.position, v.created_at, v.id LIMIT 1) f
    WHERE p.tenant_id = ${tenantId}::uuid AND p.id = ${productId}::uuid
      AND (p.sku IS DISTINCT FROM f.sku OR p.price IS DISTINCT FROM f.price)`;
}

export type MembershipKind = 'category' | 'collection';

/** Replaces the product's category (or collection) memberships by `ids`. */
export async function setMemberships(
  tx: SqlTx,
  tenantId: string,
  productId: string,
  kind: MembershipKind,
  ids: string[],
): Promise<void> {
  if (kind === 'category') {
    await tx.$executeRaw`DELETE FROM product_categories
      WHERE tenant_id = ${tenantId}::uuid AND product_id = ${productId}::uuid AND NOT (category_id = ANY(${ids}::uuid[]))`;
    await tx.$executeRaw`INSERT INTO product_categories (tenant_id, product_id, category_id)
      SELECT ${tenantId}::uuid, ${productId}::uuid, x FROM unnest(${ids}::uuid[]) x ON CONFLICT DO NOTHING`;
  } else {
    await tx.$executeRaw`DELETE FROM product_collections
      WHERE tenant_id = ${tenantId}::uuid AND product_id = ${productId}::uuid AND NOT (collection_id = ANY(${ids}::uuid[]))`;
    await tx.$executeRaw`INSERT INTO product_collections (tenant_id, product_id, collection_id)
      SELECT ${tenantId}::uuid, ${productId}::uuid, x FROM unnest(${ids}::uuid[]) x ON CONFLICT DO NOTHING`;
  }
}
