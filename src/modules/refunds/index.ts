// The refunds module's public surface (docs/architecture.md): its router (for the wiring) and
// the zod schemas openapi.yaml documents. The provider side of a refund (recording against the
// payment, the provider call, settling, the sweeper) is payments' RefundLedger (ADR 0011).
export { refundsRouter } from './refunds.controller';
export { RefundsService, lineShare } from './refunds.service';
export type { RefundView } from './refunds.schemas';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './refunds.schemas';
