// Promotions (contract part 2, "Promotions"): a discount with an optional code. The rules
// that depend on the type or the tenant currency (value required or forbidden, percent
// bounds, amount digits, the window, usageLimit vs timesUsed) are the service's, since a
// PATCH is checked against the promotion it changes.
import { z } from 'zod';
import { pagination } from '../../platform/http/validate';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { moneySchema } from '../../platform/money';

export const PROMOTION_TYPES = ['percentage', 'fixed_amount', 'free_shipping'] as const;
export type PromotionType = (typeof PROMOTION_TYPES)[number];
export const PROMOTION_STATUSES = ['active', 'disabled'] as const;
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];

const INT4_MAX = 2_147_483_647;

const ids = (what: string) =>
  z
    .array(z.uuid())
    .max(500)
    .refine((xs) => new Set(xs).size === xs.length, { message: `${what} ids must be distinct` });

const appliesTo = z
  .object({
    productIds: ids('product').optional(),
    categoryIds: ids('category').optional(),
    collectionIds: ids('collection').optional(),
  })
  .strict()
  .describe('What the promotion applies to; all empty or absent: the whole order');

/** Kept as sent ("Summer10"); unique per tenant case-insensitively. */
const code = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^\S+$/, { message: 'must not contain spaces' })
  .describe('Unique per store, case-insensitive; null: an automatic promotion');

const positiveInt = z.number().int().min(1).max(INT4_MAX);
const dateTime = z.iso.datetime({ offset: true });

const fields = {
  name: z.string().trim().min(1).max(200),
  code: code.nullable().optional(),
  type: z.enum(PROMOTION_TYPES),
  value: moneySchema
    .nullable()
    .optional()
    .describe(
      'percentage: percent 0.01 to 100, at most two decimals; fixed_amount: an amount in the store currency; ' +
        'free_shipping: null or absent',
    ),
  appliesTo: appliesTo.optional(),
  minSubtotal: moneySchema.nullable().optional().describe('Inclusive, in the store currency'),
  startsAt: dateTime.nullable().optional(),
  endsAt: dateTime.nullable().optional().describe('After startsAt'),
  usageLimit: positiveInt.nullable().optional().describe('Orders that may use it, in all'),
  perCustomerLimit: positiveInt.nullable().optional().describe('Orders of one customer (or guest e-mail)'),
  combinable: z.boolean().optional(),
  priority: z.number().int().min(-1_000_000).max(1_000_000).optional().describe('Lower runs first'),
  status: z.enum(PROMOTION_STATUSES).optional(),
};

export const createPromotionBody = z.object(fields).strict();
export type CreatePromotionInput = z.infer<typeof createPromotionBody>;

export const updatePromotionBody = z
  .object(fields)
  .partial()
  .strict()
  .describe('`appliesTo`, when given, replaces the whole target (absent lists become empty)');
export type UpdatePromotionInput = z.infer<typeof updatePromotionBody>;

export const listPromotionsQuery = z
  .object({
    ...pagination,
    status: z.enum(PROMOTION_STATUSES).optional(),
    q: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type ListPromotionsQuery = z.infer<typeof listPromotionsQuery>;

export const promotionView = z.object({
  id: z.uuid(),
  name: z.string(),
  code: z.string().nullable(),
  automatic: z.boolean().describe('True when code is null'),
  type: z.enum(PROMOTION_TYPES),
  value: z
    .string()
    .regex(/^\d{1,12}(\.\d{1,3})?$/)
    .nullable()
    .describe('Percent ("12.5") or an amount in the store currency digits; null for free_shipping'),
  appliesTo: z.object({
    productIds: z.array(z.uuid()),
    categoryIds: z.array(z.uuid()),
    collectionIds: z.array(z.uuid()),
  }),
  minSubtotal: moneySchema.nullable(),
  startsAt: z.iso.datetime().nullable(),
  endsAt: z.iso.datetime().nullable(),
  usageLimit: z.number().int().nullable(),
  perCustomerLimit: z.number().int().nullable(),
  combinable: z.boolean(),
  priority: z.number().int(),
  timesUsed: z.number().int().min(0),
  status: z.enum(PROMOTION_STATUSES),
  createdAt: z.iso.datetime(),
});
export type PromotionView = z.infer<typeof promotionView>;

export const openApiSchemas: OpenApiSchemas = {
  requests: { CreatePromotionRequest: createPromotionBody, UpdatePromotionRequest: updatePromotionBody },
  responses: { Promotion: promotionView },
};
