// Payments: request schema and the public objects.
import { z } from 'zod';
import { formatMoney, moneySchema, type DecimalLike } from '../../platform/money';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { uuidParam } from '../../platform/http/validate';

export const createIntentBody = z.object({ orderId: uuidParam }).strict();
export type CreateIntentInput = z.infer<typeof createIntentBody>;

export const PAYMENT_STATUSES = ['PENDING', 'PAID', 'FAILED', 'REFUNDED'] as const;

/** POST /payments/intents. provider and status are typed as the columns' strings; the spec lists their values. */
export const intentView = z.object({
  paymentId: z.uuid(),
  provider: z.string().meta({ enum: ['stripe', 'manual'] }),
  clientSecret: z
    .string()
    .nullable()
    .describe('Stripe PaymentIntent client secret (for Stripe.js); null for the manual provider'),
  amount: moneySchema,
  currency: z.string().regex(/^[A-Z]{3}$/),
  status: z.string().meta({ enum: [...PAYMENT_STATUSES] }),
});
export type IntentView = z.infer<typeof intentView>;

export const openApiSchemas: OpenApiSchemas = { responses: { PaymentIntent: intentView } };

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
