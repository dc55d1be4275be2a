// What pricing reads about promotions, as SQL fragments embedded in the callers' single
// statements (the cart snapshot, the order's inputs), the per-process copy of each tenant's
// automatic promotions, and the person's use counts re-read after the person's lock. RLS keeps
// every fragment to the tenant.
import { Prisma } from '../../generated/prisma/client';
import type { SqlTx } from '../../platform/db/prisma';
import type { ProductTags, PromotionCandidate } from './promotions.evaluate';

/** Who is buying, for perCustomerLimit: a customer id and/or an e-mail (trimmed, lower-cased). */
export interface PersonSql {
  customerId: Prisma.Sql;
  email: Prisma.Sql;
}

/**
 * A person's uses of promotion `p`: their redemption rows, by customer id or by e-mail, as
 * two index lookups ((promotion_id, email) and (promotion_id, customer_id)) united by row id.
 * The e-mail is compared as `(SELECT …)` (an InitPlan parameter): under RLS, PostgreSQL
 * keeps a comparison with non-leakproof functions in it (lower, btrim of the cart's e-mail)
 * out of the index condition, and an `email = … OR customer_id = …` filter is no index
 * condition either; both made every read of a cart scan EVERY redemption of each
 * per-person-limited promotion (~600 rows each, 2 ms a statement, midway through the
 * checkout bench, growing with the promotion's popularity).
 */
const personUsesSql = (person: PersonSql): Prisma.Sql => Prisma.sql`(SELECT count(*)::int FROM (
    SELECT r.id FROM promotion_redemptions r WHERE r.promotion_id = p.id AND r.email = (SELECT ${person.email})
    UNION
    SELECT r.id FROM promotion_redemptions r WHERE r.promotion_id = p.id AND r.customer_id = ${person.customerId}) r)`;

/** A promotion's definition as pricing reads it (PromotionCandidate's json keys, without use counts). */
const DEFINITION = Prisma.sql`'id', p.id, 'code', p.code, 'type', p.type,
      'value', p.value::text, 'productIds', p.product_ids, 'categoryIds', p.category_ids,
      'collectionIds', p.collection_ids, 'minSubtotal', p.min_subtotal::text, 'combinable', p.combinable,
      'priority', p.priority, 'createdAt', p.created_at, 'status', p.status, 'startsAt', p.starts_at,
      'endsAt', p.ends_at, 'usageLimit', p.usage_limit, 'perCustomerLimit', p.per_customer_limit`;

/** Use counts as they stand: the limited promotion's counter, the person's uses where a per-person limit is set. */
const usesSql = (person: PersonSql): Prisma.Sql => Prisma.sql`'timesUsed', p.times_used,
      'personUses', CASE WHEN p.per_customer_limit IS NULL THEN 0 ELSE ${personUsesSql(person)} END`;

/**
 * A tenant's automatic promotion definitions, kept per process and re-read only when the
 * tenant's promotions_version moved (every promotion write bumps it in its transaction), so
 * a cart read with twenty automatic promotions does not rebuild twenty json objects. Use
 * counts are never cached: they are read on every pricing (few rows: limited promotions only).
 */
const cached = new Map<string, { version: number; automatic: PromotionCandidate[] }>();
const MAX_CACHED_TENANTS = 10_000;

/** The three columns promotionsRead's sql adds to the caller's row. */
export interface PromotionColumns {
  promo_auto: { version: number; promos: CandidateJson[] | null } | null;
  promo_usage: { id: string; timesUsed: number; personUses: number }[] | null;
  promo_codes: CandidateJson[] | null;
}

export interface PromotionsRead {
  /** Three select-list columns (promo_auto, promo_usage, promo_codes) for the caller's statement. */
  sql: Prisma.Sql;
  /** The candidates pricing may apply: the tenant's active automatic ones and those of `codes`. */
  parse(row: PromotionColumns): PromotionCandidate[];
}

/**
 * What pricing reads about promotions, embedded in the caller's single statement: the
 * automatic definitions (null when this process's copy is current), the use counts of the
 * limited automatic ones, and every promotion whose code is in `codes` (a text[] expression)
 * whatever its state, so a code that stops applying can say why. `tenantSql` is the tenant id
 * as the statement knows it (a parameter or a column).
 */
