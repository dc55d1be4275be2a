// Inventory input schemas and views.
import { z } from 'zod';
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
    delta: z.number().int().min(-INT_MAX).max(INT_MAX).optional(),
    quantity: z.number().int().min(0).max(INT_MAX).optional(),
    threshold: z.number().int().min(0).max(INT_MAX).optional(),
  })
  .strict()
  .superRefine((o, ctx) => {
    if (o.delta !== undefined && o.quantity !== undefined)
      ctx.addIssue({ code: 'custom', path: ['delta'], message: 'send either delta or quantity, not both' });
    if (o.delta === undefined && o.quantity === undefined && o.threshold === undefined)
      ctx.addIssue({ code: 'custom', path: [], message: 'one of delta, quantity or threshold is required' });
  });
export type PatchInventoryInput = z.infer<typeof patchInventoryBody>;

export interface StockLevel {
  quantity: number;
  threshold: number;
}

export interface InventoryItemView {
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  threshold: number;
  lowStock: boolean;
}

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
