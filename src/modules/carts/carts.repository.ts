// Cart writes, raw SQL only (storefront hot paths, ADR 0002). A mutation is the snapshot read
// (carts.snapshot.repository.ts) plus one guarded write: the cart's row is updated first,
// `WHERE status = 'open'`, so a write that raced a completion changes nothing. Every function
// takes the tenant transaction: RLS keeps it to the tenant.
import { Prisma } from '../../generated/prisma/client';
import type { Address } from '../../platform/address';
import type { Db, SqlTx } from '../../platform/db/prisma';
import type { CartRow } from './carts.snapshot.repository';

export interface NewCart {
  id: string;
  tenantId: string;
  customerId: string | null;
  email: string | null;
  currency: string;
  ttlDays: number;
  /** Distinct variants, in the order given. */
  items: { variantId: string; quantity: number }[];
}

/** Inserts the cart and its lines (ONE statement); returns the rows as written. */
export async function insertCart(tx: SqlTx, c: NewCart): Promise<{ row: CartRow; itemIds: string[] }> {
  const variantIds = c.items.map((i) => i.variantId);
  const quantities = c.items.map((i) => i.quantity);
  const rows = await tx.$queryRaw<{ created_at: Date; expires_at: Date; item_ids: string[] | null }[]>`WITH cart AS (
      INSERT INTO carts (id, tenant_id, customer_id, email, currency, expires_at)
      VALUES (${c.id}::uuid, ${c.tenantId}::uuid, ${c.customerId}::uuid, ${c.email}::text, ${c.currency}::text,
              now() + make_interval(days => ${c.ttlDays}::int))
      RETURNING id, created_at, expires_at),
    items AS (
      -- One millisecond apart, so "in the order they were added" is the order given.
      INSERT INTO cart_items (id, tenant_id, cart_id, variant_id, quantity, created_at)
      SELECT gen_random_uuid(), ${c.tenantId}::uuid, cart.id, q.variant_id, q.quantity,
             now() + make_interval(secs => (q.n - 1) / 1000.0)
      FROM cart, unnest(${variantIds}::uuid[], ${quantities}::int[]) WITH ORDINALITY AS q(variant_id, quantity, n)
      RETURNING id, created_at)
    SELECT cart.created_at, cart.expires_at,
      (SELECT array_agg(items.id ORDER BY items.created_at) FROM items) AS item_ids
    FROM cart`;
  const r = rows[0]!;
  const at = r.created_at.toISOString();
  return {
    row: {
      id: c.id,
      tenantId: c.tenantId,
      customerId: c.customerId,
      email: c.email,
      currency: c.currency,
      shippingAddress: null,
      billingAddress: null,
      shippingRateId: null,
      discountCodes: [],
      status: 'open',
      orderId: null,
      expiresAt: r.expires_at.toISOString(),
      createdAt: at,
      updatedAt: at,
    },
    itemIds: r.item_ids ?? [],
  };
}

/** What a cart write changes; an absent field is left as it is. */
export interface CartChanges {
  email?: string | null;
  shippingAddress?: Address | null;
  billingAddress?: Address | null;
  shippingRateId?: string | null;
  discountCodes?: string[];
}

/** A line write riding on the cart's write. */
export type ItemWrite =
  | { kind: 'add'; tenantId: string; variantId: string; quantity: number }
  | { kind: 'set'; itemId: string; quantity: number }
  | { kind: 'remove'; itemId: string };

export interface WrittenCart {
  updatedAt: string;
  expiresAt: string;
  /** The written line (its quantity after the write; 0 when removed); null without a line write. */
  item: { id: string; quantity: number } | null;
}

const has = (v: unknown): boolean => v !== undefined;
const jsonOrNull = (a: Address | null | undefined): string | null => (a ? JSON.stringify(a) : null);

