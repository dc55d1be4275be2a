// The orders module's public surface (docs/architecture.md): what other modules, the workers
// and the composition root may import. Everything else in this folder is private to it.
export { ordersRouter } from './orders.controller';
export { OrdersService } from './orders.service';
/** The orders side of a payment, passed to payments by the composition (modules/index.ts). */
export { ordersForPayments } from './orders.payments';
/** Pricing shared by orders and (next) carts. */
export { priceOrder, type PriceLine, type PricedOrder } from './pricing';
/** The one pricing engine (lines, discounts, shipping, tax): carts and orders price through it. */
export { priceCart, taxRateFor, type PricingInput, type PricingResult, type TaxRate } from './pricing-engine';
export type { OrderStatus, OrderView } from './orders.schemas';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './orders.schemas';
