// Tax rates: one per (country, state) of a tenant; state null is the country-wide rate.
// The rate is a percentage string with at most three decimals ("8.875" = 8.875 %).
import { z } from 'zod';
import { countrySchema } from '../../platform/address';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';

const RATE_RE = /^\d{1,3}(?:\.\d{1,3})?$/;

/** A percentage 0–100 with at most three decimals, as a string or a JSON number. */
const rateInput = z
  .union([z.string().regex(RATE_RE), z.number().min(0).max(100)], {
    message: 'must be a percentage like "8.875": 0 to 100, at most three decimals',
  })
  .transform((v) => (typeof v === 'number' ? String(v) : v))
  .refine((s) => RATE_RE.test(s) && Number(s) <= 100, {
    message: 'must be a percentage like "8.875": 0 to 100, at most three decimals',
  })
  .describe('Percent, 0 to 100, at most three decimals ("8.875" = 8.875 %)');

/** Stored upper-cased and trimmed: "ny" and "NY " name one state. Null: the whole country. */
const stateInput = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .transform((s) => s.toUpperCase())
  .nullable();

const fields = {
  country: countrySchema,
  state: stateInput.optional(),
  name: z.string().trim().min(1).max(200),
  rate: rateInput,
  appliesToShipping: z.boolean().optional(),
};

export const createTaxRateBody = z.object(fields).strict();
export type CreateTaxRateInput = z.infer<typeof createTaxRateBody>;

export const updateTaxRateBody = z.object(fields).partial().strict();
export type UpdateTaxRateInput = z.infer<typeof updateTaxRateBody>;

export const taxRateView = z.object({
  id: z.uuid(),
  country: z.string().describe('ISO-3166 alpha-2'),
  state: z.string().nullable(),
  name: z.string(),
  rate: z
    .string()
    .regex(/^\d{1,3}(\.\d{1,3})?$/)
    .describe('Percent, e.g. "8.875"'),
  appliesToShipping: z.boolean(),
});
export type TaxRateView = z.infer<typeof taxRateView>;

export const openApiSchemas: OpenApiSchemas = {
  requests: { CreateTaxRateRequest: createTaxRateBody, UpdateTaxRateRequest: updateTaxRateBody },
  responses: { TaxRate: taxRateView },
};
