// The provider side of a refund (issue 17, ADR 0011), shared by POST /orders/:id/refunds
// (refunds module) and the cancellation of a paid order (orders), so both go one path:
//   1. record(): IN the caller's transaction, refunded_amount is raised on the payment row
//      (guarded: never beyond what was paid) and the refund row is inserted — `pending` for
//      Stripe (the row itself is the durable job: nothing else has to survive a crash), or
//      `succeeded` for the manual provider (no call to make);
//   2. send(): AFTER the commit, the provider is called with an idempotency key derived from
//      the refund id ('refund-<id>'), outside any transaction; the answer settles the row;
//   3. settle(): the answer, a webhook (charge.refunded / refund.updated) or a later send,
//      whichever comes first, under the refund row's lock; a settled refund never changes again.
// A crash after the commit leaves a pending row without a provider id: the refunds worker's
// sweeper (workers/refunds.ts) sends it again; the same idempotency key makes a repeated call
// return Stripe's first refund instead of a second one.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../platform/app-context';
import { actorOf } from '../../platform/auth/types';
import { withTenant } from '../../platform/db/prisma';
import { conflict } from '../../platform/errors';
import { formatMoney, fromScaled, MAX_MINOR_DIGITS, toScaled, type DecimalLike } from '../../platform/money';
import { tenantWrite, type Write } from '../write-path';
import { isPermanentProviderError, providerFor, stripeRefundOutcome } from './payments.provider';
import {
  dueRefunds,
  findRefund,
  insertRefund,
  lockRefund,
  lowerRefunded,
  paymentRefundState,
  pendingRefundsOf,
  raiseRefunded,
  setRefundOutcome,
  type RefundRow,
  type RefundStatus,
} from './payments.refunds.repository';
import { setPaymentStatus } from './payments.repository';
import { toPaymentView } from './payments.schemas';
import { stripeAmount } from './stripe-amount';

export type { RefundRow } from './payments.refunds.repository';

/** A refund as the API shows it, without its items (the refunds module adds them). */
export interface RefundFields {
  id: string;
  orderId: string;
  amount: string;
  currency: string;
  shipping: boolean;
  reason: string | null;
  returnId: string | null;
  status: RefundStatus;
  providerRefundId: string | null;
  createdAt: string;
}

export const toRefundFields = (r: RefundRow): RefundFields => ({
  id: r.id,
  orderId: r.orderId,
  amount: formatMoney(r.amount, r.currency),
  currency: r.currency,
  shipping: r.shipping,
  reason: r.reason,
  returnId: r.returnId,
  status: r.status as RefundStatus,
  providerRefundId: r.providerRefundId,
  createdAt: r.createdAt.toISOString(),
});

/** What a refund is recorded against: the payment (as the order reads it). */
export interface RefundablePayment {
  id: string;
  provider: string;
  status: string;
  amount: DecimalLike;
  refundedAmount: DecimalLike;
  currency: string;
}

export interface NewRefund {
  orderId: string;
  /** In the payment's currency, already normalised to its digits. */
  amount: string;
  shipping?: boolean;
  reason?: string | null;
  returnId?: string | null;
}

const scaled = (v: DecimalLike | string) =>
  toScaled(typeof v === 'string' ? v : v.toFixed(MAX_MINOR_DIGITS), MAX_MINOR_DIGITS);

export const refundExceedsPayment = (requested: string, refundable: string, currency: string) =>
  conflict('REFUND_EXCEEDS_PAYMENT', 'The refund would exceed what was paid', {
    requested,
    refundable,
    currency,
  });

/** refunds_total{provider,status}, refunded_amount_total{currency}. */
export function refundMetrics(ctx: AppContext) {
  const m = ctx.metrics;
  return {
    refunds: m.counter('refunds_total', 'Refunds by provider and the status reached', ['provider', 'status'] as const),
    amount: m.counter('refunded_amount_total', 'Amount of succeeded refunds, in major units of the currency', [
      'currency',
    ] as const),
  };
}

export type SendResult = 'sent' | 'skipped' | 'retry';

export class RefundLedger {
  private readonly metrics;
  constructor(private readonly ctx: AppContext) {
    this.metrics = refundMetrics(ctx);
  }

