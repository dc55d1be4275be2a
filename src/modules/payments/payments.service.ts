// Payments: intents for orders (idempotent per order) and verified Stripe webhooks, each
// event applied once (processed_stripe_events in the same transaction as its effect).
import type Stripe from 'stripe';
import type { AppContext } from '../../platform/app-context';
import { actorOf, type Actor, type Principal, type TenantRef } from '../../platform/auth/types';
import { withTenant, type Tx } from '../../platform/db/prisma';
import { badRequest, notFound } from '../../platform/errors';
import { recordAudit } from '../audit';
import { emitEvent } from '../webhooks';
import { lockOrder, type OrderRow } from '../orders/orders.repository';
import {
  afterTransition,
  applyTransition,
  invalidTransition,
  type TransitionEffects,
} from '../orders/orders.transitions';
import { orderMetrics } from '../orders/orders.view';
import { paymentProvider, providerFor, stripeFor } from './payments.provider';
import {
  findPaymentByOrder,
  findPaymentByProviderId,
  insertPayment,
  markStripeEventProcessed,
  paymentTenantByProviderId,
  setPaymentStatus,
} from './payments.repository';
import { toPaymentView, type IntentView } from './payments.schemas';
import { stripeAmount } from './stripe-amount';

export type WebhookResult = 'applied' | 'duplicate' | 'ignored' | 'mismatch' | 'unmatched';

/** Work done after the webhook's transaction commits. */
interface AfterCommit {
  effects: TransitionEffects | null;
  statuses: string[];
}

const HANDLED = new Set(['payment_intent.succeeded', 'payment_intent.payment_failed', 'charge.refunded']);

export class PaymentsService {
  private readonly metrics;
  constructor(private readonly ctx: AppContext) {
    this.metrics = orderMetrics(ctx);
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
    const res = await withTenant(
      this.ctx.db,
      tenant.id,
      async (tx) => {
        const order = await lockOrder(tx, orderId);
        if (!order || (principal.role === 'CUSTOMER' && order.customerId !== principal.id)) throw notFound('Order');
        const existing = await findPaymentByOrder(tx, orderId);
        if (existing) return { created: false, payment: existing };
        if (order.status !== 'PENDING') throw invalidTransition(order.status, 'PAID');
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
        await recordAudit(tx, actor, {
          action: 'CREATE',
          resource: 'payment',
          resourceId: payment.id,
          after: toPaymentView(payment),
        });
        return { created: true, payment };
      },
      { timeoutMs: 30_000 },
    );
    if (res.created) this.metrics.payments.inc({ status: 'PENDING' });
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
    const actor: Actor = { tenantId, userId: null, actorType: 'system', correlationId: null };
    const after: AfterCommit = { effects: null, statuses: [] };
    const result = await withTenant(
      this.ctx.db,
      tenantId,
      async (tx): Promise<WebhookResult> => {
        if (!(await markStripeEventProcessed(tx, { id: event.id, tenantId, type: event.type }))) return 'duplicate';
        const found = await findPaymentByProviderId(tx, intentId);
        if (!found) return 'unmatched';
        const order = await lockOrder(tx, found.orderId); // order first, like every other path
        const payment = (await findPaymentByProviderId(tx, intentId))!;
        if (!order) return 'unmatched';
        switch (event.type) {
          case 'payment_intent.succeeded': {
            const pi = event.data.object as Stripe.PaymentIntent;
            return this.succeeded(tx, actor, order, payment, pi, after);
          }
          case 'payment_intent.payment_failed': {
            if (payment.status !== 'PENDING') return 'ignored';
            const failed = await setPaymentStatus(tx, payment.id, 'FAILED');
            await emitEvent(tx, tenantId, 'payment.failed', toPaymentView(failed));
            after.statuses.push('FAILED');
            return 'applied';
          }
          default: {
            // charge.refunded: fires for partial refunds too; only a full refund refunds the payment.
            if (payment.status === 'REFUNDED' || (event.data.object as Stripe.Charge).refunded !== true)
              return 'ignored';
            const refunded = await setPaymentStatus(tx, payment.id, 'REFUNDED');
            await emitEvent(tx, tenantId, 'payment.refunded', toPaymentView(refunded));
            after.statuses.push('REFUNDED');
            return 'applied';
          }
        }
      },
      { timeoutMs: 30_000 },
    );
    for (const status of after.statuses) this.metrics.payments.inc({ status });
    if (after.effects) await afterTransition(this.ctx, tenantId, after.effects);
    return result;
  }

  private async succeeded(
    tx: Tx,
    actor: Actor,
    order: OrderRow,
    payment: NonNullable<Awaited<ReturnType<typeof findPaymentByProviderId>>>,
    pi: Stripe.PaymentIntent,
    after: AfterCommit,
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
    const paid = await setPaymentStatus(tx, payment.id, 'PAID');
    after.statuses.push('PAID');
    if (order.status === 'PENDING') {
      after.effects = await applyTransition(this.ctx, tx, actor, order, 'PAID', { via: 'payment' });
      return 'applied';
    }
    if (order.status === 'CANCELLED') {
      // Paid after the order was cancelled (e.g. expired): the money must go back.
      const r = await providerFor(this.ctx, paid.provider).refund({
        providerPaymentId: paid.providerPaymentId,
        idempotencyKey: `refund-${paid.id}`,
      });
      this.ctx.logger.warn({ orderId: order.id, paymentId: paid.id }, 'payment for a cancelled order refunded');
      if (r.status === 'succeeded') {
        const refunded = await setPaymentStatus(tx, paid.id, 'REFUNDED');
        await emitEvent(tx, actor.tenantId, 'payment.refunded', toPaymentView(refunded));
        after.statuses.push('REFUNDED');
      }
    }
    return 'applied';
  }
}
