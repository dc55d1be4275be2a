// Orders persistence. Every function takes the tenant transaction (RLS applies); stock is
// reserved and released with conditional UPDATEs, rows locked in variant-id order. Order
// creation is raw parameterized SQL (no Prisma query compilation per request) in few round
// trips: one statement claims the idempotency key and reads the order's inputs
// (orders.inputs.repository.ts), one reserves the stock and writes order, items, outbox
// event, audit row and the stored response.
import type { Db, SqlTx, Tx } from '../../platform/db/prisma';
import { insertCtes } from '../../platform/db/tenant-write';
import { Prisma } from '../../generated/prisma/client';
import { selectFields } from '../../platform/db/select-fields';
import { takeStockCtes, type MovedStock } from '../inventory';
import type { IdempotencyRef } from './orders.idempotency.repository';
import type { PaymentRef } from '../payments';
import {
  orderFieldsSchema,
  orderItemView,
  type OrderFields,
  type OrderItemView,
  type OrderStatus,
} from './orders.schemas';

/** An order to insert: its fields (orders.schemas), the address as JSON text. */
export type NewOrder = Omit<OrderFields, 'shippingAddress'> & {
  id: string;
  tenantId: string;
  /** JSON text of the shipping address. */
  shippingAddressJson: string;
  subtotal: string;
  discountTotal: string;
  shippingTotal: string;
  taxTotal: string;
  /** JSON texts of the shipping line (or null), tax lines, discounts, billing address (or null), metadata. */
  shippingLineJson: string | null;
  taxLinesJson: string;
  discountsJson: string;
  billingAddressJson: string | null;
  metadataJson: string;
  /** The cart this order completes (null: POST /orders). */
  cartId: string | null;
  /**
   * Applied promotions: one redemption row each (amount in the currency; a use is claimed of
   * those that have a usageLimit), and the e-mail perCustomerLimit counts the person by.
   */
  promotions: {
    redemptions: { promotionId: string; amount: string }[];
    personEmail: string | null;
  };
  /** ISO timestamp: created_at = updated_at. */
  createdAt: string;
  /** Distinct variants, sorted by product id then variant id (the order view's order). */
  items: OrderItemView[];
};

export interface PlacedOrder {
  /** The lines whose stock was reserved, with the new level (fewer than the order's: refused for stock). */
  taken: MovedStock[];
  /** false: nothing was written (stock refused, a limited promotion used up, or the pending cap). */
  placed: boolean;
  /** The applied promotions that have a usageLimit (as the write found them), and those whose use it claimed. */
  limitedPromotionIds: string[];
  claimedPromotionIds: string[];
}

/**
 * `limited`: the applied promotions that have a usageLimit NOW (read at the write, so a limit
 * set or removed since pricing counts as it stands), locked in id order (as releases lock
 * them: no deadlock between orders and cancellations); `promo`: a use of each, taken only
 * while `times_used < usage_limit` on the latest row, so K uses left give exactly K orders.
 * Unlimited promotions are never locked. Empty CTEs without promotions.
 */
const claimUsesSql = (ids: string[]): Prisma.Sql =>
  ids.length === 0
    ? Prisma.sql`limited AS (SELECT NULL::uuid AS id WHERE false), promo AS (SELECT NULL::uuid AS id WHERE false)`
    : Prisma.sql`limited AS (
        SELECT id FROM promotions WHERE id = ANY(${ids}::uuid[]) AND usage_limit IS NOT NULL
        ORDER BY id FOR NO KEY UPDATE),
      promo AS (
        UPDATE promotions p SET times_used = p.times_used + 1 FROM limited l
        WHERE p.id = l.id AND p.times_used < p.usage_limit RETURNING p.id)`;

/**
 * ONE statement, inside the order's transaction: reserves the stock of every line with a
 * guarded UPDATE (reserved += n WHERE available >= n; rows locked in variant-id order), then counts the order
 * among the customer's PENDING ones (users.pending_orders + 1, refused at `pendingCap` when
 * one is given: the customer's row lock serialises their concurrent orders and the
 * condition is re-checked on the latest row, so the cap holds under concurrency) and, only
 * if both succeeded, inserts the order, its items, the write's collected outbox events and
 * audit rows (`inserts(when)`: WriteScope.takeInserts) and stores the idempotent response.
 * When `placed` is false nothing else was written and the
 * caller must refuse (and roll back) the order: for stock when fewer lines were taken, else
 * for the cap. Locks: inventory rows, then the customer's row (as cancellation takes them).
 * With a cartId, the cart is marked completed and names the order in the same statement.
 * A guest order (customerId null) is capped by its e-mail: the count of the e-mail's PENDING
 * guest orders, read after lockGuestEmail serialised that e-mail's orders.
 */
