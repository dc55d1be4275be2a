// Inventory input schemas and views. Stock is per variant: on_hand (physical), reserved (held
// by unfulfilled orders) and available = on_hand - reserved; part 1's `quantity` is available.
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
export const variantIdParams = z.object({ variantId: z.string().uuid({ message: 'must be a UUID' }) }).strict();

/** `{delta}` (atomic add to available, may be negative) or `{quantity}` (set available), optionally `threshold`. */
export const patchInventoryBody = z
  .object({
    delta: z
      .number()
      .int()
      .min(-INT_MAX)
      .max(INT_MAX)
      .describe('Atomic add to available (may be negative); onHand moves with it')
      .optional(),
    quantity: z
      .number()
      .int()
      .min(0)
      .max(INT_MAX)
      .describe('Absolute available; onHand becomes reserved + quantity')
      .optional(),
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
 * A variant's stock, once: the view (GET/PATCH /inventory, openapi.yaml's InventoryItem) and
 * the repository's row types derive from it. `quantity` is part 1's name for `available`.
 */
export const inventoryItemView = z.object({
  variantId: z.uuid(),
  productId: z.uuid(),
  sku: z.string().describe("The variant's SKU"),
  name: z.string().describe("The product's name"),
  title: z.string().describe('The variant\'s title ("Default" without options)'),
  onHand: count.describe('Physical stock'),
  reserved: count.describe('Held by unfulfilled orders'),
  available: count.describe('onHand - reserved: what can still be sold'),
  quantity: count.describe('Part-1 name of available'),
  threshold: count,
  lowStock: z.boolean().describe('available <= threshold'),
});
export type InventoryItemView = z.infer<typeof inventoryItemView>;

/** A variant's stock as the low-stock rule sees it (interfaces.md). */
export type StockLevel = Pick<InventoryItemView, 'available' | 'threshold'>;
/** A variant's stock row: on_hand, reserved, available and the threshold. */
export type StockRow = Pick<InventoryItemView, 'onHand' | 'reserved' | 'available' | 'threshold'>;
/** A stock row with what names it (the view without the computed and part-1 fields). */
export type InventoryRow = Omit<InventoryItemView, 'lowStock' | 'quantity'>;
/** What names a variant in a low-stock event (interfaces.md). */
export type StockLabel = Pick<InventoryItemView, 'productId' | 'variantId' | 'sku' | 'name'> & { variantTitle: string };
/** The stock levels a write sets: null keeps the column. */
export interface StockLevelChanges {
  available: number | null;
  threshold: number | null;
}

/** Part 1's stock level (adjustStockInTx's before/after, audit rows): quantity = available. */
export interface PartOneLevel {
  quantity: number;
  threshold: number;
}

/** What adjustStockInTx returns (part-1 shape). */
export interface StockChange {
  productId: string;
  before: PartOneLevel;
  after: PartOneLevel;
  /** True when this change took the variant from above its threshold to at/below it. */
  becameLow: boolean;
}

/** Which inventory row a write names: a variant, or a product's only active variant (part 1). */
export type StockTarget = { variantId: string } | { productId: string };

/** Low stock means available at or below the threshold. */
export const isLow = (s: StockLevel): boolean => s.available <= s.threshold;

export const openApiSchemas: OpenApiSchemas = {
  requests: { UpdateInventoryRequest: patchInventoryBody },
  responses: { InventoryItem: inventoryItemView },
};
