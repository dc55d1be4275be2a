// Fulfilments: an order ships in parts, each with its tracking. Every write locks the order
// row first (FOR UPDATE, as status changes do), so the per-line tallies it checks cannot move
// under it: two fulfilments racing for the last units are serialised and the second sees the
// first's. Stock: a fulfilment takes its quantities off on_hand and reserved together; a
// cancelled one puts them back into both. A PAID order whose lines are all shipped becomes
// FULFILLED through the orders module's transition (which then ships nothing more).
import type { AppContext } from '../../platform/app-context';
import { actorOf, type Principal, type TenantRef } from '../../platform/auth/types';
import { withTenant } from '../../platform/db/prisma';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors';
import { shipReservedInTx, unshipReservedInTx } from '../inventory';
import {
  applyTransition,
  findOrder,
  lockOrder,
  reopenFulfilledOrder,
  toOrderView,
  type OrderRow,
  type OrderStatus,
} from '../orders';
import { tenantWrite, type Write } from '../write-path';
import {
  findFulfillment,
  insertFulfillment,
  listFulfillments,
  orderLineStates,
  updateFulfillment,
  type LineState,
} from './fulfillments.repository';
import type {
  CreateFulfillmentInput,
  FulfillmentView,
  OrderLineInput,
  UpdateFulfillmentInput,
} from './fulfillments.schemas';

const SHIPPED_STATES: readonly OrderStatus[] = ['FULFILLED', 'SHIPPED', 'COMPLETED'];

export const orderNotPaid = (status: string) =>
  conflict('ORDER_NOT_PAID', 'Only a paid order can be fulfilled', { status });

const exceeds = (orderItemId: string, requested: number, remaining: number) =>
  conflict('FULFILLMENT_EXCEEDS_ORDER', 'The quantity is more than remains to fulfil', {
    orderItemId,
    requested,
    remaining,
  });

/**
 * What remains to ship of a line: ordered − fulfilled − refunded, never below 0 (refunds
 * take unshipped units first and settle their reservation: refunds.service).
 */
export const remainingToFulfil = (l: LineState): number => Math.max(0, l.quantity - l.fulfilled - l.refunded);

/** The order's line of each requested item (400 for an item of another order). */
export function linesOf(states: LineState[], items: OrderLineInput[]): LineState[] {
  const byId = new Map(states.map((l) => [l.id.toLowerCase(), l]));
  return items.map((it, i) => {
    const line = byId.get(it.orderItemId.toLowerCase());
    if (!line)
      throw badRequest('Not an item of this order', {
        issues: [{ path: `items.${i}.orderItemId`, message: 'not an item of this order', code: 'custom' }],
      });
    return line;
  });
}

/** The owner customer and staff see an order's fulfilments; anyone else gets 404. */
export const visibleTo = (p: Principal, order: OrderRow | null): order is OrderRow =>
  order !== null && (p.role !== 'CUSTOMER' || p.id === order.customerId);

export function fulfillmentMetrics(ctx: AppContext) {
  return { created: ctx.metrics.counter('fulfillments_total', 'Fulfilments created (parts of orders shipped)') };
}

export class FulfillmentsService {
  private readonly metrics;
  constructor(private readonly ctx: AppContext) {
    this.metrics = fulfillmentMetrics(ctx);
  }

  /** POST /orders/:id/fulfillments (MERCHANT, ADMIN). */
  async create(
    principal: Principal,
    tenant: TenantRef,
    orderId: string,
    input: CreateFulfillmentInput,
    correlationId: string | null,
  ): Promise<FulfillmentView> {
    const actor = actorOf(principal, tenant.id, correlationId);
    return tenantWrite(this.ctx, actor, async (w) => {
      const order = await lockOrder(w.tx, orderId);
      if (!order) throw notFound('Order');
      const states = await orderLineStates(w.tx, orderId);
      const lines = linesOf(states, input.items);
      if (order.status !== 'PAID') {
        // Shipped the old way (PATCH FULFILLED) or later: nothing remains to fulfil.
        if (!SHIPPED_STATES.includes(order.status as OrderStatus)) throw orderNotPaid(order.status);
        const first = input.items[0]!;
        throw exceeds(first.orderItemId, first.quantity, 0);
      }
      input.items.forEach((it, i) => {
        const remaining = remainingToFulfil(lines[i]!);
        if (it.quantity > remaining) throw exceeds(it.orderItemId, it.quantity, remaining);
      });
      const f = await insertFulfillment(w.tx, {
        tenantId: tenant.id,
        orderId,
        items: input.items.map((it, i) => ({ orderItemId: lines[i]!.id, quantity: it.quantity })),
        carrier: input.carrier ?? null,
        trackingNumber: input.trackingNumber ?? null,
        trackingUrl: input.trackingUrl ?? null,
      });
      await shipReservedInTx(
        w,
        input.items.map((it, i) => ({ variantId: lines[i]!.variantId, quantity: it.quantity })),
      );
      const shippedNow = new Map(f.items.map((it) => [it.orderItemId, it.quantity]));
      const complete = states.every((l) => remainingToFulfil(l) - (shippedNow.get(l.id) ?? 0) <= 0);
      let current = (await findOrder(w.tx, orderId))!;
      // Every line shipped: the order is FULFILLED (its handler ships what is still reserved: nothing).
      if (complete) current = await applyTransition(this.ctx, w, current, 'FULFILLED', { via: 'api' });
      w.emit('order.fulfilled', { ...toOrderView(current), fulfillment: f });
      w.audit({ action: 'CREATE', resource: 'fulfillment', resourceId: f.id, after: f });
      w.afterCommit(() => this.metrics.created.inc());
      return f;
    });
  }

