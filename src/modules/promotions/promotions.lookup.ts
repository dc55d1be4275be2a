// What pricing reads about promotions, as SQL fragments embedded in the callers' single
// statements (the cart snapshot, the order's inputs) plus the person's use counts re-read
// after the person's lock. RLS keeps every fragment to the tenant.
import { Prisma } from '../../generated/prisma/client';
import type { SqlTx } from '../../platform/db/prisma';
import type { ProductTags, PromotionCandidate } from './promotions.evaluate';

/** Who is buying, for perCustomerLimit: a customer id and/or an e-mail (trimmed, lower-cased). */
export interface PersonSql {
  customerId: Prisma.Sql;
  email: Prisma.Sql;
}

/** A person's uses of promotion `p`: their redemption rows, by customer id or by e-mail. */
const personUsesSql = (person: PersonSql): Prisma.Sql => Prisma.sql`(SELECT count(*)::int FROM promotion_redemptions r
  WHERE r.promotion_id = p.id AND (r.email = ${person.email} OR r.customer_id = ${person.customerId}))`;

/**
 * json array of the promotions pricing may apply: the tenant's active automatic ones inside
 * their dates, and every promotion whose code is in `codes` (a text[] expression) whatever
 * its state, so a code that stops applying can say why. timesUsed is the counter of a
 * limited promotion (unlimited ones keep none); personUses only where perCustomerLimit is set.
 */
export const candidatePromotionsSql = (tenantId: Prisma.Sql, codes: Prisma.Sql, person: PersonSql): Prisma.Sql =>
  Prisma.sql`COALESCE((SELECT json_agg(json_build_object('id', p.id, 'code', p.code, 'type', p.type,
      'value', p.value::text, 'productIds', p.product_ids, 'categoryIds', p.category_ids,
      'collectionIds', p.collection_ids, 'minSubtotal', p.min_subtotal::text, 'combinable', p.combinable,
      'priority', p.priority, 'createdAt', p.created_at, 'status', p.status, 'startsAt', p.starts_at,
      'endsAt', p.ends_at, 'usageLimit', p.usage_limit, 'timesUsed', p.times_used,
      'perCustomerLimit', p.per_customer_limit,
      'personUses', CASE WHEN p.per_customer_limit IS NULL THEN 0 ELSE ${personUsesSql(person)} END))
    FROM promotions p
    WHERE p.tenant_id = ${tenantId}
      AND ((p.code IS NULL AND p.status = 'active' AND (p.starts_at IS NULL OR p.starts_at <= now())
            AND (p.ends_at IS NULL OR p.ends_at > now()))
        OR lower(p.code) IN (SELECT lower(btrim(x)) FROM unnest(${codes}) AS x))), '[]'::json)`;

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
