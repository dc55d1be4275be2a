// What creating an order reads before it writes, in ONE statement: the Idempotency-Key
// claim, the customer, the variants the lines name (with product and stock), the tenant's
// pricesIncludeTax, the address country's tax rates and the named shipping rate.
import { Prisma } from '../../generated/prisma/client';
import type { SqlTx } from '../../platform/db/prisma';
import {
  promotionsRead,
  type PromotionColumns,
  type PromotionsRead,
  parseProductTags,
  lineTagsSql,
  type ProductTags,
  type PromotionCandidate,
} from '../promotions';
import { toRateView, type RateJson, type ShippingRateView } from '../shipping';
import { parseTaxRates, taxRatesSql, type TaxRateRow } from '../tax-rates';
import type { UserRow } from '../users';
import { claimSql, type IdempotencyRef } from './orders.idempotency.repository';

/**
 * The (by_product, id) rows of the variants an order or a cart write names: the named
 * variants, and for each productId-only line its product's first two active variants (two
 * tell a multi-variant product). Embedded in the callers' single statements.
 */
export const requestedVariantsSql = (variantIds: string[], productIds: string[]): Prisma.Sql => Prisma.sql`
      SELECT false AS by_product, n.id FROM product_variants n WHERE n.id = ANY(${variantIds}::uuid[])
      UNION ALL
      SELECT true, f.id FROM unnest(${productIds}::uuid[]) AS q(product_id)
      CROSS JOIN LATERAL (SELECT a.id FROM product_variants a WHERE a.product_id = q.product_id AND a.status = 'active'
                          ORDER BY a.position, a.id LIMIT 2) f`;

/** A variant as an order reads it (price as the column's text, "129.99"), with its product and stock. */
export interface VariantForOrder {
  id: string;
  productId: string;
  sku: string;
  title: string;
  optionValues: Record<string, string>;
  price: string;
  /** active | archived */
  status: string;
  productName: string;
  productActive: boolean;
  /** null: no inventory row. */
  available: number | null;
  /** Read for a productId-only line: the product's first two active variants. */
  byProduct: boolean;
}

export type CustomerForOrder = Pick<UserRow, 'id' | 'email' | 'name'>;

/** A shipping rate named by the order, and whether its zone covers the address's country. */
export type RateForOrder = ShippingRateView & { coversCountry: boolean };

export interface OrderInputs {
  /** false: the Idempotency-Key already exists (read it with readIdempotencyKey). */
  claimed: boolean;
  customer: CustomerForOrder | null;
  variants: VariantForOrder[];
  pricesIncludeTax: boolean;
  /** The tenant's tax rates for the address's country (taxRateFor picks the state's or the country's). */
  taxRates: TaxRateRow[];
  /** The named shipping rate (null: none named, or unknown). */
  rate: RateForOrder | null;
  /** Active automatic promotions and those of the order's discountCodes (with the customer's uses). */
  promotions: PromotionCandidate[];
  /** Categories (with ancestors) and collections of the lines' products, when a promotion targets any. */
  tags: ProductTags;
}

/** What the order's pricing reads besides its lines: the address's country and the named rate. */
export interface PricingLookup {
  tenantId: string;
  country: string;
  rateId: string | null;
  /** The order's discountCodes, as given. */
  codes: string[];
  /** The ordering customer (perCustomerLimit), and the lines' variant and product ids (promotion targets). */
  customerId: string;
  variantIds: string[];
  productIds: string[];
}

/**
 * ONE statement: claims the Idempotency-Key when given (see claimIdempotencyKey) and reads
 * the customer (role CUSTOMER), the named variants, and for each productId-only line its
 * product's first two active variants (two tell a multi-variant product), each with its
 * product and stock. The reads are a snapshot for early refusals; the guarded UPDATE in
 * placeOrder is the authority.
 */
