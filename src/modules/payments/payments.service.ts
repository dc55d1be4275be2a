// Payments: intents for orders (idempotent per order) and verified Stripe webhooks, each
// event applied once (processed_stripe_events in the same transaction as its effect).
import type Stripe from 'stripe';
import type { AppContext } from '../../platform/app-context';
import { actorOf, type Principal, type TenantRef } from '../../platform/auth/types';
import { badRequest, notFound } from '../../platform/errors';
import { tenantWrite, type Write } from '../write-path';
import { PaymentsApi, paymentMetrics, type OrdersForPayments, type PayableOrder } from './payments.api';
import { paymentProvider, stripeFor } from './payments.provider';
import {
  findPaymentByOrder,
  findPaymentByProviderId,
  insertPayment,
  markStripeEventProcessed,
  paymentTenantByProviderId,
} from './payments.repository';
import { toPaymentView, type IntentView } from './payments.schemas';
import { stripeAmount } from './stripe-amount';

export type WebhookResult = 'applied' | 'duplicate' | 'ignored' | 'mismatch' | 'unmatched';

const HANDLED = new Set(['payment_intent.succeeded', 'payment_intent.payment_failed', 'charge.refunded']);

export class PaymentsService {
  private readonly metrics;
  private readonly api;
  /** `orders`: the order side of a payment (orders' ordersForPayments, wired by the composition). */
  constructor(
    private readonly ctx: AppContext,
    private readonly orders: OrdersForPayments,
  ) {
    this.metrics = paymentMetrics(ctx);
    this.api = new PaymentsApi(ctx);
  }

  /** POST /payments/intents: one payment per order; repeat calls return the same intent. */
  async createIntent(
    principal: Principal,
    tenant: TenantRef,
    orderId: string,
    correlationId: string | null,
  ): Promise<{ created: boolean; intent: IntentView }> {
    const provider = paymentProvider(this.ctx);
    const actor = actorOf(principal, tenant.id, correlationId);
    const res = await tenantWrite(
      this.ctx,
      actor,
      async (w) => {
        const { tx } = w;
        const order = await this.orders.lock(w, orderId);
        if (!order || (principal.role === 'CUSTOMER' && order.customerId !== principal.id)) throw notFound('Order');
        const existing = await findPaymentByOrder(tx, orderId);
        if (existing) return { created: false, payment: existing };
        if (order.status !== 'PENDING') throw this.orders.notPayable(order);
        const amount = order.totalAmount.toFixed(2);
        // Stripe's own minor units (stripe-amount.ts). An amount Stripe can't charge exactly
        // is 409 whichever provider is configured, so both providers accept the same orders.
        const amountMinor = stripeAmount(order.totalAmount, order.currency);
        // The key is derived from the order: a retry after a lost response gets the same intent.
        const intent = await provider.createIntent({
          orderId,
          tenantId: tenant.id,
          amountMinor,
          currency: order.currency,
          idempotencyKey: `order-${orderId}-payment-intent`,
        });
        const payment = await insertPayment(tx, {
          tenantId: tenant.id,
          orderId,
          provider: provider.name,
          providerPaymentId: intent.providerPaymentId,
          clientSecret: intent.clientSecret,
          amount,
          currency: order.currency,
          status: 'PENDING',
        });
        w.audit({ action: 'CREATE', resource: 'payment', resourceId: payment.id, after: toPaymentView(payment) });
        w.afterCommit(() => this.metrics.payments.inc({ status: 'PENDING' }));
        return { created: true, payment };
      },
      { timeoutMs: 30_000 },
    );
    const p = res.payment;
    return {
      created: res.created,
      intent: {
        paymentId: p.id,
        provider: p.provider,
        clientSecret: p.clientSecret,
        amount: p.amount.toFixed(2),
        currency: p.currency,
        status: p.status,
      },
    };
  }

  /** Verifies the signature (400 when bad) and returns the event. */
  verifyStripeEvent(rawBody: Buffer | undefined, signature: string | undefined): Stripe.Event {
    const secret = this.ctx.config.STRIPE_WEBHOOK_SECRET;
    const reject = (why: string) => {
      this.metrics.stripeEvents.inc({ type: 'unknown', result: 'invalid_signature' });
      return badRequest(`Invalid Stripe webhook: ${why}`);
    };
    if (!secret) throw reject('no endpoint secret is configured');
    if (!rawBody || !signature) throw reject('missing body or Stripe-Signature header');
    try {
      return stripeFor(this.ctx).webhooks.constructEvent(rawBody, signature, secret);
    } catch {
      throw reject('signature verification failed');
    }
  }