export async function placeOrder(
  tx: SqlTx,
  o: NewOrder,
  inserts: (when: Prisma.Sql) => Prisma.Sql[],
  response: { ref: IdempotencyRef; status: number; body: unknown } | null,
  pendingCap: number | null,
): Promise<PlacedOrder> {
  const lines = o.items.map((it) => ({ variantId: it.variantId, quantity: it.quantity }));
  const ok = Prisma.sql`(SELECT ok FROM ok)`;
  const capped = pendingCap === null ? Prisma.empty : Prisma.sql`AND pending_orders < ${pendingCap}::int`;
  const allTaken = Prisma.sql`(SELECT count(*) FROM taken) = ${lines.length}::int`;
  const pend =
    o.customerId !== null
      ? Prisma.sql`UPDATE users SET pending_orders = pending_orders + 1
      WHERE id = ${o.customerId}::uuid AND ${allTaken} ${capped}
      RETURNING id`
      : Prisma.sql`SELECT 1 AS id WHERE ${allTaken}${
          pendingCap === null
            ? Prisma.empty
            : Prisma.sql` AND (SELECT count(*) FROM orders g WHERE g.customer_id IS NULL
                AND g.customer_email = ${o.customerEmail}::text AND g.status = 'PENDING') < ${pendingCap}::int`
        }`;
  const stored = response
    ? Prisma.sql`, idem AS (
        UPDATE idempotency_keys
        SET response_status = ${response.status}::int, response_body = ${JSON.stringify(response.body)}::jsonb
        WHERE tenant_id = ${response.ref.tenantId}::uuid AND principal = ${response.ref.principal}
          AND key = ${response.ref.key} AND ${ok})`
    : Prisma.empty;
  const { redemptions, personEmail } = o.promotions;
  const rows = await tx.$queryRaw<
    (MovedStock & { ok: boolean; limited: string[] | null; claimed: string[] | null })[]
  >`WITH ${takeStockCtes(o.tenantId, lines)},
    ${claimUsesSql(redemptions.map((r) => r.promotionId))},
    pend AS (${pend}),
    -- promo before pend: promotions' rows are locked before the customer's, as cancellation
    -- (stock, then promotions, then the customer's counter) takes them.
    ok AS (SELECT (SELECT count(*) FROM promo) = (SELECT count(*) FROM limited) AND EXISTS (SELECT 1 FROM pend) AS ok),
    ord AS (
      INSERT INTO orders (id, tenant_id, customer_id, customer_name, customer_email, shipping_address,
                          total_amount, currency, subtotal, discount_total, shipping_total, tax_total,
                          shipping_line, tax_lines, discounts, billing_address, metadata, cart_id,
                          created_at, updated_at)
      SELECT ${o.id}::uuid, ${o.tenantId}::uuid, ${o.customerId}::uuid, ${o.customerName}::text,
        ${o.customerEmail}::text, ${o.shippingAddressJson}::jsonb, ${o.totalAmount}::numeric, ${o.currency}::text,
        ${o.subtotal}::numeric, ${o.discountTotal}::numeric, ${o.shippingTotal}::numeric, ${o.taxTotal}::numeric,
        ${o.shippingLineJson}::jsonb, ${o.taxLinesJson}::jsonb, ${o.discountsJson}::jsonb,
        ${o.billingAddressJson}::jsonb, ${o.metadataJson}::jsonb, ${o.cartId}::uuid,
        ${o.createdAt}::timestamptz, ${o.createdAt}::timestamptz
      FROM ok WHERE ok.ok
      RETURNING id),
    items AS (
      INSERT INTO order_items (id, tenant_id, order_id, product_id, variant_id, sku, name, variant_title,
                               option_values, quantity, unit_price, line_total, discount_total, tax_total, total)
      SELECT x.id, ${o.tenantId}::uuid, ord.id, x.product_id, x.variant_id, x.sku, x.name,
        x.variant_title, x.option_values, x.quantity, x.unit_price, x.line_total, x.discount_total, x.tax_total, x.total
      FROM ord, unnest(${o.items.map((i) => i.id)}::uuid[],
        ${o.items.map((i) => i.productId)}::uuid[], ${o.items.map((i) => i.variantId)}::uuid[],
        ${o.items.map((i) => i.sku)}::text[], ${o.items.map((i) => i.name)}::text[],
        ${o.items.map((i) => i.variantTitle)}::text[], ${o.items.map((i) => JSON.stringify(i.optionValues))}::jsonb[],
        ${o.items.map((i) => i.quantity)}::int[], ${o.items.map((i) => i.unitPrice)}::numeric[],
        ${o.items.map((i) => i.lineTotal)}::numeric[], ${o.items.map((i) => i.discountTotal)}::numeric[],
        ${o.items.map((i) => i.taxTotal)}::numeric[], ${o.items.map((i) => i.total)}::numeric[])
        AS x(id, product_id, variant_id, sku, name, variant_title, option_values, quantity, unit_price, line_total,
             discount_total, tax_total, total)),
    ${insertCtes(inserts(ok))}${stored}${
      redemptions.length === 0
        ? Prisma.empty
        : Prisma.sql`,
    redeemed AS (
      INSERT INTO promotion_redemptions (id, tenant_id, promotion_id, order_id, customer_id, email, amount, created_at)
      SELECT gen_random_uuid(), ${o.tenantId}::uuid, x.promotion_id, ord.id, ${o.customerId}::uuid, ${personEmail}::text,
        x.amount, ${o.createdAt}::timestamptz
      FROM ord, unnest(${redemptions.map((r) => r.promotionId)}::uuid[], ${redemptions.map((r) => r.amount)}::numeric[])
        AS x(promotion_id, amount))`
    }${
      o.cartId === null
        ? Prisma.empty
        : Prisma.sql`,
    done AS (
      -- The completed cart names its order (same statement: the order row exists for the FK).
      UPDATE carts SET status = 'completed', order_id = ord.id, updated_at = now()
      FROM ord WHERE carts.id = ${o.cartId}::uuid)`
    }
    SELECT variant_id AS "variantId", product_id AS "productId", available, threshold, ${ok} AS ok,
      (SELECT array_agg(id) FROM limited) AS limited, (SELECT array_agg(id) FROM promo) AS claimed FROM taken`;
  return {
    taken: rows.map(({ ok: _, limited: __, claimed: ___, ...t }) => t),
    placed: rows[0]?.ok === true,
    limitedPromotionIds: rows[0]?.limited ?? [],
    claimedPromotionIds: rows[0]?.claimed ?? [],
  };
}

