// The fulfilments module's public surface (docs/architecture.md).
export { fulfillmentsRouter } from './fulfillments.controller';
export { FulfillmentsService } from './fulfillments.service';
export type { FulfillmentView } from './fulfillments.schemas';
/** What returns build on: order lines as input, their tallies, who sees an order's after-sale records. */
export { orderLinesInput, orderLineView, type OrderLineInput } from './fulfillments.schemas';
export { orderLineStates, type LineState } from './fulfillments.repository';
export { linesOf, visibleTo } from './fulfillments.service';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './fulfillments.schemas';
