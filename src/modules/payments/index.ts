// The payments module's public surface (docs/architecture.md): what other modules, the
// workers and the composition root may import. Everything else in this folder is private to it.
export { paymentsRouter, STRIPE_WEBHOOK_PATH } from './payments.controller';
export { PaymentsService, type CheckoutOrder, type CheckoutPayment } from './payments.service';
/** What orders do with payments: refund, record a manual payment, cancel an unpaid intent. */
export {
  PaymentsApi,
  paymentMetrics,
  type OrdersForPayments,
  type PayableOrder,
  type PaymentRef,
} from './payments.api';
/** Refunds as payments record, send and settle them (ADR 0011): the refunds module, orders' cancel, the worker. */
export {
  RefundLedger,
  refundExceedsPayment,
  toRefundFields,
  type RefundFields,
  type RefundRow,
  type RefundablePayment,
} from './payments.refunds';
export type { IntentView, PaymentView } from './payments.schemas';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './payments.schemas';
