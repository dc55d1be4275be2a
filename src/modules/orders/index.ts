// The orders module's public surface (docs/architecture.md): what other modules, the workers
// and the composition root may import. Everything else in this folder is private to it.
export { idempotencyOf, ordersRouter } from './orders.controller';
export { OrdersService } from './orders.service';
/** The orders side of a payment, passed to payments by the composition (modules/index.ts). */
export { ordersForPayments } from './orders.payments';
/** Pricing shared by orders and (next) carts. */
export { priceOrder, type PriceLine, type PricedOrder } from './pricing';
/** The one pricing engine (lines, discounts, shipping, tax): carts and orders price through it. */
export { priceCart, taxRateFor, type PricingInput, type PricingResult, type TaxRate } from './pricing-engine';
export type { OrderStatus, OrderView } from './orders.schemas';
/** Placing an order (POST /orders and cart completion share it) and what it is built from. */
export { buildOrder, writeOrder, tooManyPendingOrders, type BuiltOrder, type PlacementInput } from './orders.placement';
export {
  lookupIds,
  requestedLines,
  resolveLines,
  variantUnavailable,
  type RequestedLine,
  type ResolvedLine,
} from './orders.lines';
export {
  IDEMPOTENCY_TTL_SECONDS,
  orderViewById,
  principalKey,
  requestHash,
  type CreateResult,
  type IdempotencyInput,
} from './orders.service';
export { attachGuestOrders, lockGuestEmail } from './orders.repository';
/** An order read and locked in a write, and its status moves (fulfilments, returns, refunds). */
export { findOrder, lockOrder, type OrderRow } from './orders.repository';
export { applyTransition, reopenFulfilledOrder } from './orders.transitions';
export { evaluatedLine, lockPersonUses } from './orders.promotions';
export { claimIdempotencyKey, type IdempotencyRef } from './orders.idempotency.repository';
export { storedAnswer } from './orders.idempotency';
export { assertStorable } from './orders.checkout-rules';
export { toOrderView } from './orders.view';
/** A variant as orders (and carts) read it: price, product, stock. */
export { requestedVariantsSql, type VariantForOrder } from './orders.inputs.repository';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './orders.schemas';
