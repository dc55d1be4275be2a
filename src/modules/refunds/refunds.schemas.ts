// Refunds: the request schema and the public Refund object.
import { z } from 'zod';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { distinctLines, uuidParam } from '../../platform/http/validate';
import { moneySchema } from '../../platform/money';

export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;

export const createRefundBody = z
  .object({
    items: z
      .array(
        z
          .object({
            orderItemId: uuidParam.describe("An item of the order (the Order's `items[].id`)"),
            quantity: z.number().int().min(1).max(1_000_000),
            restock: z
              .boolean()
              .default(false)
              .describe(
                'Stock back: a shipped unit goes back on hand; an unshipped one leaves reserved (available rises). ' +
                  'Without restock an unshipped unit is written off (leaves reserved and on hand)',
              ),
          })
          .strict(),
      )
      .max(100)
      .superRefine(
        distinctLines((it: { orderItemId: string }) => ({
          field: 'orderItemId',
          id: it.orderItemId,
          noun: 'order item',
        })),
      )
      .optional()
      .describe(
        "Lines refunded: without `amount`, the refund is their share of the line's total (tax and discount included)",
      ),
    shipping: z.boolean().optional().describe("Refund the shipping line's total incl. its tax (once per order)"),
    amount: moneySchema
      .optional()
      .describe("An explicit amount (> 0, in the currency's digits) instead of the computed one"),
    reason: z.string().trim().min(1).max(500).optional(),
    returnId: uuidParam.optional().describe('A return of this order the refund is for'),
  })
  .strict();
export type CreateRefundInput = z.infer<typeof createRefundBody>;

export const refundItemView = z.object({
  orderItemId: z.uuid(),
  quantity: z.number().int(),
  restock: z.boolean(),
  amount: z.string().describe("The line's share of the refund"),
});

export const refundView = z.object({
  id: z.uuid(),
  orderId: z.uuid(),
  amount: z.string().describe("Decimal string in the currency's digits"),
  currency: z.string(),
  items: z.array(refundItemView),
  shipping: z.boolean(),
  reason: z.string().nullable(),
  returnId: z.uuid().nullable(),
  status: z
    .enum(REFUND_STATUSES)
    .describe('pending until the provider answers (Stripe: after the response, by a worker or a webhook)'),
  providerRefundId: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type RefundView = z.infer<typeof refundView>;

export const openApiSchemas: OpenApiSchemas = {
  requests: { CreateRefundRequest: createRefundBody },
  responses: { Refund: refundView },
};