  /** PATCH /orders/:id/fulfillments/:fid (MERCHANT, ADMIN): delivered or cancelled, tracking. */
  async update(
    principal: Principal,
    tenant: TenantRef,
    orderId: string,
    id: string,
    input: UpdateFulfillmentInput,
    correlationId: string | null,
  ): Promise<FulfillmentView> {
    const actor = actorOf(principal, tenant.id, correlationId);
    return tenantWrite(this.ctx, actor, async (w) => {
      const order = await lockOrder(w.tx, orderId);
      if (!order) throw notFound('Order');
      const before = await findFulfillment(w.tx, orderId, id);
      if (!before) throw notFound('Fulfillment');
      const to = input.status;
      // shipped → delivered | cancelled; delivered stays delivered (tracking may change); cancelled is final.
      const allowed = before.status === 'shipped' || (before.status === 'delivered' && to === 'delivered');
      if (!allowed)
        throw conflict('INVALID_STATUS_TRANSITION', `A fulfilment cannot go from ${before.status} to ${to}`, {
          from: before.status,
          to,
        });
      if (to === 'cancelled' && before.status !== 'cancelled') await this.unship(w, order, before);
      const after = await updateFulfillment(w.tx, id, {
        status: to,
        carrier: input.carrier,
        trackingNumber: input.trackingNumber,
        trackingUrl: input.trackingUrl,
      });
      w.audit({ action: 'UPDATE', resource: 'fulfillment', resourceId: id, before, after });
      return after;
    });
  }

  /**
   * A cancelled fulfilment's quantities back into on_hand and reserved: its items count as
   * unfulfilled again, and an order its fulfilments had completed is PAID again. Only while
   * the order is PAID, or FULFILLED by its fulfilments alone (an order shipped the old way,
   * sent on, or cancelled keeps what it shipped: goods come back through returns); never
   * below what was returned of a line.
   */
  private async unship(w: Write, order: OrderRow, f: FulfillmentView): Promise<void> {
    const states = await orderLineStates(w.tx, order.id);
    const byId = new Map(states.map((l) => [l.id, l]));
    const byFulfilments = states.every((l) => remainingToFulfil(l) === 0);
    if (!(order.status === 'PAID' || (order.status === 'FULFILLED' && byFulfilments)))
      throw notCancellable('The order has moved on: its shipped goods come back through returns', order.status);
    for (const it of f.items) {
      const l = byId.get(it.orderItemId)!;
      if (l.fulfilled - it.quantity < l.returned)
        throw notCancellable('Items of this fulfilment were returned', order.status);
      // Refunds beyond the unshipped units took shipped ones: they are not reserved again.
      if (l.fulfilled + l.refunded > l.quantity)
        throw notCancellable('Shipped items of this line were refunded', order.status);
    }
    await unshipReservedInTx(
      w,
      f.items.map((it) => ({ variantId: byId.get(it.orderItemId)!.variantId, quantity: it.quantity })),
    );
    if (order.status === 'FULFILLED') await reopenFulfilledOrder(w, order);
  }

  /** GET /orders/:id/fulfillments: staff, and the order's customer (anyone else 404). */
  async list(principal: Principal, tenant: TenantRef, orderId: string): Promise<FulfillmentView[]> {
    return withTenant(this.ctx.db, tenant.id, async (tx) => {
      const order = await findOrder(tx, orderId);
      if (!visibleTo(principal, order)) throw notFound('Order');
      return listFulfillments(tx, orderId);
    });
  }
}

const notCancellable = (message: string, orderStatus: string) =>
  new AppError(409, 'FULFILLMENT_NOT_CANCELLABLE', message, { orderStatus });
