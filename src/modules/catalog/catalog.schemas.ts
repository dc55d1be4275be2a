// Catalog input schemas and the product view.
import { z } from 'zod';
import { pagination, queryBool } from '../../platform/http/validate';
import { moneySchema } from '../../platform/money';

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
  }, 'must be an https URL');

const productFields = {
  name: text(200),
  sku: text(100),
  price: moneySchema,
  description: z.string().max(5000).nullable().optional(),
  category: text(100).nullable().optional(),
  imageUrls: z.array(httpsUrl).max(10, 'at most 10 image URLs'),
  lowStockThreshold: z.number().int().min(0).max(2_147_483_647),
};

export const createProductBody = z
  .object({
    name: productFields.name,
    sku: productFields.sku,
    price: productFields.price,
    description: productFields.description,
    category: productFields.category,
    imageUrls: productFields.imageUrls.optional(),
    initialQuantity: z.number().int().min(0).max(2_147_483_647).optional(),
    lowStockThreshold: productFields.lowStockThreshold.optional(),
  })
  .strict();
export type CreateProductInput = z.infer<typeof createProductBody>;

/** Partial update of the create fields except stock; `isActive` re-activates a deleted product. */
export const updateProductBody = z
  .object({
    name: productFields.name.optional(),
    sku: productFields.sku.optional(),
    price: productFields.price.optional(),
    description: productFields.description,
    category: productFields.category,
    imageUrls: productFields.imageUrls.optional(),
    lowStockThreshold: productFields.lowStockThreshold.optional(),
    isActive: z.boolean().optional(),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, { message: 'at least one field is required' });
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

export interface InventoryView {
  quantity: number;
  threshold: number;
  lowStock: boolean;
}

export interface ProductView {
  id: string;
  name: string;
  sku: string;
  description: string | null;
  price: string;
  currency: string;
  category: string | null;
  imageUrls: string[];
  isActive: boolean;
  inventory: InventoryView;
  createdAt: string;
  updatedAt: string;
}

export interface ProductPage {
  items: ProductView[];
  total: number;
}
