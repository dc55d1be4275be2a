// GET /products SQL: the page of ids, and the total with the facets, over one filter.
// Every statement names tenant_id (RLS restricts it anyway) so the (tenant_id, …) indexes
// serve it; under RLS only LEAKPROOF predicates can be index conditions, so:
//   - ?q goes through app_product_search_ids() (trigram index, sql/rls/30_functions.sql);
//   - ?option.<Name> through app_product_option_ids() (GIN over product_search.option_tokens);
//   - ?minPrice/?maxPrice compare the int8 price_cents column;
//   - ?categoryId/?collectionId are uuid equalities on the membership tables' indexes.
import { Prisma } from '../../generated/prisma/client';
import type { SqlTx } from '../../platform/db/prisma';
import type { ProductSort, ProductStatus } from './catalog.schemas';

export interface SearchFilter {
  tenantId: string;
  /** true/false: only active/inactive; undefined: both (staff). */
  isActive?: boolean;
  status?: ProductStatus;
  q?: string;
  category?: string;
  minPrice?: string;
  maxPrice?: string;
  /** The category and all its descendants. */
  categoryId?: string;
  collectionId?: string;
  handle?: string;
  /** Option name → accepted values (any of them); several names must hold on one active variant. */
  options?: Readonly<Record<string, readonly string[]>>;
  inStock?: boolean;
}

/** What meta.facets may hold; `option.<Name>` facets are listed by name. */
export interface FacetRequest {
  category: boolean;
  collection: boolean;
  price: boolean;
  options: string[];
}

export interface FacetRow {
  total: number;
  category: { id: string; name: string; count: number }[] | null;
  collection: { id: string; name: string; count: number }[] | null;
  priceMin: string | null;
  priceMax: string | null;
  options: Record<string, { value: string; count: number }[] | null> | null;
}

/** product_search.option_tokens entry: the name and value joined by U+001F (never in either). */
export const optionToken = (name: string, value: string): string => `${name}\u001f${value}`;

export const likePattern = (q: string): string => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** "12.34" → 1234 (the generated price_cents column; int8 comparisons are leakproof). */
const centsOf = (money: string): number => Number(money.replace('.', ''));

/** The category and its descendants (the tree has no cycles; UNION would stop one anyway). */
const categoryTree = (tenantId: string, id: string) => Prisma.sql`ARRAY(
  WITH RECURSIVE tree AS (
    SELECT c.id FROM categories c WHERE c.tenant_id = ${tenantId}::uuid AND c.id = ${id}::uuid
    UNION
    SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id WHERE c.tenant_id = ${tenantId}::uuid)
  SELECT id FROM tree)`;

