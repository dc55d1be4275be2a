// Request schemas and response views for merchant webhook endpoints and deliveries.
import { z } from 'zod';
import { pagination } from '../../platform/http/validate';
import { EVENT_TYPES } from './outbox.repository';

const eventName = z.enum(['*', ...EVENT_TYPES] as [string, ...string[]], {
  message: `must be "*" or one of ${EVENT_TYPES.join(', ')}`,
});

const events = z
  .array(eventName)
  .min(1)
  .max(EVENT_TYPES.length + 1)
  .transform((list) => (list.includes('*') ? ['*'] : [...new Set(list)].sort()));

const url = z.string().trim().min(1).max(2048);
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

export interface EndpointView {
  id: string;
  url: string;
  events: string[];
  description: string | null;
  disabled: boolean;
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Returned once, on create and rotate-secret. */
export interface EndpointWithSecret extends EndpointView {
  secret: string;
}

export interface DeliveryView {
  id: string;
  eventId: string;
  eventType: string;
  status: 'PENDING' | 'SUCCEEDED' | 'FAILED';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
}
