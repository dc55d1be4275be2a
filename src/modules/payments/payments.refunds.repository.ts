// The provider side of refunds (issue 17, ADR 0011): the `refunds` rows and the payment's
// refunded_amount. All inside tenant transactions, except the SECURITY DEFINER look-up of the
// refunds still to send (the sweeper, before any tenant is known).
import type { Db, Tx } from '../../platform/db/prisma';

/** The columns a refund is read with. */
export const refundSelect = {
  id: true,
  tenantId: true,
  orderId: true,
  paymentId: true,
  returnId: true,
  provider: true,
  amount: true,
  currency: true,
  status: true,
  shipping: true,
  reason: true,
  providerRefundId: true,
  failureReason: true,
  createdAt: true,
  updatedAt: true,
} as const;

export type RefundRow = Awaited<ReturnType<typeof findRefund>> & {};
export type RefundStatus = 'pending' | 'succeeded' | 'failed';

export async function findRefund(tx: Tx, id: string) {
  return tx.refund.findUniqueOrThrow({ where: { id }, select: refundSelect });
}

/** Locks the refund row (settling is serialised: the worker, the webhook and the sweeper). */
export async function lockRefund(tx: Tx, id: string): Promise<RefundRow | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM refunds WHERE id = ${id}::uuid FOR UPDATE`;
  return rows.length === 0 ? null : findRefund(tx, id);
}

/**
 * refunded_amount += amount on the payment, only while it stays within what was paid and the
 * payment is PAID: one guarded UPDATE on the (locked) row, so concurrent refunds can never
 * together exceed the payment. null: refused (nothing changed).
 */
export async function raiseRefunded(
  tx: Tx,
  paymentId: string,
  amount: string,
): Promise<{ amount: string; refundedAmount: string } | null> {
  const rows = await tx.$queryRaw<{ amount: string; refunded_amount: string }[]>`
    UPDATE payments SET refunded_amount = refunded_amount + ${amount}::numeric, updated_at = now()
    WHERE id = ${paymentId}::uuid AND status = 'PAID' AND refunded_amount + ${amount}::numeric <= amount
    RETURNING amount::text, refunded_amount::text`;
  const r = rows[0];
  return r ? { amount: r.amount, refundedAmount: r.refunded_amount } : null;
}

/** A failed refund gives its amount back (refunded_amount -= amount). */
export async function lowerRefunded(tx: Tx, paymentId: string, amount: string): Promise<void> {
  await tx.$executeRaw`
    UPDATE payments SET refunded_amount = GREATEST(refunded_amount - ${amount}::numeric, 0), updated_at = now()
    WHERE id = ${paymentId}::uuid`;
}

/** What is left to refund of a payment, and whether any refund of it is still pending. */
export async function paymentRefundState(
  tx: Tx,
  paymentId: string,
): Promise<{ amount: string; refundedAmount: string; status: string; pending: number }> {
  const [r] = await tx.$queryRaw<{ amount: string; refunded_amount: string; status: string; pending: number }[]>`
    SELECT p.amount::text, p.refunded_amount::text, p.status::text,
      (SELECT count(*)::int FROM refunds r WHERE r.payment_id = p.id AND r.status = 'pending') AS pending
    FROM payments p WHERE p.id = ${paymentId}::uuid`;
  return { amount: r!.amount, refundedAmount: r!.refunded_amount, status: r!.status, pending: r!.pending };
}

export async function insertRefund(
  tx: Tx,
  r: {
    id: string;
    tenantId: string;
    orderId: string;
    paymentId: string;
    returnId: string | null;
    provider: string;
    amount: string;
    currency: string;
    status: RefundStatus;
    shipping: boolean;
    reason: string | null;
  },
): Promise<RefundRow> {
  return tx.refund.create({ data: r, select: refundSelect });
}

export async function setRefundOutcome(
  tx: Tx,
  id: string,
  o: { status: RefundStatus; providerRefundId?: string | null; failureReason?: string | null },
): Promise<RefundRow> {
  return tx.refund.update({
    where: { id },
    data: {
      status: o.status,
      ...(o.providerRefundId !== undefined ? { providerRefundId: o.providerRefundId } : {}),
      ...(o.failureReason !== undefined ? { failureReason: o.failureReason } : {}),
    },
    select: refundSelect,
  });
}

/** The payment's refunds still pending, oldest first (charge.refunded settles them). */
export async function pendingRefundsOf(tx: Tx, paymentId: string): Promise<RefundRow[]> {
  return tx.refund.findMany({
    where: { paymentId, status: 'pending' },
    select: refundSelect,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
}

/** The refund of `providerRefundId`, or of our own id (Stripe's metadata.refundId). */
export async function findRefundForProvider(
  tx: Tx,
  providerRefundId: string,
  refundId: string | null,
): Promise<{ id: string } | null> {
  const byProvider = await tx.refund.findUnique({ where: { providerRefundId }, select: { id: true } });
  if (byProvider || !refundId || !/^[0-9a-f-]{36}$/i.test(refundId)) return byProvider;
  return tx.refund.findUnique({ where: { id: refundId }, select: { id: true } });
}

/**
 * Refunds of every tenant still to send to their provider: pending, never answered
 * (no provider id) and older than `olderThanSeconds` (SECURITY DEFINER look-up, ids only).
 */
export async function dueRefunds(
  db: Db,
  olderThanSeconds: number,
  limit: number,
): Promise<{ tenantId: string; id: string }[]> {
  const rows = await db.$queryRaw<{ tenant_id: string; id: string }[]>`
    SELECT tenant_id, id FROM app_due_refunds(${olderThanSeconds}::int, ${limit}::int)`;
  return rows.map((r) => ({ tenantId: r.tenant_id, id: r.id }));
}