  /**
   * Step 1, in the caller's write (the order locked by the caller): raises the payment's
   * refunded amount (409 REFUND_EXCEEDS_PAYMENT when it would pass what was paid) and inserts
   * the refund; with a provider to call, sends it after the commit (best effort: the sweeper
   * sends what this does not).
   */
  async record(w: Write, payment: RefundablePayment, r: NewRefund): Promise<RefundRow> {
    // An amount Stripe cannot refund exactly is refused now (409 AMOUNT_NOT_REPRESENTABLE), not by the worker.
    if (payment.provider === 'stripe') stripeAmount(r.amount, payment.currency);
    const raised = await raiseRefunded(w.tx, payment.id, r.amount);
    if (!raised) {
      const state = await paymentRefundState(w.tx, payment.id);
      const left = scaled(state.amount) - scaled(state.refundedAmount);
      throw refundExceedsPayment(
        r.amount,
        fromScaled(left > 0n ? left : 0n, MAX_MINOR_DIGITS, payment.currency),
        payment.currency,
      );
    }
    const manual = payment.provider === 'manual';
    const refund = await insertRefund(w.tx, {
      id: randomUUID(),
      tenantId: w.tenantId,
      orderId: r.orderId,
      paymentId: payment.id,
      returnId: r.returnId ?? null,
      provider: payment.provider,
      amount: r.amount,
      currency: payment.currency,
      status: manual ? 'succeeded' : 'pending',
      shipping: r.shipping ?? false,
      reason: r.reason ?? null,
    });
    this.count(w, refund);
    if (manual) await this.completePayment(w, payment.id);
    else
      w.afterCommit(async () => {
        await this.sendSafely(w.tenantId, refund.id);
      });
    return refund;
  }

  /** send() that never throws (after a commit: the sweeper retries what did not go). */
  async sendSafely(tenantId: string, refundId: string): Promise<SendResult> {
    try {
      return await this.send(tenantId, refundId);
    } catch (err) {
      this.ctx.logger.warn({ err, refundId, tenantId }, 'refund not sent; the refunds sweeper retries it');
      return 'retry';
    }
  }

  /**
   * Step 2: calls the provider for a pending refund that has no answer yet (outside any
   * transaction) and settles it from the answer. A transient error leaves it pending (thrown).
   */
  async send(tenantId: string, refundId: string): Promise<SendResult> {
    const read = await withTenant(this.ctx.db, tenantId, async (tx) => {
      const refund = await findRefund(tx, refundId);
      const payment = await tx.payment.findUniqueOrThrow({
        where: { id: refund.paymentId },
        select: { providerPaymentId: true },
      });
      return { refund, providerPaymentId: payment.providerPaymentId };
    });
    const { refund } = read;
    if (refund.status !== 'pending' || refund.providerRefundId !== null) return 'skipped';
    let outcome: { status: RefundStatus; providerRefundId: string | null; failureReason: string | null };
    try {
      const r = await providerFor(this.ctx, refund.provider).refund({
        providerPaymentId: read.providerPaymentId,
        amountMinor: stripeAmount(refund.amount, refund.currency),
        idempotencyKey: `refund-${refund.id}`,
        refundId: refund.id,
      });
      outcome = { status: r.status, providerRefundId: r.refundId, failureReason: r.failureReason };
    } catch (err) {
      if (!isPermanentProviderError(err)) throw err;
      const reason = (err as { details?: { code?: unknown } }).details?.code;
      outcome = { status: 'failed', providerRefundId: null, failureReason: String(reason ?? 'refused') };
    }
    await this.settleById(tenantId, refundId, outcome);
    return 'sent';
  }

  /** Step 3 in a write of its own (the worker's answer). */
  async settleById(
    tenantId: string,
    refundId: string,
    o: { status: RefundStatus; providerRefundId: string | null; failureReason: string | null },
  ): Promise<void> {
    await tenantWrite(this.ctx, actorOf(undefined, tenantId, null), (w) => this.settle(w, refundId, o));
  }

