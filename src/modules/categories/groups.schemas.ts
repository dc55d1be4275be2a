// What categories and collections share: their text fields, list paging and the handle field.
// Both modules build their schemas from these, so the two stay alike.
import { z } from 'zod';
import { handleSchema } from '../../platform/handle';
import { pagination } from '../../platform/http/validate';

// eslint-disable-next-line no-control-regex
const NO_CONTROL = /^[^\u0000-\u001f\u007f]*$/;

/** A one-line label (name, title): trimmed, not empty, no control characters. */
export const label = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max).regex(NO_CONTROL, 'must not contain control characters');

export const groupFields = {
  handle: handleSchema.describe('Unique per tenant among its kind; generated from the name or title when absent'),
  description: z.string().max(5000).nullable(),
};

/** `?page&limit` plus the exact-handle look-up a storefront URL needs. */
export const groupListQuery = {
  ...pagination,
  handle: handleSchema.optional().describe('Only the one with this handle'),
};

/** A PATCH body: any of the fields, at least one (documented as minProperties: 1). */
export const patchBody = <S extends z.ZodRawShape>(fields: S) =>
  z
    .object(fields)
    .partial()
    .strict()
    .refine((v) => Object.keys(v).length > 0, { message: 'at least one field is required' })
    .meta({ minProperties: 1 });

export interface Page<T> {
  items: T[];
  total: number;
}