function optionParts(t: string, options: Readonly<Record<string, readonly string[]>>): Prisma.Sql[] {
  const names = Object.keys(options).sort();
  const parts = names.map((n) => {
    const tokens = options[n]!.map((v) => optionToken(n, v));
    return Prisma.sql`p.id IN (SELECT o.id FROM app_product_option_ids(${tokens}::text[]) o)`;
  });
  // Two or more options: one active variant must carry an accepted value of each (a "M" in
  // one variant and a "Black" in another is not an "M / Black").
  if (names.length > 1) {
    const each = names.map((n) => Prisma.sql`(v.option_values ->> ${n}) = ANY (${[...options[n]!]}::text[])`);
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM product_variants v
      WHERE v.tenant_id = ${t}::uuid AND v.product_id = p.id AND v.status = 'active' AND ${Prisma.join(each, ' AND ')})`);
  }
  return parts;
}

/** The WHERE over products p (and product_search s, joined when `needsSearchRow`). */
function whereOf(f: SearchFilter): Prisma.Sql {
  const t = f.tenantId;
  const parts: Prisma.Sql[] = [Prisma.sql`p.tenant_id = ${t}::uuid`];
  if (f.isActive !== undefined) parts.push(Prisma.sql`p.is_active = ${f.isActive}`);
  if (f.status !== undefined) parts.push(Prisma.sql`p.status = ${f.status}`);
  if (f.handle !== undefined) parts.push(Prisma.sql`p.handle = ${f.handle}`);
  if (f.category !== undefined) parts.push(Prisma.sql`p.category = ${f.category}`);
  if (f.minPrice !== undefined) parts.push(Prisma.sql`p.price_cents >= ${centsOf(f.minPrice)}::bigint`);
  if (f.maxPrice !== undefined) parts.push(Prisma.sql`p.price_cents <= ${centsOf(f.maxPrice)}::bigint`);
  if (f.q !== undefined)
    parts.push(Prisma.sql`p.id = ANY (ARRAY(SELECT x.id FROM app_product_search_ids(${likePattern(f.q)}) x))`);
  if (f.categoryId !== undefined)
    parts.push(Prisma.sql`p.id IN (SELECT pc.product_id FROM product_categories pc
      WHERE pc.tenant_id = ${t}::uuid AND pc.category_id = ANY (${categoryTree(t, f.categoryId)}))`);
  if (f.collectionId !== undefined)
    parts.push(Prisma.sql`p.id IN (SELECT pc.product_id FROM product_collections pc
      WHERE pc.tenant_id = ${t}::uuid AND pc.collection_id = ${f.collectionId}::uuid)`);
  if (f.options !== undefined) parts.push(...optionParts(t, f.options));
  if (f.inStock !== undefined) {
    // Some active variant can be sold: its inventory row (primary key) has available > 0.
    // An EXISTS at read time, so stock moves on the order path write nothing for search.
    const inStock = Prisma.sql`EXISTS (SELECT 1 FROM inventory i
      WHERE i.variant_id = ANY (s.active_variant_ids) AND i.tenant_id = ${t}::uuid AND i.available > 0)`;
    parts.push(f.inStock ? inStock : Prisma.sql`NOT ${inStock}`);
  }
  return Prisma.join(parts, ' AND ');
}

const needsSearchRow = (f: SearchFilter): boolean => f.inStock !== undefined;

function fromOf(f: SearchFilter, withSearchRow: boolean): Prisma.Sql {
  return withSearchRow || needsSearchRow(f)
    ? Prisma.sql`products p JOIN product_search s ON s.product_id = p.id AND s.tenant_id = ${f.tenantId}::uuid`
    : Prisma.sql`products p`;
}

const ORDER: Record<ProductSort, Prisma.Sql> = {
  createdAt: Prisma.sql`p.created_at ASC, p.id ASC`,
  '-createdAt': Prisma.sql`p.created_at DESC, p.id DESC`,
  price: Prisma.sql`p.price_cents ASC, p.id ASC`,
  '-price': Prisma.sql`p.price_cents DESC, p.id DESC`,
  name: Prisma.sql`p.name ASC, p.id ASC`,
};

/** The page's product ids, in order (exported so tests and the bench EXPLAIN what the API runs). */
export function pageIdsSql(f: SearchFilter, sort: ProductSort, skip: number, take: number): Prisma.Sql {
  return Prisma.sql`SELECT p.id FROM ${fromOf(f, false)} WHERE ${whereOf(f)}
    ORDER BY ${ORDER[sort]} LIMIT ${take} OFFSET ${skip}`;
}

export function countSql(f: SearchFilter): Prisma.Sql {
  return Prisma.sql`SELECT count(*)::int AS total FROM ${fromOf(f, false)} WHERE ${whereOf(f)}`;
}

/** Entries of a facet, most products first; zero counts cannot occur (only present ids are grouped). */
const byCount = (entry: Prisma.Sql, tie: Prisma.Sql) => Prisma.sql`json_agg(${entry} ORDER BY x.n DESC, ${tie})`;

/**
 * The total and the requested facets, over the matching products (materialised once):
 * categories and collections count direct memberships, `option.<Name>` counts products with
 * an active variant of each value, price spans the active variants (product_search).
 */
export function facetsSql(f: SearchFilter, want: FacetRequest): Prisma.Sql {
  const t = f.tenantId;
  const cols: Prisma.Sql[] = [Prisma.sql`(SELECT count(*) FROM f)::int AS total`];
  if (want.category)
    cols.push(Prisma.sql`(SELECT ${byCount(Prisma.sql`json_build_object('id', c.id, 'name', c.name, 'count', x.n)`, Prisma.sql`c.name, c.id`)}
      FROM (SELECT k, count(*)::int AS n FROM f, unnest(f.category_ids) k GROUP BY k) x
      JOIN categories c ON c.id = x.k AND c.tenant_id = ${t}::uuid) AS category`);
  if (want.collection)
    cols.push(Prisma.sql`(SELECT ${byCount(Prisma.sql`json_build_object('id', c.id, 'name', c.title, 'count', x.n)`, Prisma.sql`c.title, c.id`)}
      FROM (SELECT k, count(*)::int AS n FROM f, unnest(f.collection_ids) k GROUP BY k) x
      JOIN collections c ON c.id = x.k AND c.tenant_id = ${t}::uuid) AS collection`);
  if (want.price)
    cols.push(Prisma.sql`(SELECT min(f.min_price_cents) FROM f)::text AS "priceMin",
      (SELECT max(f.max_price_cents) FROM f)::text AS "priceMax"`);
  if (want.options.length > 0) {
    const perName = want.options.map((n) => {
      const prefix = optionToken(n, '');
      return Prisma.sql`${n}::text, (SELECT ${byCount(Prisma.sql`json_build_object('value', substr(x.k, ${prefix.length + 1}), 'count', x.n)`, Prisma.sql`x.k`)}
        FROM (SELECT k, count(*)::int AS n FROM f, unnest(f.option_tokens) k WHERE starts_with(k, ${prefix}) GROUP BY k) x)`;
    });
    cols.push(Prisma.sql`json_build_object(${Prisma.join(perName, ', ')}) AS options`);
  }
  return Prisma.sql`WITH f AS MATERIALIZED (
      SELECT s.category_ids, s.collection_ids, s.option_tokens, s.min_price_cents, s.max_price_cents
      FROM ${fromOf(f, true)} WHERE ${whereOf(f)})
    SELECT ${Prisma.join(cols, ', ')}`;
}

export async function pageIds(
  tx: SqlTx,
  f: SearchFilter,
  sort: ProductSort,
  skip: number,
  take: number,
): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>(pageIdsSql(f, sort, skip, take));
  return rows.map((r) => r.id);
}

export async function countProducts(tx: SqlTx, f: SearchFilter): Promise<number> {
  const [c] = await tx.$queryRaw<{ total: number }[]>(countSql(f));
  return c?.total ?? 0;
}

export async function facetRow(tx: SqlTx, f: SearchFilter, want: FacetRequest): Promise<FacetRow> {
  const [r] = await tx.$queryRaw<Partial<FacetRow>[]>(facetsSql(f, want));
  return {
    total: r?.total ?? 0,
    category: r?.category ?? null,
    collection: r?.collection ?? null,
    priceMin: r?.priceMin ?? null,
    priceMax: r?.priceMax ?? null,
    options: r?.options ?? null,
  };
}
