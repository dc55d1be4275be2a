// Inventory input schemas and views.
import { z } from 'zod';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { pagination, queryBool } from '../../platform/http/validate';

const INT_MAX = 2_147_483_647;

export const listInventoryQuery = z
  .object({
    ...pagination,
    lowStock: queryBool.optional(),
  })
  .strict();
export type ListInventoryQuery = z.infer<typeof listInventoryQuery>;

export const productIdParams = z.object({ productId: z.string().uuid({ message: 'must be a UUID' }) }).strict();

/** `{delta}` (atomic add, may be negative) or `{quantity}` (set), optionally `threshold`. */
export const patchInventoryBody = z
  .object({
    delta: z.number().int().min(-INT_MAX).max(INT_MAX).describe('Atomic add (may be negative)').optional(),
    quantity: z.number().int().min(0).max(INT_MAX).describe('Absolute value').optional(),
    threshold: z.number().int().min(0).max(INT_MAX).optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.delta !== undefined && o.quantity !== undefined)
      ctx.addIssue({ code: 'custom', path: ['delta'], message: 'send either delta or quantity, not both' });
    if (o.delta === undefined && o.quantity === undefined && o.threshold === undefined)
      ctx.addIssue({ code: 'custom', path: [], message: 'one of delta, quantity or threshold is required' });
  })
  .meta({
    description: '`delta` or `quantity` (not both), and/or `threshold`',
    minProperties: 1,
    not: { properties: { delta: { type: 'integer' }, quantity: { type: 'integer' } }, required: ['delta', 'quantity'] },
  });
export type PatchInventoryInput = z.infer<typeof patchInventoryBody>;

export interface StockLevel {
  quantity: number;
  threshold: number;
}

const count = z.number().int().min(0);

/** A stock level as GET/PATCH /inventory return it. */
export const inventoryItemView = z.object({
  productId: z.uuid(),
  sku: z.string(),
  name: z.string(),
  quantity: count,
  threshold: count,
  lowStock: z.boolean().describe('quantity <= threshold'),
});
export type InventoryItemView = z.infer<typeof inventoryItemView>;

/** What adjustStockInTx returns. */
export interface StockChange {
  productId: string;
  before: StockLevel;
  after: StockLevel;
  /** True when this change took the product from above its threshold to at/below it. */
  becameLow: boolean;
}

/** Low stock means quantity at or below the threshold. */
export const isLow = (s: StockLevel): boolean => s.quantity <= s.threshold;

export const openApiSchemas: OpenApiSchemas = {
  requests: { UpdateInventoryRequest: patchInventoryBody },
  responses: { InventoryItem: inventoryItemView },
};
