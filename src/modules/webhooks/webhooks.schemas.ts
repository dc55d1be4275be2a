// Request schemas and response views for merchant webhook endpoints and deliveries.
import { z } from 'zod';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { pagination } from '../../platform/http/validate';
import { EVENT_TYPES } from './outbox.repository';

export const webhookEventType = z.enum(EVENT_TYPES);

const eventName = z.enum(['*', ...EVENT_TYPES] as [string, ...string[]], {
  message: `must be "*" or one of ${EVENT_TYPES.join(', ')}`,
});

const events = z
  .array(eventName)
  .min(1)
  .max(EVENT_TYPES.length + 1)
  .describe('Event types to receive, or ["*"] for all')
  .transform((list) => (list.includes('*') ? ['*'] : [...new Set(list)].sort()));

const url = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .meta({ format: 'uri', examples: ['https://erp.example.com/hooks/commerce'] });
const description = z.string().trim().max(500);

export const createEndpointBody = z.object({ url, events, description: description.optional() }).strict();
export type CreateEndpointInput = z.infer<typeof createEndpointBody>;

export const updateEndpointBody = z
  .object({
    url: url.optional(),
    events: events.optional(),
    description: description.nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .strict();
export type UpdateEndpointInput = z.infer<typeof updateEndpointBody>;

export const listDeliveriesQuery = z
  .object({
    ...pagination,
    status: z.enum(['PENDING', 'SUCCEEDED', 'FAILED']).optional(),
    eventType: z.enum(EVENT_TYPES).optional(),
  })
  .strict();
export type ListDeliveriesQuery = z.infer<typeof listDeliveriesQuery>;

export const endpointView = z.object({
  id: z.uuid(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  disabled: z.boolean(),
  disabledReason: z
    .string()
    .nullable()
    .describe('Why it is disabled (by a merchant, or automatically after failing continuously for 3 days)'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type EndpointView = z.infer<typeof endpointView>;

/** Returned once, on create and rotate-secret. */
export const endpointWithSecret = endpointView.extend({
  secret: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]+=*$/)
    .describe('Standard Webhooks signing secret (24 random bytes, base64); shown once'),
});
export type EndpointWithSecret = z.infer<typeof endpointWithSecret>;

/** eventType is typed as the column's string; the spec lists the event types. */
export const deliveryView = z.object({
  id: z.uuid(),
  eventId: z.string().describe('The event id (evt_…), sent as webhook-id on every attempt'),
  eventType: z.string().meta({ enum: [...EVENT_TYPES] }),
  status: z.enum(['PENDING', 'SUCCEEDED', 'FAILED']),
  attempts: z.number().int().min(0),
  lastStatusCode: z.number().int().nullable(),
  lastError: z
    .string()
    .nullable()
    .describe(
      'Last failure, one of: `status N` (non-2xx answer; the body is not recorded), `timeout`, ' +
        '`connection failed` (refused, reset, DNS or TLS failure), `URL refused: …` (the SSRF guard, same ' +
        'reason as at registration), `endpoint disabled`, `event not found`. Never contains an address.',
    ),
  nextAttemptAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type DeliveryView = z.infer<typeof deliveryView>;

export const openApiSchemas: OpenApiSchemas = {
  requests: {
    WebhookEventType: webhookEventType,
    CreateWebhookEndpointRequest: createEndpointBody,
    UpdateWebhookEndpointRequest: updateEndpointBody,
  },
  responses: {
    WebhookEndpoint: endpointView,
    WebhookEndpointWithSecret: endpointWithSecret,
    WebhookDelivery: deliveryView,
  },
};
