// GET /products SQL. Two paths over one filter:
//   - search path (?categoryId, ?collectionId or ?option.<Name>): the matching product_search
//     rows come from app_product_search_rows() (GIN indexes, as the definer role: under RLS
//     && is not LEAKPROOF and could never use them) and ONE statement returns the page's ids
//     (sorted from those rows), the total and the facets;
//   - plain path (everything else): the part-1 page query over products' btree indexes, and a
//     count (or the facets) next to it.
// Every statement names tenant_id (RLS restricts it anyway) so the (tenant_id, …) indexes
// serve it; ?q goes through app_product_search_ids() (trigram index) for the same reason, and
// price filters compare the int8 price_cents, in thousandths since migration
// 20261208001000_money_iso_digits (int8 comparisons are leakproof).
import { Prisma } from '../../generated/prisma/client';
import type { SqlTx } from '../../platform/db/prisma';
import { MAX_MINOR_DIGITS, toScaled } from '../../platform/money';
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

export interface SearchResult extends FacetRow {
  ids: string[];
}

const US = '\u001f';

export const likePattern = (q: string): string => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** "12.34" → 12340: the unit of the generated price_cents column, thousandths (exact for KWD too). */
const milliOf = (money: string): number => Number(toScaled(money, MAX_MINOR_DIGITS));

/** Whether the filter goes through app_product_search_rows (it has an array condition). */
export const usesSearchRows = (f: SearchFilter): boolean =>
  f.categoryId !== undefined || f.collectionId !== undefined || f.options !== undefined;

/** The category and its descendants (the tree has no cycles; UNION would stop one anyway). */
const categoryTree = (tenantId: string, id: string) => Prisma.sql`ARRAY(
  WITH RECURSIVE tree AS (
    SELECT c.id FROM categories c WHERE c.tenant_id = ${tenantId}::uuid AND c.id = ${id}::uuid
    UNION
    SELECT c.id FROM categories c JOIN tree ON c.parent_id = tree.id WHERE c.tenant_id = ${tenantId}::uuid)
  SELECT id FROM tree)`;

/** Conditions on products p that product_search does not hold. */
function productOnlyParts(f: SearchFilter): Prisma.Sql[] {
  const parts: Prisma.Sql[] = [];
  if (f.handle !== undefined) parts.push(Prisma.sql`p.handle = ${f.handle}`);
  if (f.category !== undefined) parts.push(Prisma.sql`p.category = ${f.category}`);
  if (f.q !== undefined)
    parts.push(Prisma.sql`p.id = ANY (ARRAY(SELECT x.id FROM app_product_search_ids(${likePattern(f.q)}) x))`);
  return parts;
}

/**
 * Conditions on a row `r` with product_id and active_variant_ids: with two or more options
 * one active variant must carry an accepted value of each (an "M" in one variant and a
 * "Black" in another is not an "M / Black"); ?inStock: some active variant has available > 0
 * (inventory by primary key, read at query time: stock moves write nothing for search).
 */
function rowParts(f: SearchFilter, r: Prisma.Sql): Prisma.Sql[] {
  const t = f.tenantId;
  const parts: Prisma.Sql[] = [];
  const names = Object.keys(f.options ?? {}).sort();
  if (names.length > 1) {
    const each = names.map((n) => Prisma.sql`(v.option_values ->> ${n}) = ANY (${[...f.options![n]!]}::text[])`);
    parts.push(Prisma.sql`EXISTS (SELECT 1 FROM product_variants v WHERE v.tenant_id = ${t}::uuid
      AND v.product_id = ${r}.product_id AND v.status = 'active' AND ${Prisma.join(each, ' AND ')})`);
  }
  if (f.inStock !== undefined) {
    const inStock = Prisma.sql`EXISTS (SELECT 1 FROM inventory i
      WHERE i.variant_id = ANY (${r}.active_variant_ids) AND i.tenant_id = ${t}::uuid AND i.available > 0)`;
    parts.push(f.inStock ? inStock : Prisma.sql`NOT ${inStock}`);
  }
  return parts;
}

// ---- plain path ------------------------------------------------------------------------

