// Fulfilments persistence (Prisma; the per-line tallies in one SQL statement). Every function
// runs in the caller's tenant transaction (RLS applies).
import type { Prisma } from '../../generated/prisma/client';
import type { SqlTx, Tx } from '../../platform/db/prisma';
import type { FulfillmentState, FulfillmentView, OrderLineInput } from './fulfillments.schemas';

/** An order line with what happened to it since: shipped, refunded, returned. */
export interface LineState {
  id: string;
  variantId: string;
  quantity: number;
  /** Shipped by fulfilments not cancelled. */
  fulfilled: number;
  /** Refunded by refunds not failed. */
  refunded: number;
  /** Named by returns (requested or received). */
  returned: number;
}

/** The order's lines with their tallies (read after the order row is locked: they cannot move). */
export async function orderLineStates(tx: SqlTx, orderId: string): Promise<LineState[]> {
  return tx.$queryRaw<LineState[]>`
    SELECT oi.id, oi.variant_id AS "variantId", oi.quantity,
      COALESCE((SELECT sum(fi.quantity) FROM fulfillment_items fi JOIN fulfillments f ON f.id = fi.fulfillment_id
        WHERE fi.order_item_id = oi.id AND f.status <> 'cancelled'), 0)::int AS fulfilled,
      COALESCE((SELECT sum(ri.quantity) FROM refund_items ri JOIN refunds r ON r.id = ri.refund_id
        WHERE ri.order_item_id = oi.id AND r.status <> 'failed'), 0)::int AS refunded,
      COALESCE((SELECT sum(xi.quantity) FROM return_items xi WHERE xi.order_item_id = oi.id), 0)::int AS returned
    FROM order_items oi WHERE oi.order_id = ${orderId}::uuid
    ORDER BY oi.variant_id`;
}

const select = {
  id: true,
  orderId: true,
  status: true,
  carrier: true,
  trackingNumber: true,
  trackingUrl: true,
  createdAt: true,
  updatedAt: true,
  items: { select: { orderItemId: true, quantity: true }, orderBy: { orderItemId: 'asc' } },
} satisfies Prisma.FulfillmentSelect;
type FulfillmentRow = Prisma.FulfillmentGetPayload<{ select: typeof select }>;

export const toFulfillmentView = (f: FulfillmentRow): FulfillmentView => ({
  id: f.id,
  orderId: f.orderId,
  items: f.items,
  status: f.status as FulfillmentState,
  carrier: f.carrier,
  trackingNumber: f.trackingNumber,
  trackingUrl: f.trackingUrl,
  createdAt: f.createdAt.toISOString(),
  updatedAt: f.updatedAt.toISOString(),
});

export interface NewFulfillment {
  tenantId: string;
  orderId: string;
  items: OrderLineInput[];
  carrier: string | null;
  trackingNumber: string | null;
  trackingUrl: string | null;
}

export async function insertFulfillment(tx: Tx, f: NewFulfillment): Promise<FulfillmentView> {
  const row = await tx.fulfillment.create({
    data: {
      tenantId: f.tenantId,
      orderId: f.orderId,
      carrier: f.carrier,
      trackingNumber: f.trackingNumber,
      trackingUrl: f.trackingUrl,
      items: { create: f.items.map((it) => ({ tenantId: f.tenantId, ...it })) },
    },
    select,
  });
  return toFulfillmentView(row);
}

export async function findFulfillment(tx: Tx, orderId: string, id: string): Promise<FulfillmentView | null> {
  const row = await tx.fulfillment.findFirst({ where: { id, orderId }, select });
  return row ? toFulfillmentView(row) : null;
}

export async function updateFulfillment(
  tx: Tx,
  id: string,
  data: { status: FulfillmentState; carrier?: string; trackingNumber?: string; trackingUrl?: string },
): Promise<FulfillmentView> {
  return toFulfillmentView(await tx.fulfillment.update({ where: { id }, data, select }));
}

export async function listFulfillments(tx: Tx, orderId: string): Promise<FulfillmentView[]> {
  const rows = await tx.fulfillment.findMany({
    where: { orderId },
    select,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return rows.map(toFulfillmentView);
}
