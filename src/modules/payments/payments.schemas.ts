// Payments: request schema and the public objects.
import { z } from 'zod';
import { formatMoney, type DecimalLike } from '../../platform/money';
import { uuidParam } from '../../platform/http/validate';

export const createIntentBody = z.object({ orderId: uuidParam }).strict();
export type CreateIntentInput = z.infer<typeof createIntentBody>;

export interface IntentView {
  paymentId: string;
  provider: string;
  clientSecret: string | null;
  amount: string;
  currency: string;
  status: string;
}

/** The payment object carried by payment.* events (no client secret). */
export interface PaymentView {
  id: string;
  orderId: string;
  provider: string;
  providerPaymentId: string | null;
  amount: string;
  currency: string;
  status: string;
  createdAt: string;
  updatedAt: string;
}

export function toPaymentView(p: {
  id: string;
  orderId: string;
  provider: string;
  providerPaymentId: string | null;
  amount: DecimalLike;
  currency: string;
  status: string;
  createdAt: Date;
  updatedAt: Date;
}): PaymentView {
  return {
    id: p.id,
    orderId: p.orderId,
    provider: p.provider,
    providerPaymentId: p.providerPaymentId,
    amount: formatMoney(p.amount),
    currency: p.currency,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