export async function claimAndLoadOrderInputs(
  tx: SqlTx,
  claim: (IdempotencyRef & { requestHash: string; ttlSeconds: number }) | null,
  customerId: string,
  variantIds: string[],
  productIds: string[],
  lookup: PricingLookup,
): Promise<OrderInputs> {
  const promos = promotionsRead(
    lookup.tenantId,
    Prisma.sql`${lookup.tenantId}::uuid`,
    Prisma.sql`${lookup.codes}::text[]`,
    {
      customerId: Prisma.sql`${lookup.customerId}::uuid`,
      email: Prisma.sql`(SELECT lower(btrim(u.email)) FROM users u WHERE u.id = ${lookup.customerId}::uuid)`,
    },
  );
  const rows = await tx.$queryRaw<
    ({
      claimed: number;
      c_id: string | null;
      c_email: string | null;
      c_name: string | null;
      by_product: boolean | null;
      id: string | null;
      product_id: string;
      sku: string;
      title: string;
      option_values: Record<string, string>;
      price: string;
      status: string;
      name: string;
      is_active: boolean;
      available: number | null;
      pit: boolean;
      tax: unknown;
      rate: (RateJson & { coversCountry: boolean }) | null;
      tags: unknown;
    } & PromotionColumns)[]
  >`${claim ? Prisma.sql`WITH claim AS (${claimSql(claim)})` : Prisma.empty}
    SELECT ${claim ? Prisma.sql`(SELECT count(*) FROM claim)::int` : Prisma.sql`1`} AS claimed,
      c.id AS c_id, c.email AS c_email, c.name AS c_name, x.by_product,
      v.id, v.product_id, v.sku, v.title, v.option_values, v.price::text AS price, v.status,
      p.name, p.is_active, i.available, pr.pit, pr.tax, pr.rate, pr.promo_auto, pr.promo_usage, pr.promo_codes, pr.tags
    FROM (SELECT 1) AS one
    CROSS JOIN (${pricingInputsSql(lookup, promos)}) AS pr
    LEFT JOIN users c ON c.id = ${customerId}::uuid AND c.role = 'CUSTOMER'
    LEFT JOIN (${requestedVariantsSql(variantIds, productIds)}) x ON true
    LEFT JOIN product_variants v ON v.id = x.id
    LEFT JOIN products p ON p.id = v.product_id
    LEFT JOIN inventory i ON i.variant_id = v.id`;
  const first = rows[0]!;
  return {
    claimed: first.claimed > 0,
    pricesIncludeTax: first.pit,
    taxRates: parseTaxRates(first.tax),
    rate: first.rate ? rateForOrder(first.rate) : null,
    promotions: promos.parse(first),
    tags: parseProductTags(first.tags),
    customer: first.c_id ? { id: first.c_id, email: first.c_email!, name: first.c_name } : null,
    variants: rows
      .filter((r) => r.id !== null)
      .map((r) => ({
        id: r.id!,
        productId: r.product_id,
        sku: r.sku,
        title: r.title,
        optionValues: r.option_values,
        price: r.price,
        status: r.status,
        productName: r.name,
        productActive: r.is_active,
        available: r.available,
        byProduct: r.by_product === true,
      })),
  };
}

/**
 * One row: the tenant's pricesIncludeTax, its tax rates for `country` (json) and the named
 * shipping rate with whether its zone covers `country` (json or null). Amounts as the
 * columns' text; RLS keeps it to the tenant.
 */
export const pricingInputsSql = (l: PricingLookup, promos: PromotionsRead): Prisma.Sql => Prisma.sql`
  SELECT
    (SELECT t.prices_include_tax FROM tenants t WHERE t.id = ${l.tenantId}::uuid) AS pit,
    ${taxRatesSql(Prisma.sql`${l.country}::text`)} AS tax,
    (SELECT json_build_object('id', r.id, 'name', r.name, 'amount', r.amount::text,
       'minSubtotal', r.min_subtotal::text, 'maxSubtotal', r.max_subtotal::text, 'freeAbove', r.free_above::text,
       'coversCountry', EXISTS (SELECT 1 FROM shipping_zone_countries c
                                WHERE c.zone_id = r.zone_id AND c.country = ${l.country}::text))
     FROM shipping_rates r WHERE r.id = ${l.rateId}::uuid) AS rate,
    ${promos.sql},
    ${lineTagsSql(
      Prisma.sql`${l.tenantId}::uuid`,
      Prisma.sql`(SELECT array_agg(v.product_id) FROM product_variants v WHERE v.id = ANY(${l.variantIds}::uuid[]))
        || ${l.productIds}::uuid[]`,
    )} AS tags`;

/** The json row of pricingInputsSql's rate → RateForOrder (absent bounds are undefined). */
const rateForOrder = (r: RateJson & { coversCountry: boolean }): RateForOrder => ({
  ...toRateView(r),
  coversCountry: r.coversCountry === true,
});
