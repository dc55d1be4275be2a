// Catalog: the product's fields, the input schemas and the product view built from them.
import { z } from 'zod';
import { pagination, queryBool } from '../../platform/http/validate';
import { moneySchema } from '../../platform/money';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';

// eslint-disable-next-line no-control-regex
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max).regex(NO_CONTROL, 'must not contain control characters');

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

const INT_MAX = 2_147_483_647;

/**
 * A product's fields, once. The create and update bodies, the view (GET/POST/PATCH responses,
 * openapi.yaml's Product) and the repository's row and changes types all derive from it, so a
 * new field is added here and in the places that store or show it.
 */
export const productFields = {
  name: text(200),
  sku: text(100).describe('Unique per tenant'),
  price: moneySchema,
  description: z.string().max(5000).nullable(),
  category: text(100).nullable(),
  imageUrls: z.array(httpsUrl).max(10, 'at most 10 image URLs'),
  isActive: z.boolean(),
  lowStockThreshold: z.number().int().min(0).max(INT_MAX),
};

/** The fields a merchant writes on create and update (isActive only on update). */
const editable = z.object(productFields).omit({ isActive: true });

export const createProductBody = editable
  .partial({ description: true, category: true, imageUrls: true })
  .extend({
    initialQuantity: z.number().int().min(0).max(INT_MAX).optional().meta({ default: 0 }),
    lowStockThreshold: productFields.lowStockThreshold.optional().meta({ default: 10 }),
  })
  .strict();
export type CreateProductInput = z.infer<typeof createProductBody>;

/** Partial update of the create fields except stock; `isActive` re-activates a deleted product. */
export const updateProductBody = z
  .object(productFields)
  .partial()
  .extend({ isActive: productFields.isActive.describe('true re-activates a soft-deleted product').optional() })
  .strict()
  .refine((o) => Object.keys(o).length > 0, { message: 'at least one field is required' })
  .meta({ minProperties: 1 });
export type UpdateProductInput = z.infer<typeof updateProductBody>;

export const PRODUCT_SORTS = ['createdAt', '-createdAt', 'price', '-price', 'name'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export const listProductsQuery = z
  .object({
    ...pagination,
    q: z.string().trim().min(1).max(200).optional(),
    category: z.string().trim().min(1).max(100).optional(),
    minPrice: moneySchema.optional(),
    maxPrice: moneySchema.optional(),
    sort: z.enum(PRODUCT_SORTS).default('-createdAt'),
    isActive: queryBool.optional(),
  })
  .strict()
  .refine((o) => o.minPrice === undefined || o.maxPrice === undefined || Number(o.minPrice) <= Number(o.maxPrice), {
    message: 'minPrice must not exceed maxPrice',
    path: ['minPrice'],
  });
export type ListProductsQuery = z.infer<typeof listProductsQuery>;

const count = z.number().int().min(0);

export const inventoryView = z.object({
  quantity: count,
  threshold: count,
  lowStock: z.boolean().describe('quantity <= threshold'),
});
export type InventoryView = z.infer<typeof inventoryView>;

/** The public product (what GET/POST/PATCH /products return): the fields plus what the server sets. */
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
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ProductView = z.infer<typeof productView>;

export interface ProductPage {
  items: ProductView[];
  total: number;
}

/** A product as the repository reads it: the view's fields (price as the column's text, "12.30"), stock flattened, times as Dates. */
export type ProductRow = Omit<ProductView, 'currency' | 'inventory' | 'createdAt' | 'updatedAt'> &
  Omit<InventoryView, 'lowStock'> & { createdAt: Date; updatedAt: Date };

type Editable = z.infer<typeof editable>;
/** A product to insert: the editable fields, with its first stock level. */
export type NewProduct = Omit<Editable, 'lowStockThreshold'> & {
  tenantId: string;
  quantity: number;
  threshold: number;
};
/** The product columns an update may change (the threshold lives on the inventory row). */
export type ProductChanges = Partial<Omit<Editable, 'lowStockThreshold'> & Pick<ProductView, 'isActive'>>;

export const openApiSchemas: OpenApiSchemas = {
  requests: { HttpsUrl: httpsUrl, CreateProductRequest: createProductBody, UpdateProductRequest: updateProductBody },
  responses: { ProductInventory: inventoryView, Product: productView },
};
