// Returns: request schemas and the public Return object.
import { z } from 'zod';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { pagination } from '../../platform/http/validate';
import { orderLinesInput, orderLineView } from '../fulfillments';

export const RETURN_STATES = ['requested', 'received'] as const;
export type ReturnState = (typeof RETURN_STATES)[number];

export const createReturnBody = z
  .object({
    items: orderLinesInput.describe('What comes back: fulfilled order items and quantities'),
    reason: z.string().trim().min(1).max(1000).describe('Free text').optional(),
  })
  .strict();
export type CreateReturnInput = z.infer<typeof createReturnBody>;

export const receiveReturnBody = z
  .object({ restock: z.boolean().describe('true: the returned quantities go back on hand (available rises)') })
  .strict();

export const listReturnsQuery = z.object({ ...pagination, status: z.enum(RETURN_STATES).optional() }).strict();
export type ListReturnsQuery = z.infer<typeof listReturnsQuery>;

export const returnView = z.object({
  id: z.uuid(),
  orderId: z.uuid(),
  status: z.enum(RETURN_STATES),
  items: z.array(orderLineView),
  reason: z.string().nullable(),
  restock: z.boolean().nullable().describe('Set when received: whether the quantities went back on hand'),
  receivedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});
export type ReturnView = z.infer<typeof returnView>;

export const openApiSchemas: OpenApiSchemas = {
  requests: { CreateReturnRequest: createReturnBody, ReceiveReturnRequest: receiveReturnBody },
  responses: { Return: returnView },
};