export function promotionsRead(
  tenantId: string,
  tenantSql: Prisma.Sql,
  codes: Prisma.Sql,
  person: PersonSql,
): PromotionsRead {
  const known = cached.get(tenantId);
  const sql = Prisma.sql`(SELECT json_build_object('version', t2.promotions_version, 'promos',
        CASE WHEN t2.promotions_version = ${known?.version ?? -1}::int THEN NULL
        ELSE COALESCE((SELECT json_agg(json_build_object(${DEFINITION}, 'timesUsed', 0, 'personUses', 0))
          FROM promotions p WHERE p.tenant_id = t2.id AND p.code IS NULL AND p.status = 'active'), '[]'::json) END)
      FROM tenants t2 WHERE t2.id = ${tenantSql}) AS promo_auto,
    (SELECT json_agg(json_build_object('id', p.id, ${usesSql(person)})) FROM promotions p
      WHERE p.tenant_id = ${tenantSql} AND p.code IS NULL AND p.status = 'active'
        AND (p.usage_limit IS NOT NULL OR p.per_customer_limit IS NOT NULL)) AS promo_usage,
    (SELECT json_agg(json_build_object(${DEFINITION}, ${usesSql(person)})) FROM promotions p
      WHERE p.tenant_id = ${tenantSql} AND p.code IS NOT NULL
        AND lower(p.code) IN (SELECT lower(btrim(x)) FROM unnest(${codes}) AS x)) AS promo_codes`;
  const parse = (row: PromotionColumns): PromotionCandidate[] => {
    const auto = row.promo_auto;
    let automatic: PromotionCandidate[] = [];
    if (auto && auto.promos === null && known?.version === auto.version) automatic = known.automatic;
    else if (auto) {
      automatic = parseCandidates(auto.promos ?? []);
      if (cached.size >= MAX_CACHED_TENANTS) cached.clear();
      cached.set(tenantId, { version: auto.version, automatic });
    }
    const uses = new Map((row.promo_usage ?? []).map((u) => [u.id, u]));
    const counted = automatic.map((c) => {
      const u = uses.get(c.id);
      return u ? { ...c, timesUsed: u.timesUsed, personUses: u.personUses } : c;
    });
    return [...counted, ...parseCandidates(row.promo_codes ?? [])];
  };
  return { sql, parse };
}

/**
 * json array of `{productId, categoryIds, collectionIds}` for the products `productIds` (a
 * uuid[] expression): categories WITH their ancestors (a promotion on a category covers its
 * descendants), and collections.
 */
export const productTagsSql = (productIds: Prisma.Sql): Prisma.Sql =>
  Prisma.sql`COALESCE((SELECT json_agg(json_build_object('productId', q.id,
      'categoryIds', ARRAY(WITH RECURSIVE up AS (
          SELECT pc.category_id AS id FROM product_categories pc WHERE pc.product_id = q.id
          UNION SELECT c.parent_id FROM categories c JOIN up ON c.id = up.id WHERE c.parent_id IS NOT NULL)
        SELECT id FROM up),
      'collectionIds', ARRAY(SELECT k.collection_id FROM product_collections k WHERE k.product_id = q.id)))
    FROM (SELECT DISTINCT unnest(${productIds}) AS id) q), '[]'::json)`;

/**
 * productTagsSql of `productIds`, read only when an active promotion of the tenant targets
 * categories or collections (the common order then skips the category walk).
 */
export const lineTagsSql = (tenantId: Prisma.Sql, productIds: Prisma.Sql): Prisma.Sql => Prisma.sql`
    CASE WHEN EXISTS (SELECT 1 FROM promotions p WHERE p.tenant_id = ${tenantId} AND p.status = 'active'
                        AND (cardinality(p.category_ids) > 0 OR cardinality(p.collection_ids) > 0))
      THEN ${productTagsSql(productIds)} ELSE '[]'::json END`;

/** A candidate as the json carries it: appliesTo's three lists flat. */
type CandidateJson = Omit<PromotionCandidate, 'appliesTo'> & PromotionCandidate['appliesTo'];

export function parseCandidates(json: unknown): PromotionCandidate[] {
  return ((json ?? []) as CandidateJson[]).map(({ productIds, categoryIds, collectionIds, ...rest }) => ({
    ...rest,
    appliesTo: { productIds, categoryIds, collectionIds },
  }));
}

export function parseProductTags(json: unknown): ProductTags {
  const rows = (json ?? []) as { productId: string; categoryIds: string[]; collectionIds: string[] }[];
  return new Map(rows.map((r) => [r.productId, { categoryIds: r.categoryIds, collectionIds: r.collectionIds }]));
}

/**
 * The person's current uses of `promotionIds`, read after the person's lock (so concurrent
 * orders of one person can't both pass perCustomerLimit). customerId null: a guest.
 */
export async function currentPersonUses(
  tx: SqlTx,
  promotionIds: string[],
  person: { customerId: string | null; email: string | null },
): Promise<Map<string, number>> {
  if (promotionIds.length === 0) return new Map();
  const rows = await tx.$queryRaw<{ id: string; n: number }[]>`
    SELECT p.id, ${personUsesSql({
      customerId: Prisma.sql`${person.customerId}::uuid`,
      email: Prisma.sql`${person.email}::text`,
    })} AS n
    FROM promotions p WHERE p.id = ANY(${promotionIds}::uuid[])`;
  return new Map(rows.map((r) => [r.id, r.n]));
}
