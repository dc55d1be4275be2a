// Orders: request schemas, the status state machine and the public Order object.
import { z } from 'zod';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { pagination, uuidParam } from '../../platform/http/validate';
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

/** Part 1's shipping address plus the optional name fields of part 2 (additive). */
export const shippingAddressSchema = addressSchema;

export const orderItemInput = z
  .object({
    productId: uuidParam,
    quantity: z.number().int().min(1).max(1000),
  })
  .strict();

export const createOrderBody = z
  .object({
    items: z
      .array(orderItemInput)
      .min(1)
      .max(100)
      .describe('Distinct products')
      .superRefine((items, c) => {
        const seen = new Set<string>();
        items.forEach((it, i) => {
          const id = it.productId.toLowerCase();
          if (seen.has(id))
            c.addIssue({
              code: 'custom',
              path: [i, 'productId'],
              message: 'duplicate product: lines must be distinct',
            });
          seen.add(id);
        });
      }),
    shippingAddress: shippingAddressSchema,
    customerId: uuidParam
      .describe('Required for MERCHANT/ADMIN (a customer of the store); customers omit it')
      .optional(),
    customerName: text(200).optional(),
    customerEmail: z.string().trim().max(254).email({ message: 'must be a valid e-mail address' }).optional(),
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
  customerId: z.uuid(),
  customerName: z.string().nullable(),
  customerEmail: z.string().nullable(),
  shippingAddress: shippingAddressSchema,
  totalAmount: moneySchema,
  currency: z.string().regex(/^[A-Z]{3}$/),
};
export const orderFieldsSchema = z.object(orderFields);
export type OrderFields = z.infer<typeof orderFieldsSchema>;

/** An order line's fields, once (the view, the select and the insert). */
export const orderItemView = z.object({
  productId: z.uuid(),
  sku: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitPrice: moneySchema,
  lineTotal: moneySchema,
});
export type OrderItemView = z.infer<typeof orderItemView>;

const { totalAmount, currency, ...customerAndAddress } = orderFields;

/** The public Order (responses and order.* events): the fields plus what the server sets. */
export const orderView = z.object({
  id: z.uuid(),
  status: orderStatusSchema,
  ...customerAndAddress,
  items: z.array(orderItemView),
  totalAmount,
  currency,
  // The payment's status is typed as its column's string; the spec lists the values.
  payment: z
    .object({ id: z.uuid(), status: z.string().meta({ enum: ['PENDING', 'PAID', 'FAILED', 'REFUNDED'] }) })
    .nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
/** shippingAddress is the stored jsonb, validated as a ShippingAddress when the order was created. */
export type OrderView = Omit<z.infer<typeof orderView>, 'shippingAddress'> & { shippingAddress: unknown };

export const openApiSchemas: OpenApiSchemas = {
  requests: { ShippingAddress: shippingAddressSchema, CreateOrderRequest: createOrderBody },
  responses: { OrderStatus: orderStatusSchema, Order: orderView },
};