function itemSql(cartId: string, item: ItemWrite | undefined): Prisma.Sql {
  if (!item) return Prisma.sql`SELECT NULL::uuid AS id, NULL::int AS quantity WHERE false`;
  switch (item.kind) {
    case 'add':
      // The same variant again adds to its line (the cart's row lock, taken by `c` first,
      // serialises two adds of one cart).
      return Prisma.sql`INSERT INTO cart_items (id, tenant_id, cart_id, variant_id, quantity, created_at)
        SELECT gen_random_uuid(), ${item.tenantId}::uuid, c.id, ${item.variantId}::uuid, ${item.quantity}::int, now() FROM c
        ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = cart_items.quantity + EXCLUDED.quantity
        RETURNING id, quantity`;
    case 'set':
      return Prisma.sql`UPDATE cart_items SET quantity = ${item.quantity}::int
        WHERE id = ${item.itemId}::uuid AND cart_id = ${cartId}::uuid AND EXISTS (SELECT 1 FROM c)
        RETURNING id, quantity`;
    case 'remove':
      return Prisma.sql`DELETE FROM cart_items
        WHERE id = ${item.itemId}::uuid AND cart_id = ${cartId}::uuid AND EXISTS (SELECT 1 FROM c)
        RETURNING id, 0 AS quantity`;
  }
}

/**
 * ONE statement: applies `changes` and an optional line write to an OPEN cart and moves
 * its expiry to now + ttlDays. null: the cart is no longer open (or gone): nothing changed.
 */
export async function writeCart(
  tx: SqlTx,
  cartId: string,
  ttlDays: number,
  changes: CartChanges,
  item?: ItemWrite,
): Promise<WrittenCart | null> {
  const rows = await tx.$queryRaw<
    { updated_at: Date; expires_at: Date; item_id: string | null; quantity: number | null }[]
  >`
    WITH c AS (
      UPDATE carts SET
        email = CASE WHEN ${has(changes.email)}::boolean THEN ${changes.email ?? null}::text ELSE email END,
        shipping_address = CASE WHEN ${has(changes.shippingAddress)}::boolean
          THEN ${jsonOrNull(changes.shippingAddress)}::jsonb ELSE shipping_address END,
        billing_address = CASE WHEN ${has(changes.billingAddress)}::boolean
          THEN ${jsonOrNull(changes.billingAddress)}::jsonb ELSE billing_address END,
        shipping_rate_id = CASE WHEN ${has(changes.shippingRateId)}::boolean
          THEN ${changes.shippingRateId ?? null}::uuid ELSE shipping_rate_id END,
        discount_codes = CASE WHEN ${has(changes.discountCodes)}::boolean
          THEN ${changes.discountCodes ?? []}::text[] ELSE discount_codes END,
        updated_at = now(), expires_at = now() + make_interval(days => ${ttlDays}::int)
      WHERE id = ${cartId}::uuid AND status = 'open'
      RETURNING id, updated_at, expires_at),
    it AS (${itemSql(cartId, item)})
    SELECT c.updated_at, c.expires_at, it.id AS item_id, it.quantity FROM c LEFT JOIN it ON true`;
  const r = rows[0];
  if (!r) return null;
  return {
    updatedAt: r.updated_at.toISOString(),
    expiresAt: r.expires_at.toISOString(),
    item: r.item_id ? { id: r.item_id, quantity: r.quantity ?? 0 } : null,
  };
}

/**
 * Retention: deletes up to `limit` open carts of any tenant whose expiry has passed (their
 * lines cascade) through the definer function app_delete_expired_carts; returns how many.
 */
export async function deleteExpiredCarts(db: Db, limit: number): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`SELECT app_delete_expired_carts(${limit}::int) AS n`;
  return rows[0]?.n ?? 0;
}

/** A customer's e-mail and name (completion of a customer's cart without its own e-mail). */
export async function customerContact(
  tx: SqlTx,
  customerId: string,
): Promise<{ email: string; name: string | null } | null> {
  const rows = await tx.$queryRaw<{ email: string; name: string | null }[]>`
    SELECT email, name FROM users WHERE id = ${customerId}::uuid`;
  return rows[0] ?? null;
}
