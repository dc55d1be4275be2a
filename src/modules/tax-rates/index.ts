// The tax-rates module's public surface (docs/architecture.md).
export { taxRatesRouter } from './tax-rates.controller';
export { TaxRatesService } from './tax-rates.service';
export type { TaxRateView } from './tax-rates.schemas';
/** A country's rates as an SQL fragment and its parser (orders and carts price with them). */
export { parseTaxRates, taxRatesSql, type TaxRateRow } from './tax-rates.lookup';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './tax-rates.schemas';
