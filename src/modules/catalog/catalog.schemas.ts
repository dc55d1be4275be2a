// Catalog: the product's fields, the input schemas and the product view built from them.
// Variants' own schemas: catalog.variant-schemas.ts.
import { z } from 'zod';
import { handleSchema } from '../../platform/handle';
import { moneySchema } from '../../platform/money';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import {
  INT_MAX,
  metadataSchema,
  optionSchema,
  text,
  variantInput,
  variantView,
  variantInventoryView,
  updateVariantBody,
} from './catalog.variant-schemas';

export { INT_MAX, metadataSchema, text };

export const httpsUrl = z
  .string()
  .max(2048, 'must be at most 2048 characters')
  .refine((s) => {
    try {
      const u = new URL(s);
      return u.protocol === 'https:' && u.hostname.length > 0 && !u.username && !u.password;
    } catch {
      return false;
    }
  }, 'must be an https URL')
  .meta({ format: 'uri', pattern: '^https://' });

export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

const idList = z.array(z.uuid()).max(100, 'at most 100 ids');

/**
 * A product's fields, once. The create and update bodies, the view (GET/POST/PATCH responses,
 * openapi.yaml's Product) and the repository's row and changes types all derive from it, so a
 * new field is added here and in the places that store or show it.
 */
export const productFields = {
  name: text(200),
  sku: text(100).describe("Unique per tenant across all variants; on a product it is the first variant's"),
  price: moneySchema,
  description: z.string().max(5000).nullable(),
  category: text(100).nullable(),
  imageUrls: z.array(httpsUrl).max(10, 'at most 10 image URLs'),
  isActive: z.boolean(),
  lowStockThreshold: z.number().int().min(0).max(INT_MAX),
  handle: handleSchema.describe('Unique per tenant; generated from the name when absent'),
  status: z.enum(PRODUCT_STATUSES),
  options: z.array(optionSchema).max(3, 'at most 3 options'),
  metadata: metadataSchema,
  categoryIds: idList,
  collectionIds: idList,
};

/**
 * Create: the part-1 body (sku, price, initialQuantity, lowStockThreshold → one "Default"
 * variant) OR `options` + `variants`. Mixing them is refused (which stock would apply?).
 */
export const createProductBody = z
  .object({
    name: productFields.name,
    description: productFields.description.optional(),
    category: productFields.category.optional(),
    imageUrls: productFields.imageUrls.optional(),
    handle: productFields.handle.optional(),
    status: productFields.status.optional().meta({ default: 'active' }),
    metadata: productFields.metadata.optional(),
    categoryIds: productFields.categoryIds.optional(),
    collectionIds: productFields.collectionIds.optional(),
    sku: productFields.sku.optional().describe('Part-1 form: the SKU of the one "Default" variant'),
    price: moneySchema.optional().describe('Part-1 form: the price of the one "Default" variant'),
    initialQuantity: z.number().int().min(0).max(INT_MAX).optional().meta({ default: 0 }),
    lowStockThreshold: productFields.lowStockThreshold.optional().meta({ default: 10 }),
    options: productFields.options.optional(),
    variants: z.array(variantInput).min(1).max(250, 'at most 250 variants').optional(),
  })
  .strict()
  .superRefine((o, c) => {
    const issue = (path: string, message: string) => c.addIssue({ code: 'custom', path: [path], message });
    if (o.variants === undefined) {
      if (o.sku === undefined) issue('sku', 'sku is required (or variants)');
      if (o.price === undefined) issue('price', 'price is required (or variants)');
      if (o.options !== undefined && o.options.length > 0) issue('variants', 'options need variants');
      return;
    }
    for (const k of ['sku', 'price', 'initialQuantity', 'lowStockThreshold'] as const)
      if (o[k] !== undefined) issue(k, `${k} goes on each variant when variants are given`);
  });
export type CreateProductInput = z.infer<typeof createProductBody>;

/**
 * Partial update. `sku`, `price` and `lowStockThreshold` are the part-1 fields of the FIRST
 * variant (a one-variant product's only one). `isActive` true/false is status active/archived.
 */
export const updateProductBody = z
  .object(productFields)
  .partial()
  .extend({ isActive: productFields.isActive.describe('true re-activates a soft-deleted product').optional() })
  .strict()
  .refine((o) => Object.keys(o).length > 0, { message: 'at least one field is required' })
  .refine((o) => o.isActive === undefined || o.status === undefined, {
    message: 'give status or isActive, not both',
    path: ['isActive'],
  })
  .meta({ minProperties: 1 });
export type UpdateProductInput = z.infer<typeof updateProductBody>;

/** GET /products sort keys (the list itself: catalog.search*). */
export const PRODUCT_SORTS = ['createdAt', '-createdAt', 'price', '-price', 'name'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

const count = z.number().int().min(0);

export const inventoryView = z.object({
  quantity: count.describe("The first variant's available stock"),
  threshold: count,
  lowStock: z.boolean().describe('quantity <= threshold'),
});
export type InventoryView = z.infer<typeof inventoryView>;

/** The product (what GET/POST/PATCH /products return): the fields plus what the server sets. */
export const productView = z.object({
  id: z.uuid(),
  ...z.object(productFields).pick({ name: true, sku: true, description: true, price: true }).shape,
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .describe("The tenant's currency"),
  category: productFields.category,
  imageUrls: productFields.imageUrls,
  isActive: productFields.isActive,
  inventory: inventoryView,
  handle: productFields.handle,
  status: productFields.status,
  options: productFields.options,
  variants: z.array(variantView).describe('Archived variants are listed for staff only'),
  priceRange: z.object({ min: moneySchema, max: moneySchema }).describe('Over the active variants'),
  categoryIds: productFields.categoryIds,
  collectionIds: productFields.collectionIds,
  metadata: productFields.metadata.optional().describe('Staff only'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ProductView = z.infer<typeof productView>;

/** What order creation reads of a product (orders.repository): the first variant's sku/price. */
export interface ProductRow {
  id: string;
  name: string;
  sku: string;
  price: string;
  isActive: boolean;
}

export const openApiSchemas: OpenApiSchemas = {
  requests: {
    HttpsUrl: httpsUrl,
    CreateProductRequest: createProductBody,
    UpdateProductRequest: updateProductBody,
    CreateVariantRequest: variantInput,
    UpdateVariantRequest: updateVariantBody,
  },
  responses: {
    ProductInventory: inventoryView,
    VariantInventory: variantInventoryView,
    Variant: variantView,
    Product: productView,
  },
};
