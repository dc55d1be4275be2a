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

const count = z.number().int().min(0);

/**
 * An inventory item's fields, once: the view (GET/PATCH /inventory, openapi.yaml's
 * InventoryItem) and the repository's row and stock-level types derive from it.
 */
export const inventoryItemView = z.object({
  productId: z.uuid(),
  sku: z.string(),
  name: z.string(),
  quantity: count,
  threshold: count,
  lowStock: z.boolean().describe('quantity <= threshold'),
});
export type InventoryItemView = z.infer<typeof inventoryItemView>;

/** A product's stock: its quantity and low-stock threshold (the inventory row's columns). */
export type StockLevel = Pick<InventoryItemView, 'quantity' | 'threshold'>;
/** A stock level as the repository reads it with its product: the view without the computed lowStock. */
export type InventoryRow = Omit<InventoryItemView, 'lowStock'>;
/** A stock level with the product's SKU and name (read, optionally locked, by readInventory). */
export type LockedInventory = Omit<InventoryRow, 'productId'>;
/** The stock levels a write sets: null keeps the column. */
export type StockLevelChanges = { [K in keyof StockLevel]: StockLevel[K] | null };

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
