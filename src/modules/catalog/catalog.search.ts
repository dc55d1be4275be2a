// GET /products: the filtered, sorted page of full product views, its total and the facets
// asked for, through the per-tenant catalog cache (every catalog write bumps the tenant's
// version, so a list is read-after-write coherent like a product read).
import type { AppContext } from '../../platform/app-context';
import type { TenantRef } from '../../platform/auth/types';
import { catalogCache } from '../../platform/cache';
import { sha256Hex } from '../../platform/crypto';
import { fromScaled, MAX_MINOR_DIGITS, moneyFor } from '../../platform/money';
import { withTenantRaw } from '../../platform/db/prisma';
import { skipTake } from '../../platform/http/validate';
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
import { loadProductViews, productCacheKey } from './catalog.views';

interface ProductIdPage {
  ids: string[];
  total: number;
  facets?: ProductFacets;
}

/**
 * The repository filter of a parsed query: public callers and customers see active products only.
 * Price bounds are amounts like any other: 400 when they have digits the currency lacks.
 */
export function searchFilterOf(tenant: TenantRef, q: ListProductsQuery, staff: boolean): SearchFilter {
  return {
    tenantId: tenant.id,
    isActive: staff ? q.isActive : true,
    status: staff ? q.status : undefined,
    q: q.q,
    category: q.category,
    minPrice: q.minPrice === undefined ? undefined : moneyFor(q.minPrice, tenant.currency, 'minPrice'),
    maxPrice: q.maxPrice === undefined ? undefined : moneyFor(q.maxPrice, tenant.currency, 'maxPrice'),
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

/** meta.facets in the contract's shape: only what was asked for, an empty list when nothing counts. */
export function facetsView(r: FacetRow, want: FacetRequest, currency: string): ProductFacets {
  // The price span is in thousandths (int8 text): "12340" → "12.34" USD.
  const money = (milli: string): string => fromScaled(BigInt(milli), MAX_MINOR_DIGITS, currency);
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
   * than the lookup). A miss runs the page's id, total and facet queries and assembles the
   * page from the per-product view entries that product reads cache too (productViewsJson).
   */
  async listJson(tenant: TenantRef, q: ListProductsQuery, staff: boolean): Promise<string> {
    const filter = searchFilterOf(tenant, q, staff);
    // The key is the normalised query (option values and facet names arrive sorted and
    // de-duplicated from the schema) and who asks (staff views differ).
    const norm = [filter, q.sort, q.page, q.limit, q.facets ?? null, staff];
    const key = `l:${sha256Hex(JSON.stringify(norm)).slice(0, 32)}`;
    return this.cache.wrapText(tenant.id, key, 'list', async () => {
      const page = await this.load(filter, q, tenant.currency);
      const items = await this.productViewsJson(tenant, page.ids, staff);
      const meta = { page: q.page, limit: q.limit, total: page.total, ...(page.facets ? { facets: page.facets } : {}) };
      return `{"success":true,"data":[${items.join(',')}],"meta":${JSON.stringify(meta)},"error":null}`;
    });
  }

  /**
   * The views of `ids` as JSON texts, in order: ONE Redis round trip for all of them (the
   * entries GET /products/:id caches, under the same tenant version, so a catalog write makes
   * them unreachable like every other entry); the missing ones from PostgreSQL in one go.
   */
  private async productViewsJson(tenant: TenantRef, ids: readonly string[], staff: boolean): Promise<string[]> {
    const texts = await this.cache.manyJson(
      tenant.id,
      ids.map((id) => productCacheKey(id, staff)),
      'fragment',
      (missing) =>
        withTenantRaw(this.ctx.db, tenant.id, async (tx) => {
          const want = missing.map((i) => ids[i]!);
          const byId = new Map((await loadProductViews(tx, tenant, want, staff)).map((v) => [v.id, v]));
          return want.map((id) => byId.get(id) ?? null);
        }),
    );
    return texts.filter((t): t is string => t !== null);
  }

  /** The page's product ids, the total and the facets asked for. */
  private async load(filter: SearchFilter, q: ListProductsQuery, currency: string): Promise<ProductIdPage> {
    const { skip, take } = skipTake(q);
    const want = q.facets ? facetRequestOf(q.facets) : null;
    const db = this.ctx.db;
    const tenantId = filter.tenantId;
    if (usesSearchRows(filter)) {
      // One statement finds the matching rows once and returns the page's ids, the total and
      // the facets.
      const r = await withTenantRaw(db, tenantId, (tx) => search(tx, filter, q.sort, skip, take, want));
      return { ids: r.ids, total: r.total, ...(want ? { facets: facetsView(r, want, currency) } : {}) };
    }
    // The page and the total (with the facets) at once, each on its own pooled connection
    // (under READ COMMITTED each statement has its own snapshot anyway).
    const [ids, counted] = await Promise.all([
      withTenantRaw(db, tenantId, (tx) => pageIds(tx, filter, q.sort, skip, take)),
      withTenantRaw(db, tenantId, async (tx) =>
        want ? facetRow(tx, filter, want) : { total: await countProducts(tx, filter) },
      ),
    ]);
    if (!want) return { ids, total: counted.total };
    return { ids, total: counted.total, facets: facetsView(counted as FacetRow, want, currency) };
  }
}
