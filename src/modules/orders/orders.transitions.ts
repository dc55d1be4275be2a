// The order state machine, applied inside the caller's tenant transaction with the order row
// locked (lockOrder). Every change writes its outbox events and audit row in that transaction.
import type { AppContext } from '../../platform/app-context';
import type { Actor } from '../../platform/auth/types';
import type { Tx } from '../../platform/db/prisma';
import { conflict } from '../../platform/errors';
import { recordAudit } from '../audit';
import { invalidateCatalog } from '../../platform/cache';
import { adjustStockInTx } from '../inventory';
import { emitEvent } from '../webhooks';
import { paymentProvider, providerFor } from '../payments/payments.provider';
import { insertPayment, setPaymentStatus } from '../payments/payments.repository';
import { toPaymentView } from '../payments/payments.schemas';
import { setOrderStatus, type OrderRow } from './orders.repository';
import { canTransition, type OrderStatus } from './orders.schemas';
import { orderMetrics, toOrderView } from './orders.view';

export const invalidTransition = (from: string, to: string) =>
  conflict('INVALID_STATUS_TRANSITION', `An order cannot go from ${from} to ${to}`, { from, to });

/** What happened, for work after the commit (metrics, cache invalidation). */
export interface TransitionEffects {
  order: OrderRow;
  stockReturned: boolean;
  paid: boolean;
  paymentStatuses: string[];
  /** An unpaid provider intent of a cancelled order, cancelled at the provider after commit. */
  cancelIntent: { provider: string; providerPaymentId: string } | null;
}

export interface TransitionOptions {
  /** 'api': PATCH/DELETE by a user; 'payment': a provider confirmed the payment; 'system': expiry. */
  via: 'api' | 'payment' | 'system';
}

export async function applyTransition(
  ctx: AppContext,
  tx: Tx,
  actor: Actor,
  order: OrderRow,
  to: OrderStatus,
  opts: TransitionOptions,
): Promise<TransitionEffects> {
  const from = order.status as OrderStatus;
  if (!canTransition(from, to)) throw invalidTransition(from, to);
  const effects: TransitionEffects = {
    order,
    stockReturned: false,
    paid: false,
    paymentStatuses: [],
    cancelIntent: null,
  };

  if (to === 'PAID') {
    // PENDING→PAID only through a payment: by the provider, or by a merchant with the manual provider.
    if (opts.via !== 'payment') {
      if (paymentProvider(ctx).name !== 'manual') throw invalidTransition(from, to);
      if (order.payment) {
        if (order.payment.status !== 'PAID') await setPaymentStatus(tx, order.payment.id, 'PAID');
      } else {
        await insertPayment(tx, {
          tenantId: order.tenantId,
          orderId: order.id,
          provider: 'manual',
          providerPaymentId: null,
          clientSecret: null,
          amount: order.totalAmount.toFixed(2),
          currency: order.currency,
          status: 'PAID',
        });
      }
      effects.paymentStatuses.push('PAID');
    }
    effects.paid = true;
  }

  if (to === 'CANCELLED') {
    // Stock back, in product-id order (items are read sorted), like order creation takes it.
    for (const it of order.items) await adjustStockInTx(tx, order.tenantId, it.productId, it.quantity);
    effects.stockReturned = order.items.length > 0;
    const pay = order.payment;
    if (pay && pay.status === 'PAID') {
      const provider = providerFor(ctx, pay.provider);
      const r = await provider.refund({
        providerPaymentId: pay.providerPaymentId,
        idempotencyKey: `refund-${pay.id}`,
      });
      if (r.status === 'succeeded') {
        const refunded = await setPaymentStatus(tx, pay.id, 'REFUNDED');
        await emitEvent(tx, order.tenantId, 'payment.refunded', toPaymentView(refunded));
        effects.paymentStatuses.push('REFUNDED');
      }
      // pending: Stripe's charge.refunded webhook completes it.
    } else if (pay && (pay.status === 'PENDING' || pay.status === 'FAILED') && pay.providerPaymentId) {
      effects.cancelIntent = { provider: pay.provider, providerPaymentId: pay.providerPaymentId };
    }
  }

  const updated = await setOrderStatus(tx, order.id, to, from);
  effects.order = updated;
  const view = toOrderView(updated);
  await emitEvent(tx, order.tenantId, 'order.status_changed', { ...view, previousStatus: from });
  if (to === 'PAID') await emitEvent(tx, order.tenantId, 'order.paid', view);
  if (to === 'CANCELLED') await emitEvent(tx, order.tenantId, 'order.cancelled', view);
  await recordAudit(tx, actor, {
    action: 'UPDATE',
    resource: 'order',
    resourceId: order.id,
    before: { status: from },
    after: { status: to, via: opts.via },
  });
  return effects;
}

/** Metrics and cache invalidation once the transaction has committed. */
export async function afterTransition(ctx: AppContext, tenantId: string, e: TransitionEffects): Promise<void> {
  const m = orderMetrics(ctx);
  for (const s of e.paymentStatuses) m.payments.inc({ status: s });
  if (e.paid) m.revenue.inc({ currency: e.order.currency }, Number(e.order.totalAmount.toFixed(2)));
  if (e.stockReturned) await invalidateCatalog(ctx, tenantId);
  if (e.cancelIntent) {
    const { provider, providerPaymentId } = e.cancelIntent;
    try {
      await providerFor(ctx, provider).cancelIntent(providerPaymentId);
    } catch (err) {
      // Not fatal: if the customer still pays, the webhook refunds a cancelled order.
      ctx.logger.warn({ err, orderId: e.order.id }, 'could not cancel the payment intent of a cancelled order');
    }
  }
}
