// Shipping zones: a named set of countries (each country in at most one zone of a tenant)
// with the rates a cart may choose from there. Rates are written with their zone.
import { z } from 'zod';
import { countrySchema } from '../../platform/address';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { MAX_MINOR_DIGITS, moneySchema, toScaled } from '../../platform/money';

const label = z.string().trim().min(1).max(200);

const rateFields = {
  name: label,
  amount: moneySchema,
  minSubtotal: moneySchema.optional().describe('Eligible when the subtotal is at least this'),
  maxSubtotal: moneySchema.optional().describe('Eligible when the subtotal is below this'),
  freeAbove: moneySchema.optional().describe('The rate costs 0 at or above this subtotal'),
};

const rateInput = z
  .object({
    id: z.uuid().optional().describe('On PATCH: an id of this zone keeps that rate id'),
    ...rateFields,
  })
  .strict()
  .refine(
    (r) =>
      r.minSubtotal === undefined ||
      r.maxSubtotal === undefined ||
      toScaled(r.minSubtotal, MAX_MINOR_DIGITS) < toScaled(r.maxSubtotal, MAX_MINOR_DIGITS),
    { message: 'minSubtotal must be less than maxSubtotal', path: ['maxSubtotal'] },
  );
export type RateInput = z.infer<typeof rateInput>;

const countries = z
  .array(countrySchema)
  .min(1)
  .max(250)
  .refine((cs) => new Set(cs).size === cs.length, { message: 'countries must be distinct' });

const rates = z
  .array(rateInput)
  .max(50)
  .refine((rs) => new Set(rs.flatMap((r) => (r.id ? [r.id] : []))).size === rs.filter((r) => r.id).length, {
    message: 'rate ids must be distinct',
  });

export const createZoneBody = z.object({ name: label, countries, rates: rates.optional() }).strict();
export type CreateZoneInput = z.infer<typeof createZoneBody>;

export const updateZoneBody = z
  .object({ name: label.optional(), countries: countries.optional(), rates: rates.optional() })
  .strict()
  .describe('`rates`, when given, replaces the zone rates; a rate sent with its id keeps it');
export type UpdateZoneInput = z.infer<typeof updateZoneBody>;

export const shippingRateView = z.object({ id: z.uuid(), ...rateFields });
export type ShippingRateView = z.infer<typeof shippingRateView>;

export const shippingZoneView = z.object({
  id: z.uuid(),
  name: z.string(),
  countries: z.array(z.string().describe('ISO-3166 alpha-2')),
  rates: z.array(shippingRateView),
});
export type ShippingZoneView = z.infer<typeof shippingZoneView>;

export const openApiSchemas: OpenApiSchemas = {
  requests: { CreateShippingZoneRequest: createZoneBody, UpdateShippingZoneRequest: updateZoneBody },
  responses: { ShippingZone: shippingZoneView, ShippingRate: shippingRateView },
};