  /**
   * Settles a refund in the write, once: records the provider's id, and a final status
   * (succeeded, or failed: its amount goes back to the payment). Returns whether it changed.
   */
  async settle(
    w: Write,
    refundId: string,
    o: { status: RefundStatus; providerRefundId?: string | null; failureReason?: string | null },
  ): Promise<boolean> {
    const cur = await lockRefund(w.tx, refundId);
    if (!cur || cur.status !== 'pending') return false;
    const providerRefundId = cur.providerRefundId ?? o.providerRefundId ?? null;
    if (o.status === 'pending') {
      if (providerRefundId === cur.providerRefundId) return false;
      await setRefundOutcome(w.tx, refundId, { status: 'pending', providerRefundId });
      return true;
    }
    const updated = await setRefundOutcome(w.tx, refundId, {
      status: o.status,
      providerRefundId,
      failureReason: o.status === 'failed' ? (o.failureReason ?? 'failed') : null,
    });
    if (o.status === 'failed') await lowerRefunded(w.tx, cur.paymentId, cur.amount.toFixed(MAX_MINOR_DIGITS));
    else await this.completePayment(w, cur.paymentId);
    w.audit({
      action: 'UPDATE',
      resource: 'refund',
      resourceId: refundId,
      before: { status: cur.status },
      after: { status: updated.status, providerRefundId, failureReason: updated.failureReason },
    });
    this.count(w, updated);
    return true;
  }

  /**
   * Stripe's charge.refunded: the charge's `amount_refunded` (minor units) covers the pending
   * refunds of the payment, oldest first, as far as it goes (the charge does not list its
   * refunds unless expanded): those are succeeded.
   */
  async settleFromCharge(w: Write, paymentId: string, amountRefundedMinor: number): Promise<number> {
    const all = await w.tx.refund.findMany({
      where: { paymentId, status: 'succeeded' },
      select: { amount: true, currency: true },
    });
    let covered = all.reduce((s, r) => s + stripeAmount(r.amount, r.currency), 0);
    let n = 0;
    for (const r of await pendingRefundsOf(w.tx, paymentId)) {
      const minor = stripeAmount(r.amount, r.currency);
      if (covered + minor > amountRefundedMinor) break;
      covered += minor;
      if (await this.settle(w, r.id, { status: 'succeeded' })) n++;
    }
    return n;
  }

  /** Stripe's refund.updated / refund.* objects: settles our refund they name. */
  async settleFromStripeRefund(
    w: Write,
    refundId: string,
    r: { id: string; status?: string | null; failure_reason?: string | null },
  ): Promise<boolean> {
    const outcome = stripeRefundOutcome(r);
    return this.settle(w, refundId, { ...outcome, providerRefundId: r.id });
  }

  /** Step 2 again for refunds a crash left unsent: pending, no provider id, older than `olderThanSeconds`. */
  async sweepOnce(olderThanSeconds: number, limit = 100, onlyTenantId?: string): Promise<number> {
    const due = await dueRefunds(this.ctx.db, olderThanSeconds, limit);
    let sent = 0;
    for (const d of due) {
      if (onlyTenantId !== undefined && d.tenantId !== onlyTenantId) continue;
      if ((await this.sendSafely(d.tenantId, d.id)) === 'sent') sent++;
    }
    if (sent > 0) this.ctx.logger.info({ sent }, 'pending refunds sent by the sweeper');
    return sent;
  }

  /** A payment whose whole amount is refunded and settled becomes REFUNDED (payment.refunded). */
  private async completePayment(w: Write, paymentId: string): Promise<void> {
    const s = await paymentRefundState(w.tx, paymentId);
    if (s.status !== 'PAID' || s.pending > 0 || scaled(s.refundedAmount) !== scaled(s.amount)) return;
    const updated = await setPaymentStatus(w.tx, paymentId, 'REFUNDED');
    w.emit('payment.refunded', toPaymentView(updated));
    w.afterCommit(() =>
      this.ctx.metrics
        .counter('payments_total', 'Payment status changes by the status reached', ['status'] as const)
        .inc({ status: 'REFUNDED' }),
    );
  }

  private count(w: Write, r: RefundRow): void {
    const major = Number(formatMoney(r.amount, r.currency));
    w.afterCommit(() => {
      this.metrics.refunds.inc({ provider: r.provider, status: r.status });
      if (r.status === 'succeeded') this.metrics.amount.inc({ currency: r.currency }, major);
    });
  }
}
