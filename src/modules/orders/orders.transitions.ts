// The order state machine, applied inside the caller's tenant write with the order row locked
// (lockOrder). A table of per-status handlers says what entering a status does besides the
// status change; every change declares its outbox events and audit row in the write, and its
// after-commit work (metrics, cache invalidation, provider calls) runs through the write path.
import type { AppContext } from '../../platform/app-context';
import { conflict } from '../../platform/errors';
import { formatMoney } from '../../platform/money';
import { releaseReservedInTx, shipReservedInTx } from '../inventory';
import { PaymentsApi, toRefundFields, type RefundFields } from '../payments';
import { releasePromotionUses } from '../promotions';
import type { Write } from '../write-path';
import { reservedLines, setOrderStatus, type OrderRow } from './orders.repository';
import { canTransition, type OrderStatus } from './orders.schemas';
import { orderMetrics, toOrderView } from './orders.view';

export const invalidTransition = (from: string, to: string) =>
  conflict('INVALID_STATUS_TRANSITION', `An order cannot go from ${from} to ${to}`, { from, to });

export interface TransitionOptions {
  /** 'api': PATCH/DELETE by a user; 'payment': a provider confirmed the payment; 'system': expiry. */
  via: 'api' | 'payment' | 'system';
}

interface Transition {
  ctx: AppContext;
  w: Write;
  order: OrderRow;
  from: OrderStatus;
  to: OrderStatus;
  opts: TransitionOptions;
  /** The refund entering the status recorded (cancelling a paid order): order.refunded carries it. */
  refunded?: RefundFields & { items: [] };
}

interface StatusHandler {
  /** Work in the write before the status changes (payments, stock). */
  enter?(t: Transition): Promise<void>;
  /** The event of reaching this status, besides order.status_changed. */
  event?: 'order.paid' | 'order.cancelled';
}

/** The order's lines as stock moves: each item's variant and quantity. */
const stockLines = (order: OrderRow) => order.items.map((it) => ({ variantId: it.variantId, quantity: it.quantity }));

/**
 * What the order still holds reserved: a PENDING order all it ordered; a PAID one less what
 * its fulfilments shipped and its refunds settled (reservedLines).
 */
const heldLines = async (w: Write, order: OrderRow) =>
  order.status === 'PENDING' ? stockLines(order) : reservedLines(w.tx, order.id);

/**
 * A PENDING or PAID order's reserved quantities back to available, in one statement with the
 * rows locked in variant-id order, as creation reserves them. A partially fulfilled order
 * releases only what is still unfulfilled: shipped goods come back through returns.
 */
async function returnStock(w: Write, order: OrderRow): Promise<void> {
  await releaseReservedInTx(w, await heldLines(w, order));
}

const payments = (ctx: AppContext) => new PaymentsApi(ctx);

const HANDLERS: Readonly<Partial<Record<OrderStatus, StatusHandler>>> = {
  PAID: {
    event: 'order.paid',
    async enter({ ctx, w, order, from, to, opts }) {
      // PENDING→PAID only through a payment: by the provider, or by a merchant with the manual provider.
      if (opts.via !== 'payment') {
        const api = payments(ctx);
        if (!api.manual) throw invalidTransition(from, to);
        await api.recordManualPayment(w, order);
      }
      const m = orderMetrics(ctx);
      // Major units of the currency: KWD's fils count (three places), JPY has none.
      const major = Number(formatMoney(order.totalAmount, order.currency));
      w.afterCommit(() => m.revenue.inc({ currency: order.currency }, major));
    },
  },
  FULFILLED: {
    // Shipping takes the reserved quantities off the shelf: on_hand and reserved go down
    // together, so available does not change. Only what no fulfilment shipped yet (all of it
    // for an order managed the old way; nothing when its fulfilments completed it).
    async enter({ w, order }) {
      await shipReservedInTx(w, await heldLines(w, order));
    },
  },
  CANCELLED: {
    event: 'order.cancelled',
    async enter(t) {
      const { ctx, w, order } = t;
      await returnStock(w, order);
      // Its promotion uses back (redemption rows gone, limited counters down), in this write.
      await releasePromotionUses(w.tx, order.id);
      const pay = order.payment;
      if (!pay) return;
      // Paid: what was not refunded yet goes back as one refund through the refunds path
      // (ADR 0011): recorded here (pending; the manual provider's at once), sent to the
      // provider after the commit, never inside this transaction. Unpaid: the intent is
      // cancelled after the commit.
      if (pay.status === 'PAID') {
        const refund = await payments(ctx).refund(w, pay, { orderId: order.id, reason: 'order cancelled' });
        if (refund) t.refunded = { ...toRefundFields(refund), items: [] };
      } else payments(ctx).cancelUnpaidIntent(w, pay, order.id);
    },
  },
};

/** Changes the order's status in the write (the row locked); returns the updated order. */
export async function applyTransition(
  ctx: AppContext,
  w: Write,
  order: OrderRow,
  to: OrderStatus,
  opts: TransitionOptions,
): Promise<OrderRow> {
  const from = order.status as OrderStatus;
  if (!canTransition(from, to)) throw invalidTransition(from, to);
  const handler = HANDLERS[to] ?? {};
  const t: Transition = { ctx, w, order, from, to, opts };
  await handler.enter?.(t);
  const updated = await setOrderStatus(w.tx, order.id, to, from);
  const view = toOrderView(updated);
  w.emit('order.status_changed', { ...view, previousStatus: from });
  if (handler.event) w.emit(handler.event, view);
  if (t.refunded) w.emit('order.refunded', { ...view, refund: t.refunded });
  w.audit({
    action: 'UPDATE',
    resource: 'order',
    resourceId: order.id,
    before: { status: from },
    after: { status: to, via: opts.via },
  });
  return updated;
}

/**
 * A FULFILLED order one of whose fulfilments was cancelled is PAID again (its items count as
 * unfulfilled): the one move outside the part-1 state machine, made by the fulfilments module
 * in its write with the order row locked.
 */
export async function reopenFulfilledOrder(w: Write, order: OrderRow): Promise<OrderRow> {
  const updated = await setOrderStatus(w.tx, order.id, 'PAID', 'FULFILLED');
  w.emit('order.status_changed', { ...toOrderView(updated), previousStatus: 'FULFILLED' });
  w.audit({
    action: 'UPDATE',
    resource: 'order',
    resourceId: order.id,
    before: { status: 'FULFILLED' },
    after: { status: 'PAID', via: 'fulfillment' },
  });
  return updated;
}
