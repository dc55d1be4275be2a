// Payments persistence and the Stripe-event bookkeeping (all inside tenant transactions,
// except the SECURITY DEFINER look-up of a payment's tenant by its provider id).
import type { Db, Tx } from '../../platform/db/prisma';
import type { PaymentStatus, Prisma } from '../../generated/prisma/client';
import { selectFields } from '../../platform/db/select-fields';
import { paymentFieldsSchema, type PaymentFields } from './payments.schemas';

/** The columns a payment is read with: its fields (payments.schemas) and what the server sets. */
export const paymentSelect = {
  id: true,
  ...selectFields(paymentFieldsSchema),
  // What has been refunded of it (refunds, ADR 0011).
  refundedAmount: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.PaymentSelect;

/** A payment to insert: its fields (the amount as text, "12.30"), its status as the column's enum. */
export type NewPayment = Omit<PaymentFields, 'status'> & { tenantId: string; status: PaymentStatus };

export async function findPaymentByOrder(tx: Tx, orderId: string) {
  return tx.payment.findUnique({ where: { orderId }, select: paymentSelect });
}

export async function findPaymentByProviderId(tx: Tx, providerPaymentId: string) {
  return tx.payment.findUnique({ where: { providerPaymentId }, select: paymentSelect });
}

export async function insertPayment(tx: Tx, p: NewPayment) {
  return tx.payment.create({ data: p, select: paymentSelect });
}

export async function setPaymentStatus(tx: Tx, id: string, status: PaymentStatus) {
  return tx.payment.update({ where: { id }, data: { status }, select: paymentSelect });
}

/** The tenant of a payment, by the provider's id (before any tenant is known: webhooks). */
export async function paymentTenantByProviderId(db: Db, providerPaymentId: string): Promise<string | null> {
  const rows = await db.$queryRaw<{ tenant_id: string | null }[]>`
    SELECT app_payment_tenant_by_provider_id(${providerPaymentId}) AS tenant_id`;
  return rows[0]?.tenant_id ?? null;
}

/** Records a Stripe event id; false when it was already processed (a replay). */
export async function markStripeEventProcessed(
  tx: Tx,
  e: { id: string; tenantId: string; type: string },
): Promise<boolean> {
  const n = await tx.$executeRaw`
    INSERT INTO processed_stripe_events (id, tenant_id, type) VALUES (${e.id}, ${e.tenantId}::uuid, ${e.type})
    ON CONFLICT (id) DO NOTHING`;
  return n === 1;
}
