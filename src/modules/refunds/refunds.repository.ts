// Refunds persistence (the order side: refund_items, what is refunded per line, the list).
// The refund rows and the payment's refunded amount are written by payments (RefundLedger).
import { randomUUID } from 'node:crypto';
import type { Tx } from '../../platform/db/prisma';
import type { IdempotencyRef } from '../orders';

/** Per order item: units refunded by refunds that did not fail, and units shipped by fulfilments not cancelled. */
export async function lineState(
  tx: Tx,
  orderId: string,
): Promise<{ refunded: Map<string, number>; fulfilled: Map<string, number>; shippingRefunded: boolean }> {
  const rows = await tx.$queryRaw<{ id: string; refunded: number; fulfilled: number }[]>`
    SELECT oi.id,
      COALESCE((SELECT sum(ri.quantity) FROM refund_items ri JOIN refunds r ON r.id = ri.refund_id
        WHERE ri.order_item_id = oi.id AND r.status <> 'failed'), 0)::int AS refunded,
      COALESCE((SELECT sum(fi.quantity) FROM fulfillment_items fi JOIN fulfillments f ON f.id = fi.fulfillment_id
        WHERE fi.order_item_id = oi.id AND f.status <> 'cancelled'), 0)::int AS fulfilled
    FROM order_items oi WHERE oi.order_id = ${orderId}::uuid`;
  const ship = await tx.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM refunds WHERE order_id = ${orderId}::uuid AND shipping AND status <> 'failed'`;
  return {
    refunded: new Map(rows.map((r) => [r.id, r.refunded])),
    fulfilled: new Map(rows.map((r) => [r.id, r.fulfilled])),
    shippingRefunded: (ship[0]?.n ?? 0) > 0,
  };
}

/** Whether `returnId` is a return of the order. */
export async function returnOfOrder(tx: Tx, returnId: string, orderId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM returns WHERE id = ${returnId}::uuid AND order_id = ${orderId}::uuid`;
  return rows.length > 0;
}

export interface RefundItemRow {
  orderItemId: string;
  quantity: number;
  restock: boolean;
  amount: string;
}

export async function insertRefundItems(
  tx: Tx,
  tenantId: string,
  refundId: string,
  items: readonly RefundItemRow[],
): Promise<void> {
  if (items.length === 0) return;
  await tx.refundItem.createMany({
    data: items.map((it) => ({ id: randomUUID(), tenantId, refundId, ...it })),
  });
}

/** The order's refunds with their items, oldest first. */
export async function listRefunds(tx: Tx, orderId: string) {
  return tx.refund.findMany({
    where: { orderId },
    select: {
      id: true,
      orderId: true,
      amount: true,
      currency: true,
      shipping: true,
      reason: true,
      returnId: true,
      status: true,
      providerRefundId: true,
      createdAt: true,
      items: { select: { orderItemId: true, quantity: true, restock: true, amount: true }, orderBy: { id: 'asc' } },
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
}

/** Stores the answer of an Idempotency-Key claimed in this transaction (replayed for its TTL). */
export async function storeAnswer(tx: Tx, ref: IdempotencyRef, status: number, body: unknown): Promise<void> {
  await tx.$executeRaw`
    UPDATE idempotency_keys SET response_status = ${status}::int, response_body = ${JSON.stringify(body)}::jsonb
    WHERE tenant_id = ${ref.tenantId}::uuid AND principal = ${ref.principal} AND key = ${ref.key}`;
}
