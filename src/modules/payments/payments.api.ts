// What other modules may do with payments (exported by payments/index.ts): orders call it to
// refund, to record a manual payment and to cancel an unpaid intent. Payments know nothing of
// orders: the order side of a payment reaches payments through the OrdersForPayments port.
import type { AppContext } from '../../platform/app-context';
import type { AppError } from '../../platform/errors';
import { formatMoney, fromScaled, MAX_MINOR_DIGITS, toScaled, type DecimalLike } from '../../platform/money';
import type { Write } from '../write-path';
import { paymentProvider, providerFor } from './payments.provider';
import { RefundLedger, type NewRefund, type RefundablePayment, type RefundRow } from './payments.refunds';
import { insertPayment, setPaymentStatus } from './payments.repository';
import { toPaymentView, type PaymentRow } from './payments.schemas';

/** A payment as orders see it (the order row's `payment`), with what has been refunded of it. */
export type PaymentRef = Pick<
  PaymentRow,
  'id' | 'provider' | 'providerPaymentId' | 'status' | 'amount' | 'currency'
> & {
  refundedAmount: DecimalLike;
};

/** The payments module's business metrics. */
export function paymentMetrics(ctx: AppContext) {
  const m = ctx.metrics;
  return {
    payments: m.counter('payments_total', 'Payment status changes by the status reached', ['status'] as const),
    stripeEvents: m.counter('stripe_webhook_events_total', 'Stripe webhook events received', [
      'type',
      'result',
    ] as const),
  };
}

/** An order as payments need it, locked (FOR UPDATE) in the payment's write. */
export interface PayableOrder {
  id: string;
  /** null: a guest order. */
  customerId: string | null;
  status: string;
  totalAmount: DecimalLike;
  currency: string;
  /** The provider confirmed the payment: the order goes PENDING → PAID in the same write. */
  markPaid(): Promise<void>;
}

/** The orders module as payments use it (implemented by orders, passed in by the composition). */
export interface OrdersForPayments {
  /** Locks and reads the order in the write; null when it does not exist (in this tenant). */
  lock(w: Write, orderId: string): Promise<PayableOrder | null>;
  /** The 409 for paying an order that is no longer PENDING. */
  notPayable(order: PayableOrder): AppError;
}

export class PaymentsApi {
  private readonly metrics;
  private readonly ledger;
  constructor(private readonly ctx: AppContext) {
    this.metrics = paymentMetrics(ctx);
    this.ledger = new RefundLedger(ctx);
  }

  /** Whether payments are recorded by hand (no provider): merchants then mark orders PAID. */
  get manual(): boolean {
    return paymentProvider(this.ctx).name === 'manual';
  }

  /**
   * THE refund sequence (ADR 0011), in the caller's write: records a refund of `amount`
   * (default: everything not refunded yet) against the payment — refunded_amount raised under
   * the payment row's guard (409 REFUND_EXCEEDS_PAYMENT), the refund row `pending` — and the
   * provider is called after the commit, outside the transaction, with the idempotency key
   * 'refund-<refundId>' (the refunds worker's sweeper sends what a crash left unsent). The
   * manual provider's refund is `succeeded` at once. Returns the refund, or null when nothing
   * is left to refund.
   */
  async refund(
    w: Write,
    payment: RefundablePayment,
    r: Omit<NewRefund, 'amount'> & { amount?: string },
  ): Promise<RefundRow | null> {
    let amount = r.amount;
    if (amount === undefined) {
      const left =
        toScaled(payment.amount.toFixed(MAX_MINOR_DIGITS), MAX_MINOR_DIGITS) -
        toScaled(payment.refundedAmount.toFixed(MAX_MINOR_DIGITS), MAX_MINOR_DIGITS);
      if (left <= 0n) return null;
      amount = fromScaled(left, MAX_MINOR_DIGITS, payment.currency);
    }
    return this.ledger.record(w, payment, { ...r, amount });
  }

  /** A merchant marks an order paid (manual provider): its payment is PAID, created if needed. */
  async recordManualPayment(
    w: Write,
    order: { id: string; totalAmount: DecimalLike; currency: string; payment: { id: string; status: string } | null },
  ): Promise<void> {
    if (order.payment) {
      if (order.payment.status !== 'PAID') await setPaymentStatus(w.tx, order.payment.id, 'PAID');
    } else {
      await insertPayment(w.tx, {
        tenantId: w.tenantId,
        orderId: order.id,
        provider: 'manual',
        providerPaymentId: null,
        clientSecret: null,
        amount: formatMoney(order.totalAmount, order.currency),
        currency: order.currency,
        status: 'PAID',
      });
    }
    w.afterCommit(() => this.metrics.payments.inc({ status: 'PAID' }));
  }

  /**
   * After the commit, cancels the provider intent of a payment that was never paid, so it
   * cannot be paid later (best effort: a payment that still arrives is refunded by the webhook).
   */
  cancelUnpaidIntent(w: Write, payment: PaymentRef, orderId: string): void {
    const { providerPaymentId } = payment;
    if (!providerPaymentId || (payment.status !== 'PENDING' && payment.status !== 'FAILED')) return;
    w.afterCommit(async () => {
      try {
        await providerFor(this.ctx, payment.provider).cancelIntent(providerPaymentId);
      } catch (err) {
        this.ctx.logger.warn({ err, orderId }, 'could not cancel the payment intent of a cancelled order');
      }
    });
  }

  /** Sets a payment's status in the write, declares its event, counts it after the commit. */
  async setStatus(
    w: Write,
    paymentId: string,
    status: 'PAID' | 'FAILED' | 'REFUNDED',
    event?: 'payment.failed' | 'payment.refunded',
  ): Promise<void> {
    const updated = await setPaymentStatus(w.tx, paymentId, status);
    if (event) w.emit(event, toPaymentView(updated));
    w.afterCommit(() => this.metrics.payments.inc({ status }));
  }
}
