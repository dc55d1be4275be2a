// Cart reads, raw SQL only (storefront hot paths, ADR 0002). A cart is always priced against
// live data, so ONE statement reads everything pricing needs: the cart, its lines with their
// variants, products and stock, the tenant's pricesIncludeTax, the tax rates of the shipping
// address's country, the rates of the zone covering it, the promotions that may apply (with
// the holder's uses) and the lines' categories and collections. Every function takes the
// tenant transaction: RLS keeps it to the tenant.
import { Prisma } from '../../generated/prisma/client';
import type { Address } from '../../platform/address';
import type { SqlTx } from '../../platform/db/prisma';
import { requestedVariantsSql, type VariantForOrder } from '../orders';
import {
  lineTagsSql,
  promotionsRead,
  parseProductTags,
  type ProductTags,
  type PromotionCandidate,
  type PromotionColumns,
  type PromotionsRead,
} from '../promotions';
import { parseZoneRates, zoneRatesSql, type ShippingRateView } from '../shipping';
import { parseTaxRates, taxRatesSql, type TaxRateRow } from '../tax-rates';
import type { CartStatus } from './carts.schemas';

export interface CartRow {
  id: string;
  tenantId: string;
  customerId: string | null;
  email: string | null;
  currency: string;
  shippingAddress: Address | null;
  billingAddress: Address | null;
  shippingRateId: string | null;
  discountCodes: string[];
  status: CartStatus;
  orderId: string | null;
  /** ISO timestamps. */
  expiresAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface CartLine {
  id: string;
  quantity: number;
  variant: VariantForOrder;
}

export interface CartSnapshot {
  cart: CartRow;
  /** In the order they were added. */
  lines: CartLine[];
  pricesIncludeTax: boolean;
  /** The tenant's rates for the shipping address's country (empty without an address). */
  taxRates: TaxRateRow[];
  /** The rates of the zone covering the address's country; null: no zone covers it (or no address). */
  zoneRates: ShippingRateView[] | null;
  /** Active automatic promotions and those of the cart's codes, with the holder's uses. */
  promotions: PromotionCandidate[];
  /** Categories (with ancestors) and collections of the lines' products (when a promotion targets any). */
  tags: ProductTags;
}

/** Variants looked up by a write (items to add), as orders read them. */
export interface VariantLookup {
  variantIds: string[];
  productIds: string[];
}

interface SnapshotRow extends PromotionColumns {
  id: string;
  tenant_id: string;
  customer_id: string | null;
  email: string | null;
  currency: string;
  shipping_address: Address | null;
  billing_address: Address | null;
  shipping_rate_id: string | null;
  discount_codes: string[];
  status: CartStatus;
  order_id: string | null;
  expires_at: Date;
  created_at: Date;
  updated_at: Date;
  prices_include_tax: boolean;
  lines: LineJson[];
  tax_rates: unknown;
  zone_rates: unknown;
  tags: unknown;
  requested?: VariantJson[];
}

/** A variant as the snapshot's json carries it (byProduct only on looked-up variants). */
type VariantJson = Omit<VariantForOrder, 'byProduct'> & { byProduct?: boolean };
interface LineJson extends VariantJson {
  itemId: string;
  quantity: number;
}

/** The JSON object of a variant `v` with product `p` and stock `i` (VariantJson's keys). */
const VARIANT_JSON = Prisma.sql`'id', v.id, 'productId', v.product_id, 'sku', v.sku, 'title', v.title,
  'optionValues', v.option_values, 'price', v.price::text, 'status', v.status, 'productName', p.name,
  'productActive', p.is_active, 'available', i.available`;

const variantOf = (j: VariantJson): VariantForOrder => ({
  id: j.id,
  productId: j.productId,
  sku: j.sku,
  title: j.title,
  optionValues: j.optionValues,
  price: j.price,
  status: j.status,
  productName: j.productName,
  productActive: j.productActive,
  available: j.available,
  byProduct: j.byProduct === true,
});

function toSnapshot(r: SnapshotRow, promos: PromotionsRead): CartSnapshot {
  return {
    cart: {
      id: r.id,
      tenantId: r.tenant_id,
      customerId: r.customer_id,
      email: r.email,
      currency: r.currency,
      shippingAddress: r.shipping_address,
      billingAddress: r.billing_address,
      shippingRateId: r.shipping_rate_id,
      discountCodes: r.discount_codes,
      status: r.status,
      orderId: r.order_id,
      expiresAt: r.expires_at.toISOString(),
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    },
    lines: r.lines.map((l) => ({ id: l.itemId, quantity: l.quantity, variant: variantOf(l) })),
    pricesIncludeTax: r.prices_include_tax,
    taxRates: parseTaxRates(r.tax_rates),
    zoneRates: parseZoneRates(r.zone_rates),
    promotions: promos.parse(r),
    tags: parseProductTags(r.tags),
  };
}

/**
 * The person perCustomerLimit counts for cart `c`: its customer (by id and account e-mail),
 * else its guest e-mail.
 */
const CART_PERSON = {
  customerId: Prisma.sql`c.customer_id`,
  email: Prisma.sql`COALESCE((SELECT lower(btrim(u.email)) FROM users u WHERE u.id = c.customer_id), lower(btrim(c.email)))`,
};

/** The products of a lookup's variants and product ids (uuid[]), so added lines' tags are read too. */
const lookupProductsSql = (lookup: VariantLookup | undefined): Prisma.Sql =>
  lookup
    ? Prisma.sql`(SELECT array_agg(n.product_id) FROM product_variants n WHERE n.id = ANY(${lookup.variantIds}::uuid[]))
        || ${lookup.productIds}::uuid[]`
    : Prisma.sql`'{}'::uuid[]`;

/**
 * The snapshot SELECT of the carts `where` selects. `country` is the address country to
 * read taxes and zones for (default: the stored shipping address's); `lookup` adds the
 * `requested` column: the named variants and, per product, its first two active variants
 * (two tell a multi-variant product), as order creation reads them.
 */
function snapshotSql(
  tenantId: string,
  where: Prisma.Sql,
  opts: { country?: string | null; lookup?: VariantLookup; code?: string },
): { sql: Prisma.Sql; promos: PromotionsRead } {
  const codes =
    opts.code === undefined ? Prisma.sql`c.discount_codes` : Prisma.sql`c.discount_codes || ${[opts.code]}::text[]`;
  const country =
    opts.country === undefined ? Prisma.sql`(c.shipping_address->>'country')` : Prisma.sql`${opts.country}::text`;
  const requested = opts.lookup
    ? Prisma.sql`, COALESCE((SELECT json_agg(json_build_object(${VARIANT_JSON}, 'byProduct', x.by_product))
        FROM (${requestedVariantsSql(opts.lookup.variantIds, opts.lookup.productIds)}) x
        JOIN product_variants v ON v.id = x.id JOIN products p ON p.id = v.product_id
        LEFT JOIN inventory i ON i.variant_id = v.id), '[]'::json) AS requested`
    : Prisma.empty;
  const promos = promotionsRead(tenantId, Prisma.sql`c.tenant_id`, codes, CART_PERSON);
  const sql = Prisma.sql`SELECT c.id, c.tenant_id, c.customer_id, c.email, c.currency, c.shipping_address,
      c.billing_address, c.shipping_rate_id, c.discount_codes, c.status, c.order_id, c.expires_at,
      c.created_at, c.updated_at,
      (SELECT t.prices_include_tax FROM tenants t WHERE t.id = c.tenant_id) AS prices_include_tax,
      COALESCE((SELECT json_agg(json_build_object('itemId', ci.id, 'quantity', ci.quantity, ${VARIANT_JSON})
                ORDER BY ci.created_at, ci.id)
         FROM cart_items ci JOIN product_variants v ON v.id = ci.variant_id JOIN products p ON p.id = v.product_id
         LEFT JOIN inventory i ON i.variant_id = v.id
         WHERE ci.cart_id = c.id), '[]'::json) AS lines,
      ${taxRatesSql(country)} AS tax_rates,
      ${zoneRatesSql(country)} AS zone_rates,
      ${promos.sql},
      ${lineTagsSql(
        Prisma.sql`c.tenant_id`,
        Prisma.sql`ARRAY(SELECT v.product_id FROM cart_items ci JOIN product_variants v ON v.id = ci.variant_id
                         WHERE ci.cart_id = c.id) || ${lookupProductsSql(opts.lookup)}`,
      )} AS tags
      ${requested}
    FROM carts c WHERE ${where}`;
  return { sql, promos };
}

/**
 * The cart with everything pricing needs, in ONE statement (null: no such cart in the
 * tenant). `forUpdate` first locks the cart's row (its own statement, so the snapshot is
 * read after the lock is granted and sees what a concurrent holder committed): completion
 * serialises on it.
 */
export async function loadCartSnapshot(
  tx: SqlTx,
  tenantId: string,
  cartId: string,
  opts: { forUpdate: boolean },
): Promise<CartSnapshot | null> {
  if (opts.forUpdate) await tx.$queryRaw`SELECT id FROM carts WHERE id = ${cartId}::uuid FOR UPDATE`;
  const { sql, promos } = snapshotSql(tenantId, Prisma.sql`c.id = ${cartId}::uuid`, {});
  const rows = await tx.$queryRaw<SnapshotRow[]>(sql);
  return rows[0] ? toSnapshot(rows[0], promos) : null;
}

/**
 * loadCartSnapshot for a write: taxes and zones of `country` when the write changes the
 * shipping address (null: it removes it), and the variants of `lookup` (items to add).
 */
export async function loadForWrite(
  tx: SqlTx,
  tenantId: string,
  cartId: string,
  opts: { country?: string | null; lookup?: VariantLookup; code?: string },
): Promise<{ snapshot: CartSnapshot; requested: VariantForOrder[] } | null> {
  const { sql, promos } = snapshotSql(tenantId, Prisma.sql`c.id = ${cartId}::uuid`, opts);
  const rows = await tx.$queryRaw<SnapshotRow[]>(sql);
  const r = rows[0];
  if (!r) return null;
  return { snapshot: toSnapshot(r, promos), requested: (r.requested ?? []).map(variantOf) };
}

/** Staff's list: newest first, optionally by status; each cart as a snapshot (one statement). */
export async function listCartSnapshots(
  tx: SqlTx,
  tenantId: string,
  status: CartStatus | null,
  skip: number,
  take: number,
): Promise<{ snapshots: CartSnapshot[]; total: number }> {
  const filter = Prisma.sql`c.tenant_id = ${tenantId}::uuid AND (${status}::text IS NULL OR c.status = ${status}::text)`;
  const { sql, promos } = snapshotSql(
    tenantId,
    Prisma.sql`${filter} ORDER BY c.created_at DESC, c.id DESC LIMIT ${take}::int OFFSET ${skip}::int`,
    {},
  );
  const rows = await tx.$queryRaw<SnapshotRow[]>(sql);
  const count = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM carts c WHERE ${filter}`;
  return { snapshots: rows.map((r) => toSnapshot(r, promos)), total: count[0]?.n ?? 0 };
}

/**
 * Variants for a new cart's items (no cart yet), with the tenant's pricesIncludeTax, its
 * automatic promotions (with `person`'s uses) and the items' products' tags.
 */
export async function lookupForNewCart(
  tx: SqlTx,
  tenantId: string,
  lookup: VariantLookup,
  person: { customerId: string | null; email: string | null },
): Promise<{
  pricesIncludeTax: boolean;
  requested: VariantForOrder[];
  promotions: PromotionCandidate[];
  tags: ProductTags;
}> {
  const promos = promotionsRead(tenantId, Prisma.sql`t.id`, Prisma.sql`'{}'::text[]`, {
    customerId: Prisma.sql`${person.customerId}::uuid`,
    email: Prisma.sql`COALESCE((SELECT lower(btrim(u.email)) FROM users u WHERE u.id = ${person.customerId}::uuid),
                               lower(btrim(${person.email}::text)))`,
  });
  const rows = await tx.$queryRaw<
    ({ prices_include_tax: boolean; requested: VariantJson[]; tags: unknown } & PromotionColumns)[]
  >`
    SELECT t.prices_include_tax,
      ${promos.sql},
      ${lineTagsSql(Prisma.sql`t.id`, lookupProductsSql(lookup))} AS tags,
      COALESCE((SELECT json_agg(json_build_object(${VARIANT_JSON}, 'byProduct', x.by_product))
        FROM (${requestedVariantsSql(lookup.variantIds, lookup.productIds)}) x
        JOIN product_variants v ON v.id = x.id JOIN products p ON p.id = v.product_id
        LEFT JOIN inventory i ON i.variant_id = v.id), '[]'::json) AS requested
    FROM tenants t WHERE t.id = ${tenantId}::uuid`;
  const r = rows[0];
  return {
    pricesIncludeTax: r?.prices_include_tax ?? false,
    requested: (r?.requested ?? []).map(variantOf),
    promotions: r ? promos.parse(r) : [],
    tags: parseProductTags(r?.tags),
  };
}
