// GET /products: the filtered, sorted page of full product views, its total and the facets
// asked for, through the per-tenant catalog cache (every catalog write bumps the tenant's
// version, so a list is read-after-write coherent like a product read).
import type { AppContext } from '../../platform/app-context';
import type { TenantRef } from '../../platform/auth/types';
import { catalogCache } from '../../platform/cache';
import { sha256Hex } from '../../platform/crypto';
import { withTenantRaw } from '../../platform/db/prisma';
import { skipTake } from '../../platform/http/validate';
import type { ProductView } from './catalog.schemas';
import { OPTION_PREFIX, type ListProductsQuery, type ProductFacets } from './catalog.search.schemas';
import {
  countProducts,
  facetRow,
  pageIds,
  search,
  usesSearchRows,
  type FacetRequest,
  type FacetRow,
  type SearchFilter,
} from './catalog.search.repository';
import { loadProductViews } from './catalog.views';

export interface ProductListPage {
  items: ProductView[];
  total: number;
  facets?: ProductFacets;
}

/** The repository filter of a parsed query: public callers and customers see active products only. */
export function searchFilterOf(tenantId: string, q: ListProductsQuery, staff: boolean): SearchFilter {
  return {
    tenantId,
    isActive: staff ? q.isActive : true,
    status: staff ? q.status : undefined,
    q: q.q,
    category: q.category,
    minPrice: q.minPrice,
    maxPrice: q.maxPrice,
    categoryId: q.categoryId,
    collectionId: q.collectionId,
    handle: q.handle,
    options: q.options,
    inStock: q.inStock,
  };
}

export function facetRequestOf(names: readonly string[]): FacetRequest {
  return {
    category: names.includes('category'),
    collection: names.includes('collection'),
    price: names.includes('price'),
    options: names.filter((n) => n.startsWith(OPTION_PREFIX)).map((n) => n.slice(OPTION_PREFIX.length)),
  };
}

/** Cents (int8 text) → "12.34". */
const money = (cents: string): string => {
  const c = BigInt(cents);
  return `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;
};

/** meta.facets in the contract's shape: only what was asked for, an empty list when nothing counts. */
export function facetsView(r: FacetRow, want: FacetRequest): ProductFacets {
  const out: ProductFacets = {};
  if (want.category) out.category = r.category ?? [];
  if (want.collection) out.collection = r.collection ?? [];
  if (want.price)
    out.price = r.priceMin === null || r.priceMax === null ? null : { min: money(r.priceMin), max: money(r.priceMax) };
  for (const n of want.options) out[`${OPTION_PREFIX}${n}`] = r.options?.[n] ?? [];
  return out;
}

export class ProductSearch {
  private readonly cache;

  constructor(private readonly ctx: AppContext) {
    this.cache = catalogCache(ctx);
  }

  /**
   * The whole response envelope as JSON text, through the cache: a hit is sent as stored
   * (pages of full product views are large; parsing and re-serialising them would cost more
   * than the lookup).
   */
  async listJson(tenant: TenantRef, q: ListProductsQuery, staff: boolean): Promise<string> {
    const filter = searchFilterOf(tenant.id, q, staff);
    // The key is the normalised query (option values and facet names arrive sorted and
    // de-duplicated from the schema) and who asks (staff views differ).
    const norm = [filter, q.sort, q.page, q.limit, q.facets ?? null, staff];
    const key = `l:${sha256Hex(JSON.stringify(norm)).slice(0, 32)}`;
    const json = await this.cache.wrapJson(tenant.id, key, 'list', async () => {
      const page = await this.load(tenant, filter, q, staff);
      const meta = { page: q.page, limit: q.limit, total: page.total, ...(page.facets ? { facets: page.facets } : {}) };
      return { success: true, data: page.items, meta, error: null };
    });
    return json!; // the loader never returns null
  }

  private async load(
    tenant: TenantRef,
    filter: SearchFilter,
    q: ListProductsQuery,
    staff: boolean,
  ): Promise<ProductListPage> {
    const { skip, take } = skipTake(q);
    const want = q.facets ? facetRequestOf(q.facets) : null;
    const db = this.ctx.db;
    if (usesSearchRows(filter)) {
      // One statement finds the matching rows once and returns the page's ids, the total and
      // the facets; then the page's views, on the same connection.
      return withTenantRaw(db, tenant.id, async (tx) => {
        const r = await search(tx, filter, q.sort, skip, take, want);
        const items = await loadProductViews(tx, tenant, r.ids, staff);
        return { items, total: r.total, ...(want ? { facets: facetsView(r, want) } : {}) };
      });
    }
    // The page and the total (with the facets) at once, each on its own pooled connection
    // (under READ COMMITTED each statement has its own snapshot anyway).
    const [items, counted] = await Promise.all([
      withTenantRaw(db, tenant.id, async (tx) =>
        loadProductViews(tx, tenant, await pageIds(tx, filter, q.sort, skip, take), staff),
      ),
      withTenantRaw(db, tenant.id, async (tx) =>
        want ? facetRow(tx, filter, want) : { total: await countProducts(tx, filter) },
      ),
    ]);
    if (!want) return { items, total: counted.total };
    return { items, total: counted.total, facets: facetsView(counted as FacetRow, want) };
  }
}
