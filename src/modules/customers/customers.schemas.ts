// Customers (staff read them with their order aggregates) and a customer's saved addresses.
import { z } from 'zod';
import { addressSchema, type Address } from '../../platform/address';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { pagination } from '../../platform/http/validate';
import { formatMoney } from '../../platform/money';

/** How many saved addresses one customer may keep (POST beyond it → 409 TOO_MANY_ADDRESSES). */
export const MAX_ADDRESSES_PER_CUSTOMER = 50;

// ---- customers ---------------------------------------------------------------------------

export const listCustomersQuery = z
  .object({
    ...pagination,
    q: z.string().trim().min(1).max(200).describe('Case-insensitive substring of the e-mail or the name').optional(),
  })
  .strict();
export type ListCustomersQuery = z.infer<typeof listCustomersQuery>;

export const customerView = z.object({
  id: z.uuid(),
  email: z.email(),
  name: z.string().nullable(),
  createdAt: z.iso.datetime(),
  ordersCount: z.number().int().min(0).describe('All their orders, any status'),
  // Not the Money schema: a sum may pass the 99,999,999.999 bound of one amount.
  totalSpent: z
    .string()
    .regex(/^\d+(\.\d{1,3})?$/)
    .describe(
      'Totals of their paid orders (PAID, FULFILLED, SHIPPED, COMPLETED, or any order whose ' +
        'payment was captured) minus refunded amounts, in the store currency with its ISO-4217 minor digits, e.g. "129.99" USD, "1500" JPY',
    ),
});
export type CustomerView = z.infer<typeof customerView>;

/** A customer row with its aggregates, as the repository reads it. */
export interface CustomerRow {
  id: string;
  email: string;
  name: string | null;
  createdAt: Date;
  ordersCount: number;
  /** numeric as text, e.g. "129.9" or "0". */
  totalSpent: string;
}

export function toCustomerView(c: CustomerRow, currency: string): CustomerView {
  return {
    id: c.id,
    email: c.email,
    name: c.name,
    createdAt: c.createdAt.toISOString(),
    ordersCount: c.ordersCount,
    totalSpent: formatMoney(c.totalSpent, currency),
  };
}

// ---- addresses ---------------------------------------------------------------------------

const defaultFlags = {
  isDefaultShipping: z.boolean(),
  isDefaultBilling: z.boolean(),
};

/** POST: an Address; a flag left out defaults to true when the customer has no such default yet. */
export const createAddressBody = addressSchema
  .extend({
    isDefaultShipping: defaultFlags.isDefaultShipping
      .describe('Make it the default shipping address (clears the previous one)')
      .optional(),
    isDefaultBilling: defaultFlags.isDefaultBilling
      .describe('Make it the default billing address (clears the previous one)')
      .optional(),
  })
  .strict();
export type CreateAddressInput = z.infer<typeof createAddressBody>;

/** The Address fields that may be absent; PATCH clears them with null. */
type Clearable = 'firstName' | 'lastName' | 'company' | 'line2' | 'state' | 'phone';
const s = addressSchema.shape;

/** PATCH: any subset; null clears an optional field; a flag set true clears the previous default. */
export const updateAddressBody = z
  .object({
    firstName: s.firstName.unwrap().nullable().optional(),
    lastName: s.lastName.unwrap().nullable().optional(),
    company: s.company.unwrap().nullable().optional(),
    line1: s.line1.optional(),
    line2: s.line2.unwrap().nullable().optional(),
    city: s.city.optional(),
    state: s.state.unwrap().nullable().optional(),
    postalCode: s.postalCode.optional(),
    country: s.country.optional(),
    phone: s.phone.unwrap().nullable().optional(),
    isDefaultShipping: defaultFlags.isDefaultShipping.optional(),
    isDefaultBilling: defaultFlags.isDefaultBilling.optional(),
  })
  .strict()
  .refine((b) => Object.keys(b).length > 0, { message: 'give at least one field to change', path: [] })
  .meta({ minProperties: 1 });
export type UpdateAddressInput = z.infer<typeof updateAddressBody>;

/** GET /customers/me/addresses: every address fits the default page (the cap is 50). */
export const listAddressesQuery = z
  .object({ ...pagination, limit: pagination.limit.unwrap().default(MAX_ADDRESSES_PER_CUSTOMER) })
  .strict();
export type ListAddressesQuery = z.infer<typeof listAddressesQuery>;

export const customerAddressView = z.object({ id: z.uuid(), ...addressSchema.shape, ...defaultFlags }).strict();
export type CustomerAddressView = z.infer<typeof customerAddressView>;

/** The stored row: every Address field is a column, absent ones NULL. */
export type AddressFields = { [K in keyof Address]-?: K extends Clearable ? string | null : string };
export interface AddressRow extends AddressFields {
  id: string;
  customerId: string;
  isDefaultShipping: boolean;
  isDefaultBilling: boolean;
}

/** The view omits absent optional fields, so it is an Address a cart or order accepts as is. */
export function toAddressView(r: AddressRow): CustomerAddressView {
  const view: Record<string, unknown> = { id: r.id };
  for (const k of Object.keys(addressSchema.shape) as Array<keyof AddressFields>) {
    const v = r[k];
    if (v !== null) view[k] = v;
  }
  view.isDefaultShipping = r.isDefaultShipping;
  view.isDefaultBilling = r.isDefaultBilling;
  return view as CustomerAddressView;
}

/** The columns of a row from an Address (absent optional fields NULL). */
export function addressColumns(a: Address): AddressFields {
  return {
    firstName: a.firstName ?? null,
    lastName: a.lastName ?? null,
    company: a.company ?? null,
    line1: a.line1,
    line2: a.line2 ?? null,
    city: a.city,
    state: a.state ?? null,
    postalCode: a.postalCode,
    country: a.country,
    phone: a.phone ?? null,
  };
}

export const openApiSchemas: OpenApiSchemas = {
  requests: { CreateCustomerAddressRequest: createAddressBody, UpdateCustomerAddressRequest: updateAddressBody },
  responses: { Customer: customerView, CustomerAddress: customerAddressView },
};
