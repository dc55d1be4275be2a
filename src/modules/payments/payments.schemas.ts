// Payments: request schema and the public objects.
import { z } from 'zod';
import { formatMoney, moneySchema, type DecimalLike } from '../../platform/money';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { uuidParam } from '../../platform/http/validate';

export const createIntentBody = z.object({ orderId: uuidParam }).strict();
export type CreateIntentInput = z.infer<typeof createIntentBody>;

export const PAYMENT_STATUSES = ['PENDING', 'PAID', 'FAILED', 'REFUNDED'] as const;

/**
 * A payment's fields, once: the intent view (openapi.yaml's PaymentIntent), the payment.*
 * event object and the repository's select, row and insert types derive from them.
 * provider and status are typed as the columns' strings; the spec lists their values.
 */
export const paymentFields = {
  orderId: z.uuid(),
  provider: z.string().meta({ enum: ['stripe', 'manual'] }),
  providerPaymentId: z.string().nullable(),
  clientSecret: z
    .string()
    .nullable()
    .describe('Stripe PaymentIntent client secret (for Stripe.js); null for the manual provider'),
  amount: moneySchema,
  currency: z.string().regex(/^[A-Z]{3}$/),
  status: z.string().meta({ enum: [...PAYMENT_STATUSES] }),
};
export const paymentFieldsSchema = z.object(paymentFields);
export type PaymentFields = z.infer<typeof paymentFieldsSchema>;

/** POST /payments/intents. */
export const intentView = z.object({
  paymentId: z.uuid(),
  provider: paymentFields.provider,
  clientSecret: paymentFields.clientSecret,
  amount: paymentFields.amount,
  currency: paymentFields.currency,
  status: paymentFields.status,
});
export type IntentView = z.infer<typeof intentView>;

export const openApiSchemas: OpenApiSchemas = { responses: { PaymentIntent: intentView } };

/** The payment object carried by payment.* events and audit rows (no client secret). */
export const paymentView = z.object({
  id: z.uuid(),
  ...paymentFieldsSchema.omit({ clientSecret: true }).shape,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type PaymentView = z.infer<typeof paymentView>;

/** A payment as the repository reads it: its fields with the amount as a Decimal and times as Dates. */
export type PaymentRow = Omit<PaymentView, 'amount' | 'createdAt' | 'updatedAt'> &
  Pick<PaymentFields, 'clientSecret'> & { amount: DecimalLike; createdAt: Date; updatedAt: Date };

export function toPaymentView(p: Omit<PaymentRow, 'clientSecret'>): PaymentView {
  return {
    id: p.id,
    orderId: p.orderId,
    provider: p.provider,
    providerPaymentId: p.providerPaymentId,
    amount: formatMoney(p.amount, p.currency),
    currency: p.currency,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
