// Orders: request schemas, the status state machine and the public Order object.
import { z } from 'zod';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { distinctLines, pagination, uuidParam } from '../../platform/http/validate';
import { addressSchema } from '../../platform/address';
import { moneySchema } from '../../platform/money';

export const ORDER_STATUSES = ['PENDING', 'PAID', 'FULFILLED', 'SHIPPED', 'COMPLETED', 'CANCELLED'] as const;
export const orderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

/** The contract's transitions, nothing else. PENDING→PAID happens only through a payment. */
export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  PENDING: ['PAID', 'CANCELLED'],
  PAID: ['FULFILLED', 'CANCELLED'],
  FULFILLED: ['SHIPPED'],
  SHIPPED: ['COMPLETED'],
  COMPLETED: [],
  CANCELLED: [],
};

export const canTransition = (from: OrderStatus, to: OrderStatus): boolean => TRANSITIONS[from].includes(to);

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * Merchant-defined key/value pairs (Stripe's metadata rules): at most 50 keys of up to 40
 * characters, string values of up to 500.
 */
export const metadataSchema = z
  .record(z.string().min(1).max(40), z.string().max(500))
  .refine((m) => Object.keys(m).length <= 50, { message: 'at most 50 keys' })
  .describe('Your key/value pairs (at most 50 keys of up to 40 characters; values up to 500)');

/** Part 1's shipping address plus the optional name fields of part 2 (additive). */
export const shippingAddressSchema = addressSchema;

/** A line: a variant, or (part 1) a product with one variant; both when they agree. */
export const orderItemInput = z
  .object({
    variantId: uuidParam.describe('The variant to buy').optional(),
    productId: uuidParam.describe('A one-variant product (part 1); with variantId, its product').optional(),
    quantity: z.number().int().min(1).max(1000),
  })
  .strict()
  .superRefine((it, c) => {
    if (it.variantId === undefined && it.productId === undefined)
      c.addIssue({ code: 'custom', path: ['variantId'], message: 'variantId or productId is required' });
  })
  .meta({ anyOf: [{ required: ['variantId'] }, { required: ['productId'] }] });

/** What makes two lines the same: the variant when named, else the product. */
const lineKey = (it: { variantId?: string; productId?: string }): [string, string] =>
  it.variantId !== undefined ? ['variantId', it.variantId.toLowerCase()] : ['productId', it.productId!.toLowerCase()];

export const createOrderBody = z
  .object({
    items: z
      .array(orderItemInput)
      .min(1)
      .max(100)
      .describe('Distinct variants (or one-variant products)')
      .superRefine(
        distinctLines((it: z.infer<typeof orderItemInput>) => {
          if (it.variantId === undefined && it.productId === undefined) return null;
          const [field, id] = lineKey(it);
          return { field, id, noun: field === 'variantId' ? 'variant' : 'product' };
        }),
      ),
    shippingAddress: shippingAddressSchema,
    customerId: uuidParam
      .describe('Required for MERCHANT/ADMIN (a customer of the store); customers omit it')
      .optional(),
    customerName: text(200).optional(),
    customerEmail: z.string().trim().max(254).email({ message: 'must be a valid e-mail address' }).optional(),
    billingAddress: addressSchema.optional(),
    shippingRateId: uuidParam
      .describe('A rate of the zone covering the shipping address; without it the order has no shipping line')
      .optional(),
    discountCodes: z.array(text(100)).max(10).describe('Codes of promotions to apply').optional(),
    metadata: metadataSchema.optional(),
  })
  .strict();
export type CreateOrderInput = z.infer<typeof createOrderBody>;

export const listOrdersQuery = z.object({ ...pagination, status: z.enum(ORDER_STATUSES).optional() }).strict();
export type ListOrdersQuery = z.infer<typeof listOrdersQuery>;

export const statusBody = z.object({ status: z.enum(ORDER_STATUSES) }).strict();

/** `Idempotency-Key` header: 1–255 visible ASCII characters. */
export const idempotencyKeyHeader = z
  .string()
  .regex(/^[\x21-\x7e]{1,255}$/, { message: 'must be 1–255 visible ASCII characters' });

/**
 * An order's fields, once: the view (responses, order.* events, openapi.yaml's Order), the
 * repository's Prisma select and row type, and the insert type derive from them.
 */
export const orderFields = {
  customerId: z.uuid().nullable().describe('null: a guest order (until its e-mail registers as a customer)'),
  customerName: z.string().nullable(),
  customerEmail: z.string().nullable(),
  shippingAddress: shippingAddressSchema,
  totalAmount: moneySchema.describe(
    '= total: subtotal − discountTotal + shippingTotal (+ taxTotal when prices exclude tax)',
  ),
  currency: z.string().regex(/^[A-Z]{3}$/),
};
export const orderFieldsSchema = z.object(orderFields);
export type OrderFields = z.infer<typeof orderFieldsSchema>;

/** An order line's fields, once (the view, the select and the insert). */
export const orderItemView = z.object({
  productId: z.uuid(),
  variantId: z.uuid(),
  sku: z.string().describe("The variant's SKU at purchase"),
  name: z.string().describe("The product's name at purchase"),
  variantTitle: z.string().describe('The variant\'s title at purchase ("Default" without options)'),
  optionValues: z.record(z.string(), z.string()).describe('The variant\'s option values at purchase ({"Size": "M"})'),
  quantity: z.number().int(),
  unitPrice: moneySchema,
  lineTotal: moneySchema.describe('unitPrice × quantity (= subtotal)'),
});

/** The line's part-2 amounts and its id (what fulfilments, refunds and returns name). */
export const orderItemAmounts = z.object({
  id: z.uuid(),
  subtotal: moneySchema,
  discountTotal: moneySchema,
  taxTotal: moneySchema,
  total: moneySchema.describe('subtotal − discountTotal (+ taxTotal when prices exclude tax)'),
});
export type OrderItemView = z.infer<typeof orderItemView> & z.infer<typeof orderItemAmounts>;

export const PAYMENT_STATUSES = ['unpaid', 'paid', 'partially_refunded', 'refunded'] as const;
export const FULFILLMENT_STATUSES = ['unfulfilled', 'partially_fulfilled', 'fulfilled'] as const;

const shippingLineView = z
  .object({ name: z.string(), amount: moneySchema, taxTotal: moneySchema })
  .describe('The shipping method bought, its amount and the tax on it');
const taxLineView = z.object({
  name: z.string(),
  rate: z.string().describe('"8.875" = 8.875 %'),
  amount: moneySchema,
});
const discountView = z.object({ code: z.string().nullable(), promotionId: z.uuid(), amount: moneySchema });

const { totalAmount, currency, ...customerAndAddress } = orderFields;

/** The public Order (responses and order.* events): the fields plus what the server sets. */
export const orderView = z.object({
  id: z.uuid(),
  status: orderStatusSchema,
  ...customerAndAddress,
  items: z.array(orderItemView.extend(orderItemAmounts.shape)),
  subtotal: moneySchema,
  discountTotal: moneySchema,
  shippingTotal: moneySchema,
  taxTotal: moneySchema,
  totalAmount,
  currency,
  shippingLine: shippingLineView.nullable(),
  discounts: z.array(discountView),
  taxLines: z.array(taxLineView),
  paymentStatus: z.enum(PAYMENT_STATUSES),
  fulfillmentStatus: z.enum(FULFILLMENT_STATUSES),
  billingAddress: shippingAddressSchema.nullable(),
  email: z.string().nullable().describe("The order's e-mail: the guest's, or the customer's"),
  metadata: z.record(z.string(), z.string()),
  // The payment's status is typed as its column's string; the spec lists the values.
  payment: z
    .object({ id: z.uuid(), status: z.string().meta({ enum: ['PENDING', 'PAID', 'FAILED', 'REFUNDED'] }) })
    .nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
/** shippingAddress is the stored jsonb, validated as a ShippingAddress when the order was created. */
export type OrderView = Omit<z.infer<typeof orderView>, 'shippingAddress' | 'billingAddress'> & {
  shippingAddress: unknown;
  billingAddress: unknown;
};

export const openApiSchemas: OpenApiSchemas = {
  requests: { ShippingAddress: shippingAddressSchema, CreateOrderRequest: createOrderBody },
  responses: { OrderStatus: orderStatusSchema, Order: orderView },
};
