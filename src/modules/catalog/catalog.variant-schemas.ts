// Catalog: options, variants and metadata (schemas shared by product and variant bodies).
import { z } from 'zod';
import { uuidParam } from '../../platform/http/validate';
import { moneySchema } from '../../platform/money';

// eslint-disable-next-line no-control-regex
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

export const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max).regex(NO_CONTROL, 'must not contain control characters');

export const INT_MAX = 2_147_483_647;

/** Merchant-owned key/value data: ≤ 50 keys, key ≤ 40 chars, string values ≤ 500 chars. */
export const metadataSchema = z
  .record(
    z.string().min(1).max(40, 'metadata keys are at most 40 characters'),
    z.union([z.string().max(500, 'metadata strings are at most 500 characters'), z.number(), z.boolean(), z.null()]),
  )
  .refine((m) => Object.keys(m).length <= 50, { message: 'at most 50 metadata keys' })
  .describe('Never returned to public or customer callers')
  .meta({ maxProperties: 50 });
export type Metadata = z.infer<typeof metadataSchema>;

export const optionSchema = z
  .object({
    name: text(100),
    values: z.array(text(100)).min(1).max(100, 'at most 100 values'),
  })
  .strict();
export type ProductOption = z.infer<typeof optionSchema>;

export const optionValuesSchema = z.record(text(100), text(100)).describe('{optionName: value}, one per option');

const variantFields = {
  sku: text(100).describe('Unique per tenant across all variants'),
  price: moneySchema,
  optionValues: optionValuesSchema,
  compareAtPrice: moneySchema.nullable(),
  weightGrams: z.number().int().min(0).max(INT_MAX).nullable(),
  lowStockThreshold: z.number().int().min(0).max(INT_MAX),
  metadata: metadataSchema,
};

/** A variant in POST /products `variants[]` and POST /products/:id/variants. */
export const variantInput = z
  .object({
    ...variantFields,
    optionValues: variantFields.optionValues.optional().meta({ default: {} }),
    compareAtPrice: variantFields.compareAtPrice.optional(),
    weightGrams: variantFields.weightGrams.optional(),
    initialQuantity: z.number().int().min(0).max(INT_MAX).optional().meta({ default: 0 }),
    lowStockThreshold: variantFields.lowStockThreshold.optional().meta({ default: 10 }),
    metadata: variantFields.metadata.optional(),
  })
  .strict();
export type VariantInput = z.infer<typeof variantInput>;

/** PATCH /products/:id/variants/:variantId (stock moves through /inventory). */
export const updateVariantBody = z
  .object({ ...variantFields, position: z.number().int().min(0).max(10_000), status: z.enum(['active', 'archived']) })
  .partial()
  .strict()
  .refine((o) => Object.keys(o).length > 0, { message: 'at least one field is required' })
  .meta({ minProperties: 1 });
export type UpdateVariantInput = z.infer<typeof updateVariantBody>;

export const variantParams = z.object({ id: uuidParam, variantId: uuidParam }).strict();

const count = z.number().int().min(0);

export const variantInventoryView = z.object({
  onHand: count.describe('Physical stock'),
  reserved: count.describe('Held by unfulfilled orders'),
  available: count.describe('onHand - reserved'),
  threshold: count,
  lowStock: z.boolean().describe('available <= threshold'),
});

export const variantView = z.object({
  id: z.uuid(),
  productId: z.uuid(),
  sku: variantFields.sku,
  title: z.string().describe('Option values joined by " / " in option order; "Default" without options'),
  optionValues: optionValuesSchema,
  price: moneySchema,
  compareAtPrice: moneySchema.nullable(),
  weightGrams: z.number().int().min(0).nullable(),
  position: count,
  status: z.enum(['active', 'archived']),
  inventory: variantInventoryView,
  metadata: metadataSchema.optional().describe('Staff only'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type VariantView = z.infer<typeof variantView>;
