// The shipping module's public surface (docs/architecture.md).
export { shippingRouter } from './shipping.controller';
export { ShippingService } from './shipping.service';
export type { ShippingRateView, ShippingZoneView } from './shipping.schemas';
/** Rate eligibility and effective amounts (carts and completion decide with it). */
export { eligibleRates, type EffectiveRate } from './shipping.rates';
/** The rates of the zone covering a country, in raw SQL (carts and completion read them in their statements). */
export { parseZoneRates, toRateView, zoneRatesFor, zoneRatesSql, type RateJson } from './shipping.lookup';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './shipping.schemas';
