// The webhooks module's public surface (docs/architecture.md): what other modules, the workers
// and the composition root may import. Everything else in this folder is private to it.
export { webhooksRouter } from './webhooks.controller';
export { WebhooksService } from './webhooks.service';
/** The outbox: every module records its events here, in the transaction of its change. */
export {
  EVENT_TYPES,
  emitEvent,
  newOutboxPayload,
  outboxEventInsert,
  outboxInsertSql,
  type EventType,
  type OutboxPayload,
} from './outbox.repository';
/** Secret fields of an event payload, sealed at rest and opened by the delivery. */
export { sealed, type SealedValue } from './outbox.sealing';
/** What the workers wire to their queues and schedules. */
export { OutboxRelayService, type RelayScope } from './outbox.relay';
export { WebhookDeliveryService, type DeliveryOutcome } from './webhooks.delivery';
export { bullPrefix, createDeliveryQueue, DELIVERY_QUEUE, type DeliveryJobData } from './webhooks.queue';
/** The zod schemas openapi.yaml documents (scripts/generate-openapi.ts). */
export { openApiSchemas } from './webhooks.schemas';
