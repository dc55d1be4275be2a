// Orders: request schemas, the status state machine and the public Order object.
import { z } from 'zod';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { pagination, uuidParam } from '../../platform/http/validate';
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

export const shippingAddressSchema = z
  .object({
    line1: text(200),
    line2: text(200).optional(),
    city: text(100),
    state: text(100).optional(),
    postalCode: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9 -]{1,14}[A-Za-z0-9]$/, {
        message: 'must be 3–16 letters, digits, spaces or hyphens',
      }),
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, { message: 'must be an upper-case ISO-3166 alpha-2 code' })
      .refine((c) => COUNTRIES.has(c), { message: 'is not an ISO-3166 alpha-2 country code' })
      .describe('ISO-3166 alpha-2'),
  })
  .strict();

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

// ISO-3166-1 alpha-2 (officially assigned codes).
const COUNTRIES = new Set(
  (
    'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY ' +
    'BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM ' +
    'FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT ' +
    'JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN ' +
    'MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT ' +
    'PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL ' +
    'TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
  ).split(' '),
);

export const openApiSchemas: OpenApiSchemas = {
  requests: { ShippingAddress: shippingAddressSchema, CreateOrderRequest: createOrderBody },
  responses: { OrderStatus: orderStatusSchema, Order: orderView },
};
