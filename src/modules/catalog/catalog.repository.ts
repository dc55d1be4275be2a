// Product persistence. Every function takes a tenant-scoped transaction (withTenant); RLS
// restricts it to the tenant, and every query also names tenant_id so the planner can use
// the (tenant_id, …) indexes.
import { Prisma } from '../../generated/prisma/client';
import type { SqlTx, Tx } from '../../platform/db/prisma';
import type { NewProduct, ProductChanges, ProductRow, ProductSort } from './catalog.schemas';

// The row, insert and changes types derive from the product's one field list (catalog.schemas).
export type { NewProduct, ProductChanges, ProductRow };

const COLUMNS = Prisma.sql`p.id, p.name, p.sku, p.description, p.price::text AS price, p.category,
  COALESCE(p.image_urls, '{}') AS "imageUrls", p.is_active AS "isActive", p.created_at AS "createdAt", p.updated_at AS "updatedAt",
  COALESCE(i.quantity, 0)::int AS quantity, COALESCE(i.low_stock_threshold, 0)::int AS threshold`;

/**
 * `q` search: app_product_search_ids() (sql/rls/30_functions.sql) matches
 * lower(name || ' ' || sku || ' ' || coalesce(description, '')) LIKE '%q%' — exactly the
 * expression of products_search_trgm_idx — for the current tenant. It runs as the definer
 * role because under RLS a LIKE is not leakproof and could never be an index condition.
 */
export const likePattern = (q: string): string => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** "12.34" → 1234 (the generated price_cents column; int8 comparisons are leakproof). */
const centsOf = (money: string): number => Number(money.replace('.', ''));

export interface ProductFilter {
  tenantId: string;
  /** true/false: only active/inactive; undefined: both (staff). */
  isActive?: boolean;
  q?: string;
  category?: string;
  minPrice?: string;
  maxPrice?: string;
}

function whereOf(f: ProductFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`p.tenant_id = ${f.tenantId}::uuid`];
  if (f.isActive !== undefined) parts.push(Prisma.sql`p.is_active = ${f.isActive}`);
  if (f.category !== undefined) parts.push(Prisma.sql`p.category = ${f.category}`);
  if (f.minPrice !== undefined) parts.push(Prisma.sql`p.price_cents >= ${centsOf(f.minPrice)}::bigint`);
  if (f.maxPrice !== undefined) parts.push(Prisma.sql`p.price_cents <= ${centsOf(f.maxPrice)}::bigint`);
  if (f.q !== undefined)
    parts.push(Prisma.sql`p.id = ANY (ARRAY(SELECT s.id FROM app_product_search_ids(${likePattern(f.q)}) s))`);
  return Prisma.join(parts, ' AND ');
}

const ORDER: Record<ProductSort, Prisma.Sql> = {
  createdAt: Prisma.sql`p.created_at ASC, p.id ASC`,
  '-createdAt': Prisma.sql`p.created_at DESC, p.id DESC`,
  price: Prisma.sql`p.price_cents ASC, p.id ASC`,
  '-price': Prisma.sql`p.price_cents DESC, p.id DESC`,
  name: Prisma.sql`p.name ASC, p.id ASC`,
};

/** The page query (exported so a test can EXPLAIN exactly what the API runs). */
export function listProductsSql(f: ProductFilter, sort: ProductSort, skip: number, take: number): Prisma.Sql {
  return Prisma.sql`SELECT ${COLUMNS} FROM products p LEFT JOIN inventory i ON i.product_id = p.id
    WHERE ${whereOf(f)} ORDER BY ${ORDER[sort]} LIMIT ${take} OFFSET ${skip}`;
}

export function countProductsSql(f: ProductFilter): Prisma.Sql {
  return Prisma.sql`SELECT count(*)::int AS total FROM products p WHERE ${whereOf(f)}`;
}

export async function listProductPage(
  tx: SqlTx,
  f: ProductFilter,
  sort: ProductSort,
  skip: number,
  take: number,
): Promise<ProductRow[]> {
  return tx.$queryRaw<ProductRow[]>(listProductsSql(f, sort, skip, take));
}

export async function countProducts(tx: SqlTx, f: ProductFilter): Promise<number> {
  const [c] = await tx.$queryRaw<{ total: number }[]>(countProductsSql(f));
  return c?.total ?? 0;
}

export async function findProduct(
  tx: SqlTx,
  tenantId: string,
  id: string,
  opts: { activeOnly?: boolean; forUpdate?: boolean } = {},
): Promise<ProductRow | null> {
  const active = opts.activeOnly ? Prisma.sql`AND p.is_active` : Prisma.empty;
  const lock = opts.forUpdate ? Prisma.sql`FOR UPDATE OF p` : Prisma.empty;
  const rows = await tx.$queryRaw<ProductRow[]>`SELECT ${COLUMNS} FROM products p
    LEFT JOIN inventory i ON i.product_id = p.id
    WHERE p.tenant_id = ${tenantId}::uuid AND p.id = ${id}::uuid ${active} ${lock}`;
  return rows[0] ?? null;
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
      inventory: { create: { tenantId: p.tenantId, quantity: p.quantity, lowStockThreshold: p.threshold } },
    },
    select: { id: true },
  });
  return created.id;
}

export async function updateProduct(tx: Tx, id: string, c: ProductChanges): Promise<void> {
  await tx.product.update({ where: { id }, data: c, select: { id: true } });
}

export async function setThreshold(tx: Tx, productId: string, threshold: number): Promise<void> {
  await tx.inventory.update({
    where: { productId },
    data: { lowStockThreshold: threshold },
    select: { productId: true },
  });
}