function plainWhere(f: SearchFilter): Prisma.Sql {
  const parts: Prisma.Sql[] = [Prisma.sql`p.tenant_id = ${f.tenantId}::uuid`];
  if (f.isActive !== undefined) parts.push(Prisma.sql`p.is_active = ${f.isActive}`);
  if (f.status !== undefined) parts.push(Prisma.sql`p.status = ${f.status}`);
  if (f.minPrice !== undefined) parts.push(Prisma.sql`p.price_cents >= ${milliOf(f.minPrice)}::bigint`);
  if (f.maxPrice !== undefined) parts.push(Prisma.sql`p.price_cents <= ${milliOf(f.maxPrice)}::bigint`);
  parts.push(...productOnlyParts(f), ...rowParts(f, Prisma.sql`s`));
  return Prisma.join(parts, ' AND ');
}

function plainFrom(f: SearchFilter, withSearchRow: boolean): Prisma.Sql {
  return withSearchRow || f.inStock !== undefined
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

/** Plain path: the page's product ids, in order (exported so tests EXPLAIN what the API runs). */
export function pageIdsSql(f: SearchFilter, sort: ProductSort, skip: number, take: number): Prisma.Sql {
  return Prisma.sql`SELECT p.id FROM ${plainFrom(f, false)} WHERE ${plainWhere(f)}
    ORDER BY ${ORDER[sort]} LIMIT ${take} OFFSET ${skip}`;
}

export function countSql(f: SearchFilter): Prisma.Sql {
  return Prisma.sql`SELECT count(*)::int AS total FROM ${plainFrom(f, false)} WHERE ${plainWhere(f)}`;
}

// ---- search path -----------------------------------------------------------------------

/** The matching rows (f) of the search path: product_id, the sort keys and the facet columns. */
function searchRows(f: SearchFilter): Prisma.Sql {
  const t = f.tenantId;
  const groups = f.options
    ? JSON.stringify(
        Object.keys(f.options)
          .sort()
          .map((n) => f.options![n]!.map((v) => `${n}${US}${v}`)),
      )
    : null;
  const cats = f.categoryId !== undefined ? categoryTree(t, f.categoryId) : Prisma.sql`NULL::uuid[]`;
  const rows = Prisma.sql`app_product_search_rows(${f.isActive ?? null}::boolean, ${f.status ?? null}::text,
    ${f.minPrice !== undefined ? milliOf(f.minPrice) : null}::bigint,
    ${f.maxPrice !== undefined ? milliOf(f.maxPrice) : null}::bigint,
    ${cats}, ${f.collectionId ?? null}::uuid, ${groups}::jsonb) r`;
  const onProducts = productOnlyParts(f);
  const from = onProducts.length
    ? Prisma.sql`${rows} JOIN products p ON p.id = r.product_id AND p.tenant_id = ${t}::uuid AND ${Prisma.join(onProducts, ' AND ')}`
    : rows;
  const where = rowParts(f, Prisma.sql`r`);
  return Prisma.sql`SELECT r.* FROM ${from} ${where.length ? Prisma.sql`WHERE ${Prisma.join(where, ' AND ')}` : Prisma.empty}`;
}

const rowOrder = (sort: ProductSort, a: string): Prisma.Sql => {
  const [key, dir] = {
    createdAt: ['created_at', 'ASC'],
    '-createdAt': ['created_at', 'DESC'],
    price: ['price_cents', 'ASC'],
    '-price': ['price_cents', 'DESC'],
    name: ['name', 'ASC'],
  }[sort];
  return Prisma.raw(`${a}.${key} ${dir}, ${a}.product_id ${dir}`);
};

// ---- facets (both paths) ---------------------------------------------------------------

const byCount = (entry: Prisma.Sql, tie: Prisma.Sql) => Prisma.sql`json_agg(${entry} ORDER BY x.n DESC, ${tie})`;

/**
 * The total and the requested facets over `f` (the matching rows, materialised once):
 * categories and collections count direct memberships, `option.<Name>` counts products with
 * an active variant of each value (only present values are grouped, so no zero counts),
 * price spans the active variants.
 */
function facetColumns(f: SearchFilter, want: FacetRequest | null): Prisma.Sql[] {
  const t = f.tenantId;
  const cols: Prisma.Sql[] = [Prisma.sql`(SELECT count(*) FROM f)::int AS total`];
  if (!want) return cols;
  const entry = (title: string) =>
    byCount(
      Prisma.sql`json_build_object('id', c.id, 'name', c.${Prisma.raw(title)}, 'count', x.n)`,
      Prisma.sql`c.${Prisma.raw(title)}, c.id`,
    );
  if (want.category)
    cols.push(Prisma.sql`(SELECT ${entry('name')}
      FROM (SELECT k, count(*)::int AS n FROM (SELECT unnest(f.category_ids) AS k FROM f) u GROUP BY k) x
      JOIN categories c ON c.id = x.k AND c.tenant_id = ${t}::uuid) AS category`);
  if (want.collection)
    cols.push(Prisma.sql`(SELECT ${entry('title')}
      FROM (SELECT k, count(*)::int AS n FROM (SELECT unnest(f.collection_ids) AS k FROM f) u GROUP BY k) x
      JOIN collections c ON c.id = x.k AND c.tenant_id = ${t}::uuid) AS collection`);
  if (want.price)
    cols.push(Prisma.sql`(SELECT min(f.min_price_cents) FROM f)::text AS "priceMin",
      (SELECT max(f.max_price_cents) FROM f)::text AS "priceMax"`);
  if (want.options.length > 0) {
    const perName = want.options.map((n) => {
      const prefix = `${t.toLowerCase().slice(0, 8)}${US}${n}${US}`;
      const value = Prisma.sql`json_build_object('value', substr(x.k, ${prefix.length + 1}), 'count', x.n)`;
      return Prisma.sql`${n}::text, (SELECT ${byCount(value, Prisma.sql`x.k`)} FROM (SELECT k, count(*)::int AS n
        FROM (SELECT unnest(f.option_tokens) AS k FROM f) u WHERE starts_with(k, ${prefix}) GROUP BY k) x)`;
    });
    cols.push(Prisma.sql`json_build_object(${Prisma.join(perName, ', ')}) AS options`);
  }
  return cols;
}

/** Plain path facets: the matching products' search rows, then the facet columns. */
export function facetsSql(f: SearchFilter, want: FacetRequest): Prisma.Sql {
  return Prisma.sql`WITH f AS MATERIALIZED (
      SELECT s.category_ids, s.collection_ids, s.option_tokens, s.min_price_cents, s.max_price_cents
      FROM ${plainFrom(f, true)} WHERE ${plainWhere(f)})
    SELECT ${Prisma.join(facetColumns(f, want), ', ')}`;
}

/** Search path: the page's ids, the total and the facets in one statement. */
export function searchSql(
  f: SearchFilter,
  sort: ProductSort,
  skip: number,
  take: number,
  want: FacetRequest | null,
): Prisma.Sql {
  return Prisma.sql`WITH f AS MATERIALIZED (${searchRows(f)})
    SELECT (SELECT COALESCE(json_agg(x.product_id ORDER BY ${rowOrder(sort, 'x')}), '[]'::json)
            FROM (SELECT * FROM f ORDER BY ${rowOrder(sort, 'f')} LIMIT ${take} OFFSET ${skip}) x) AS ids,
      ${Prisma.join(facetColumns(f, want), ', ')}`;
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

const facetRowOf = (r: Partial<FacetRow> | undefined): FacetRow => ({
  total: r?.total ?? 0,
  category: r?.category ?? null,
  collection: r?.collection ?? null,
  priceMin: r?.priceMin ?? null,
  priceMax: r?.priceMax ?? null,
  options: r?.options ?? null,
});

export async function facetRow(tx: SqlTx, f: SearchFilter, want: FacetRequest): Promise<FacetRow> {
  const [r] = await tx.$queryRaw<Partial<FacetRow>[]>(facetsSql(f, want));
  return facetRowOf(r);
}

export async function search(
  tx: SqlTx,
  f: SearchFilter,
  sort: ProductSort,
  skip: number,
  take: number,
  want: FacetRequest | null,
): Promise<SearchResult> {
  const [r] = await tx.$queryRaw<(Partial<FacetRow> & { ids: string[] })[]>(searchSql(f, sort, skip, take, want));
  return { ...facetRowOf(r), ids: r?.ids ?? [] };
}
