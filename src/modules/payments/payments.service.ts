// Payments: intents for orders (idempotent per order) and verified Stripe webhooks, each
// event applied once (processed_stripe_events in the same transaction as its effect).
import type Stripe from 'stripe';
import type { AppContext } from '../../platform/app-context';
import { actorOf, type Actor, type Principal, type TenantRef } from '../../platform/auth/types';
import { withTenant } from '../../platform/db/prisma';
import { badRequest, notFound } from '../../platform/errors';
import { formatMoney } from '../../platform/money';
import { tenantWrite, type Write } from '../write-path';
import { PaymentsApi, paymentMetrics, type OrdersForPayments, type PayableOrder } from './payments.api';
import { paymentProvider, stripeFor } from './payments.provider';
import { RefundLedger } from './payments.refunds';
import { findRefundForProvider } from './payments.refunds.repository';
import {
  findPaymentByOrder,
  findPaymentByProviderId,
  insertPayment,
  markStripeEventProcessed,
  paymentTenantByProviderId,
} from './payments.repository';
import { toPaymentView, type IntentView } from './payments.schemas';
import { stripeAmount } from './stripe-amount';

type StoredPayment = NonNullable<Awaited<ReturnType<typeof findPaymentByOrder>>>;

/** The order as a checkout's payment needs it. */
export interface CheckoutOrder {
  id: string;
  status: string;
  totalAmount: string;
  currency: string;
}

/** `payment` of POST /carts/:id/complete (contract): what to pay and, with Stripe, the intent's secret. */
export interface CheckoutPayment {
  provider: string;
  clientSecret?: string;
  amount: string;
  currency: string;
}

export type WebhookResult = 'applied' | 'duplicate' | 'ignored' | 'mismatch' | 'unmatched';

const HANDLED = new Set([
  'payment_intent.succeeded',
  'payment_intent.payment_failed',
  'charge.refunded',
  'refund.updated',
]);

export class PaymentsService {
  private readonly metrics;
  private readonly api;
  private readonly ledger;
  /** `orders`: the order side of a payment (orders' ordersForPayments, wired by the composition). */
  constructor(
    private readonly ctx: AppContext,
    private readonly orders: OrdersForPayments,
  ) {
    this.metrics = paymentMetrics(ctx);
    this.api = new PaymentsApi(ctx);
    this.ledger = new RefundLedger(ctx);
  }

  /** POST /payments/intents: one payment per order; repeat calls return the same intent. */
  async createIntent(
    principal: Principal,
    tenant: TenantRef,
    orderId: string,
    correlationId: string | null,
  ): Promise<{ created: boolean; intent: IntentView }> {
    const actor = actorOf(principal, tenant.id, correlationId);
    const res = await this.ensureIntent(tenant.id, orderId, actor, (order) => {
      if (principal.role === 'CUSTOMER' && order.customerId !== principal.id) throw notFound('Order');
    });
    const p = res.payment;
    return {
      created: res.created,
      intent: {
        paymentId: p.id,
        provider: p.provider,
        clientSecret: p.clientSecret,
        amount: formatMoney(p.amount, p.currency),
        currency: p.currency,
        status: p.status,
      },
    };
  }

  /**
   * The `payment` of a completed checkout (POST /carts/:id/complete): with Stripe, the order's
   * PaymentIntent (created now if needed, outside any transaction); with the manual provider,
   * what is owed (the merchant records the payment). An order no longer payable shows no secret.
   */
  async paymentForCheckout(tenant: TenantRef, order: CheckoutOrder, actor: Actor): Promise<CheckoutPayment> {
    const provider = paymentProvider(this.ctx);
    const owed = { provider: provider.name, amount: order.totalAmount, currency: order.currency };
    if (provider.name === 'manual') return owed;
    if (order.status !== 'PENDING') {
      const existing = await withTenant(this.ctx.db, tenant.id, (tx) => findPaymentByOrder(tx, order.id));
      return existing?.clientSecret ? { ...owed, clientSecret: existing.clientSecret } : owed;
    }
    const { payment } = await this.ensureIntent(tenant.id, order.id, actor);
    return payment.clientSecret ? { ...owed, clientSecret: payment.clientSecret } : owed;
  }