  async handleStripeEvent(event: Stripe.Event): Promise<WebhookResult> {
    const result = await this.dispatch(event).catch((e: unknown) => {
      this.metrics.stripeEvents.inc({ type: HANDLED.has(event.type) ? event.type : 'other', result: 'error' });
      throw e;
    });
    this.metrics.stripeEvents.inc({ type: HANDLED.has(event.type) ? event.type : 'other', result });
    return result;
  }

  private async dispatch(event: Stripe.Event): Promise<WebhookResult> {
    if (!HANDLED.has(event.type)) return 'ignored';
    const obj = event.data.object as { id?: string; payment_intent?: string | { id: string } | null };
    const intentId =
      event.type === 'charge.refunded'
        ? typeof obj.payment_intent === 'string'
          ? obj.payment_intent
          : (obj.payment_intent?.id ?? null)
        : (obj.id ?? null);
    const tenantId = intentId ? await paymentTenantByProviderId(this.ctx.db, intentId) : null;
    if (!intentId || !tenantId) {
      this.ctx.logger.warn({ eventId: event.id, type: event.type }, 'stripe event for an unknown payment ignored');
      return 'unmatched';
    }
    return tenantWrite(
      this.ctx,
      actorOf(undefined, tenantId, null),
      async (w): Promise<WebhookResult> => {
        const { tx } = w;
        if (!(await markStripeEventProcessed(tx, { id: event.id, tenantId, type: event.type }))) return 'duplicate';
        const found = await findPaymentByProviderId(tx, intentId);
        if (!found) return 'unmatched';
        const order = await this.orders.lock(w, found.orderId); // order first, like every other path
        const payment = (await findPaymentByProviderId(tx, intentId))!;
        if (!order) return 'unmatched';
        switch (event.type) {
          case 'payment_intent.succeeded': {
            const pi = event.data.object as Stripe.PaymentIntent;
            return this.succeeded(w, order, payment, pi);
          }
          case 'payment_intent.payment_failed': {
            if (payment.status !== 'PENDING') return 'ignored';
            await this.api.setStatus(w, payment.id, 'FAILED', 'payment.failed');
            return 'applied';
          }
          default: {
            // charge.refunded: fires for partial refunds too; only a full refund refunds the payment.
            if (payment.status === 'REFUNDED' || (event.data.object as Stripe.Charge).refunded !== true)
              return 'ignored';
            await this.api.setStatus(w, payment.id, 'REFUNDED', 'payment.refunded');
            return 'applied';
          }
        }
      },
      { timeoutMs: 30_000 },
    );
  }

  private async succeeded(
    w: Write,
    order: PayableOrder,
    payment: NonNullable<Awaited<ReturnType<typeof findPaymentByProviderId>>>,
    pi: Stripe.PaymentIntent,
  ): Promise<WebhookResult> {
    // The same conversion as the intent's amount; an amount Stripe can't express can't match.
    let expected: number | null;
    try {
      expected = stripeAmount(payment.amount, payment.currency);
    } catch {
      expected = null;
    }
    const received = pi.amount_received || pi.amount;
    if (expected === null || received !== expected || pi.currency?.toLowerCase() !== payment.currency.toLowerCase()) {
      this.ctx.logger.error(
        {
          orderId: order.id,
          paymentId: payment.id,
          expected: { amount: expected, currency: payment.currency.toLowerCase() },
          received: { amount: received, currency: pi.currency },
        },
        'stripe payment amount or currency does not match the order; not applied',
      );
      return 'mismatch';
    }
    if (payment.status === 'PAID' || payment.status === 'REFUNDED') return 'ignored';
    await this.api.setStatus(w, payment.id, 'PAID');
    if (order.status === 'PENDING') {
      await order.markPaid();
      return 'applied';
    }
    if (order.status === 'CANCELLED') {
      // Paid after the order was cancelled (e.g. expired): the money must go back.
      await this.api.refund(w, { ...payment, status: 'PAID' });
      this.ctx.logger.warn({ orderId: order.id, paymentId: payment.id }, 'payment for a cancelled order refunded');
    }
    return 'applied';
  }
}
