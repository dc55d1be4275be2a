// Carts (contract part 2, "Carts and checkout"): request bodies and the Cart object. A cart
// is always shown re-priced against live data, so the view is computed, never stored.
import { z } from 'zod';
import { addressSchema } from '../../platform/address';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { pagination, uuidParam } from '../../platform/http/validate';
import { moneySchema } from '../../platform/money';

export const CART_STATUSES = ['open', 'completed'] as const;
export type CartStatus = (typeof CART_STATUSES)[number];

/** E-mails are matched trimmed and lower-cased everywhere (contract): stored that way. */
const emailSchema = z
  .string()
  .trim()
  .max(254)
  .email({ message: 'must be a valid e-mail address' })
  .transform((e) => e.toLowerCase());

const quantity = z.number().int().min(1).max(1000);

/** A variant, or a product with one active variant (as orders take it). */
export const cartItemInput = z
  .object({
    variantId: uuidParam.describe('The variant to buy').optional(),
    productId: uuidParam.describe('A one-variant product; with variantId, its product').optional(),
    quantity,
  })
  .strict()
  .superRefine((it, c) => {
    if (it.variantId === undefined && it.productId === undefined)
      c.addIssue({ code: 'custom', path: ['variantId'], message: 'variantId or productId is required' });
  })
  .meta({ anyOf: [{ required: ['variantId'] }, { required: ['productId'] }] });
export type CartItemInput = z.infer<typeof cartItemInput>;

export const createCartBody = z
  .object({
    email: emailSchema.optional(),
    items: z.array(cartItemInput).max(100).optional().describe('Lines to start with; one variant twice adds up'),
  })
  .strict();
export type CreateCartInput = z.infer<typeof createCartBody>;

export const updateCartBody = z
  .object({
    email: emailSchema.nullable().optional(),
    shippingAddress: addressSchema.nullable().optional(),
    billingAddress: addressSchema.nullable().optional(),
  })
  .strict()
  .describe('A changed shipping address drops a shipping method that is no longer eligible');
export type UpdateCartInput = z.infer<typeof updateCartBody>;

export const updateItemBody = z
  .object({ quantity: z.number().int().min(0).max(1000).describe('0 removes the line') })
  .strict();

export const shippingMethodBody = z.object({ rateId: uuidParam }).strict();

export const discountCodeBody = z.object({ code: z.string().trim().min(1).max(100) }).strict();

export const itemParams = z.object({ id: uuidParam, itemId: uuidParam }).strict();
export const codeParams = z.object({ id: uuidParam, code: z.string().trim().min(1).max(100) }).strict();

export const listCartsQuery = z.object({ ...pagination, status: z.enum(CART_STATUSES).optional() }).strict();
export type ListCartsQuery = z.infer<typeof listCartsQuery>;

export const cartItemView = z.object({
  id: z.uuid(),
  productId: z.uuid(),
  variantId: z.uuid(),
  sku: z.string(),
  name: z.string().describe("The product's name"),
  variantTitle: z.string(),
  quantity: z.number().int(),
  unitPrice: moneySchema.describe("The variant's live price"),
  subtotal: moneySchema,
  discountTotal: moneySchema,
  taxTotal: moneySchema,
  total: moneySchema.describe('subtotal − discountTotal (+ taxTotal when prices exclude tax)'),
});
export type CartItemView = z.infer<typeof cartItemView>;

export const shippingMethodView = z.object({
  rateId: z.uuid(),
  name: z.string(),
  amount: moneySchema.describe('The effective amount (0 from the rate’s freeAbove on)'),
});

const cartDiscountView = z.object({
  code: z.string().nullable().describe('null: an automatic promotion'),
  promotionId: z.uuid(),
  amount: moneySchema.describe('What it takes off (free shipping: the shipping amount it waived)'),
});

export const discountCodeDetailView = z.object({
  code: z.string(),
  applied: z.boolean(),
  reason: z
    .enum([
      'not_found',
      'disabled',
      'not_started',
      'expired',
      'exhausted',
      'limit_reached',
      'min_subtotal',
      'not_applicable',
      'not_combinable',
    ])
    .nullable()
    .describe('Why the code does not apply now (null when it does)'),
});

export const cartView = z.object({
  id: z.uuid().describe("A guest cart's id is its only credential"),
  customerId: z.uuid().nullable(),
  email: z.string().nullable(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  items: z.array(cartItemView),
  shippingAddress: addressSchema.nullable(),
  billingAddress: addressSchema.nullable(),
  shippingMethod: shippingMethodView.nullable().describe('null when none is chosen or it is no longer eligible'),
  discountCodes: z.array(z.string()),
  discounts: z
    .array(cartDiscountView)
    .describe('The promotions applied now, in application order (automatic ones and codes)'),
  discountCodeDetails: z
    .array(discountCodeDetailView)
    .describe('Each of discountCodes: whether it applies now and, if not, why (it stays on the cart)'),
  subtotal: moneySchema,
  discountTotal: moneySchema,
  shippingTotal: moneySchema,
  taxTotal: moneySchema,
  total: moneySchema,
  status: z.enum(CART_STATUSES),
  orderId: z.uuid().nullable().describe('The order a completed cart became'),
  expiresAt: z.string().describe('An open cart idle until then is deleted (CART_TTL_DAYS after its last write)'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CartView = z.infer<typeof cartView>;

export const effectiveRateView = z.object({
  id: z.uuid(),
  name: z.string(),
  amount: moneySchema.describe('What this cart pays for it (0 from freeAbove on)'),
});

export const openApiSchemas: OpenApiSchemas = {
  requests: {
    CreateCartRequest: createCartBody,
    UpdateCartRequest: updateCartBody,
    AddCartItemRequest: cartItemInput,
    UpdateCartItemRequest: updateItemBody,
    SetShippingMethodRequest: shippingMethodBody,
    AddDiscountCodeRequest: discountCodeBody,
  },
  responses: { Cart: cartView, CartItem: cartItemView, CartShippingRate: effectiveRateView },
};