  /**
   * One payment per order, and no transaction waits on the provider: (1) a short transaction
   * reads the order and any payment; (2) the provider creates the intent with an idempotency
   * key derived from the order, outside any transaction (a retry, concurrent or after a lost
   * answer, gets the same intent); (3) a second short transaction records it unless a
   * concurrent call already did (same intent) or the order stopped being payable meanwhile.
   */
  private async ensureIntent(
    tenantId: string,
    orderId: string,
    actor: Actor,
    visible?: (order: PayableOrder) => void,
  ): Promise<{ created: boolean; payment: StoredPayment }> {
    const provider = paymentProvider(this.ctx);
    const first = await tenantWrite(this.ctx, actor, async (w) => {
      const order = await this.orders.lock(w, orderId);
      if (!order) throw notFound('Order');
      visible?.(order);
      const existing = await findPaymentByOrder(w.tx, orderId);
      if (existing) return { kind: 'existing' as const, payment: existing };
      if (order.status !== 'PENDING') throw this.orders.notPayable(order);
      // Stripe's own minor units (stripe-amount.ts). An amount Stripe can't charge exactly
      // is 409 whichever provider is configured, so both providers accept the same orders.
      // First: a total the currency can't hold ("1500.5" JPY) is that 409, not a format error.
      const amountMinor = stripeAmount(order.totalAmount, order.currency);
      return {
        kind: 'new' as const,
        amountMinor,
        amount: formatMoney(order.totalAmount, order.currency),
        currency: order.currency,
      };
    });
    if (first.kind === 'existing') return { created: false, payment: first.payment };
    const intent = await provider.createIntent({
      orderId,
      tenantId,
      amountMinor: first.amountMinor,
      currency: first.currency,
      idempotencyKey: `order-${orderId}-payment-intent`,
    });
    return tenantWrite(this.ctx, actor, async (w) => {
      const order = await this.orders.lock(w, orderId);
      if (!order) throw notFound('Order');
      const existing = await findPaymentByOrder(w.tx, orderId);
      if (existing) return { created: false, payment: existing };
      // Cancelled while the provider answered: nobody got this intent's secret, so it is never paid.
      if (order.status !== 'PENDING') throw this.orders.notPayable(order);
      const payment = await insertPayment(w.tx, {
        tenantId,
        orderId,
        provider: provider.name,
        providerPaymentId: intent.providerPaymentId,
        clientSecret: intent.clientSecret,
        amount: first.amount,
        currency: first.currency,
        status: 'PENDING',
      });
      w.audit({ action: 'CREATE', resource: 'payment', resourceId: payment.id, after: toPaymentView(payment) });
      w.afterCommit(() => this.metrics.payments.inc({ status: 'PENDING' }));
      return { created: true, payment };
    });
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
    // A charge and a refund name their PaymentIntent; a PaymentIntent event is one.
    const intentId =
      event.type === 'charge.refunded' || event.type === 'refund.updated'
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
          case 'refund.updated': {
            // Settles our refund it names (by Stripe's id, or the refundId we stored in its metadata).
            const re = event.data.object as Stripe.Refund;
            const ours = await findRefundForProvider(tx, re.id, re.metadata?.refundId ?? null);
            if (!ours) return 'unmatched';
            return (await this.ledger.settleFromStripeRefund(w, ours.id, re)) ? 'applied' : 'ignored';
          }
          default: {
            // charge.refunded fires for partial refunds too: it settles our pending refunds its
            // amount_refunded covers; only a refund of the whole amount paid refunds the payment.
            const charge = event.data.object as Stripe.Charge;
            const settled = await this.ledger.settleFromCharge(w, payment.id, charge.amount_refunded ?? 0);
            const now = (await findPaymentByProviderId(tx, intentId))!;
            let whole: boolean;
            try {
              whole = charge.amount_refunded === stripeAmount(payment.amount, payment.currency);
            } catch {
              whole = false;
            }
            if (now.status !== 'REFUNDED' && now.status === 'PAID' && whole) {
              await this.api.setStatus(w, payment.id, 'REFUNDED', 'payment.refunded');
              return 'applied';
            }
            return settled > 0 || now.status !== payment.status ? 'applied' : 'ignored';
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
      await this.api.refund(
        w,
        { ...payment, status: 'PAID' },
        { orderId: order.id, reason: 'paid after cancellation' },
      );
      this.ctx.logger.warn({ orderId: order.id, paymentId: payment.id }, 'payment for a cancelled order refunded');
    }
    return 'applied';
  }
}