/**
 * Serialises one guest e-mail's orders for the rest of the transaction (the pending cap by
 * e-mail is a count, so two concurrent orders must not both read the count before either
 * inserts). Run it in a statement BEFORE placeOrder: that statement's snapshot then sees
 * every order committed by the previous holder.
 */
export async function lockGuestEmail(tx: SqlTx, tenantId: string, email: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`guest-orders:${tenantId}:${email}`}::text, 0))`;
}

/**
 * The columns an order is read with: its fields and its lines' (orders.schemas) and what
 * the server sets, with the payment's refund fields. The row type follows from it (money
 * as Decimal, times as Dates, the address as the stored jsonb).
 */
export const orderSelect = {
  id: true,
  status: true,
  ...selectFields(orderFieldsSchema),
  subtotal: true,
  discountTotal: true,
  shippingTotal: true,
  taxTotal: true,
  shippingLine: true,
  taxLines: true,
  discounts: true,
  billingAddress: true,
  metadata: true,
  items: {
    select: {
      id: true,
      ...selectFields(orderItemView),
      discountTotal: true,
      taxTotal: true,
      total: true,
      // What fulfilments (not cancelled) shipped of the line: fulfillmentStatus follows from it.
      fulfillmentItems: { where: { fulfillment: { status: { not: 'cancelled' } } }, select: { quantity: true } },
      // What refunds (not failed) took of the line: those units are no longer to be shipped.
      refundItems: { where: { refund: { status: { not: 'failed' } } }, select: { quantity: true } },
    },
    orderBy: [{ productId: 'asc' }, { variantId: 'asc' }],
  },
  // What refunds and intent cancellation take (payments' PaymentRef).
  payment: {
    // refundedAmount: what refunds took of it (pending and succeeded; a failed one gives it back).
    select: {
      id: true,
      status: true,
      provider: true,
      providerPaymentId: true,
      amount: true,
      currency: true,
      refundedAmount: true,
    } satisfies Record<keyof PaymentRef, true>,
  },
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.OrderSelect;

export type OrderRow = Prisma.OrderGetPayload<{ select: typeof orderSelect }>;

export async function findOrder(tx: Tx, id: string): Promise<OrderRow | null> {
  return tx.order.findUnique({ where: { id }, select: orderSelect });
}

/** Locks the order row (FOR UPDATE) so status changes are serialised; then reads it. */
export async function lockOrder(tx: Tx, id: string, opts: { skipLocked?: boolean } = {}): Promise<OrderRow | null> {
  const rows = opts.skipLocked
    ? await tx.$queryRaw<{ id: string }[]>`SELECT id FROM orders WHERE id = ${id}::uuid FOR UPDATE SKIP LOCKED`
    : await tx.$queryRaw<{ id: string }[]>`SELECT id FROM orders WHERE id = ${id}::uuid FOR UPDATE`;
  if (rows.length === 0) return null;
  return findOrder(tx, id);
}

/**
 * What the order still holds reserved, per line: ordered − fulfilled (fulfilments not
 * cancelled) − refunded (refunds not failed: they refund unshipped units first and settle
 * their reservation), lines with nothing left omitted. What the FULFILLED transition ships
 * and cancelling releases, so stock a fulfilment already shipped is never taken twice.
 */
export async function reservedLines(tx: SqlTx, orderId: string): Promise<{ variantId: string; quantity: number }[]> {
  const rows = await tx.$queryRaw<{ variantId: string; quantity: number }[]>`
    SELECT oi.variant_id AS "variantId",
      (oi.quantity - COALESCE((SELECT sum(fi.quantity) FROM fulfillment_items fi
          JOIN fulfillments f ON f.id = fi.fulfillment_id
          WHERE fi.order_item_id = oi.id AND f.status <> 'cancelled'), 0)
        - COALESCE((SELECT sum(ri.quantity) FROM refund_items ri
          JOIN refunds r ON r.id = ri.refund_id
          WHERE ri.order_item_id = oi.id AND r.status <> 'failed'), 0))::int AS quantity
    FROM order_items oi WHERE oi.order_id = ${orderId}::uuid
    ORDER BY oi.variant_id`;
  return rows.filter((r) => r.quantity > 0);
}

/**
 * The only writer of an order's status. Leaving PENDING also lowers the customer's count of
 * PENDING orders (placeOrder raises it), in the same transaction.
 */
export async function setOrderStatus(tx: Tx, id: string, status: OrderStatus, from: OrderStatus): Promise<OrderRow> {
  const o = await tx.order.update({ where: { id }, data: { status }, select: { customerId: true } });
  if (from === 'PENDING' && status !== 'PENDING')
    await tx.$executeRaw`UPDATE users SET pending_orders = GREATEST(pending_orders - 1, 0)
      WHERE id = ${o.customerId}::uuid`;
  return (await findOrder(tx, id))!;
}

export async function listOrders(
  tx: Tx,
  where: { customerId?: string; status?: OrderStatus },
  page: { skip: number; take: number },
): Promise<{ rows: OrderRow[]; total: number }> {
  const w: Prisma.OrderWhereInput = {};
  if (where.customerId) w.customerId = where.customerId;
  if (where.status) w.status = where.status;
  const [rows, total] = await Promise.all([
    tx.order.findMany({ where: w, select: orderSelect, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], ...page }),
    tx.order.count({ where: w }),
  ]);
  return { rows, total };
}

/** Orders PENDING for longer than ttl seconds, across tenants (SECURITY DEFINER look-up). */
export async function expiredPendingOrders(
  db: Db,
  ttlSeconds: number,
  limit: number,
): Promise<{ tenantId: string; id: string }[]> {
  const rows = await db.$queryRaw<{ tenant_id: string; id: string }[]>`
    SELECT tenant_id, id FROM app_expired_pending_orders(${ttlSeconds}::int, ${limit}::int)`;
  return rows.map((r) => ({ tenantId: r.tenant_id, id: r.id }));
}

/**
 * A new customer's e-mail takes over the guest orders placed with it (contract: "when that
 * e-mail later registers … those orders become theirs"), in the sign-up's transaction; their
 * unpaid ones join the customer's pending count (MAX_PENDING_ORDERS_PER_CUSTOMER). Returns
 * how many orders were attached.
 */
export async function attachGuestOrders(tx: Tx, customerId: string, email: string): Promise<number> {
  const rows = await tx.$queryRaw<{ n: number }[]>`
    WITH moved AS (
      UPDATE orders SET customer_id = ${customerId}::uuid, updated_at = now()
      WHERE customer_id IS NULL AND customer_email = lower(${email}::text)
      RETURNING status),
    pend AS (
      UPDATE users SET pending_orders = pending_orders + (SELECT count(*) FROM moved WHERE status = 'PENDING')
      WHERE id = ${customerId}::uuid)
    SELECT count(*)::int AS n FROM moved`;
  return rows[0]?.n ?? 0;
}
