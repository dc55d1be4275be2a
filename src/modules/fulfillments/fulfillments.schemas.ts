// Fulfilments: request schemas and the public Fulfillment object.
import { z } from 'zod';
import type { OpenApiSchemas } from '../../platform/http/schema-registry';
import { distinctLines, uuidParam } from '../../platform/http/validate';

export const FULFILLMENT_STATES = ['shipped', 'delivered', 'cancelled'] as const;
export type FulfillmentState = (typeof FULFILLMENT_STATES)[number];

/** Order lines with a quantity each, every line at most once (fulfilments and returns). */
export const orderLinesInput = z
  .array(
    z
      .object({
        orderItemId: uuidParam.describe("An item of the order (the Order's `items[].id`)"),
        quantity: z.number().int().min(1).max(1_000_000),
      })
      .strict(),
  )
  .min(1)
  .max(100)
  .superRefine(
    distinctLines((it: { orderItemId: string }) => ({ field: 'orderItemId', id: it.orderItemId, noun: 'order item' })),
  );
export type OrderLineInput = z.infer<typeof orderLinesInput>[number];

const carrier = z.string().trim().min(1).max(100).describe('The carrier ("UPS", "DHL", …)');
const trackingNumber = z.string().trim().min(1).max(200);
const trackingUrl = z
  .url({ protocol: /^https?$/, message: 'must be an http(s) URL' })
  .max(2000)
  .describe("The carrier's tracking page");

export const createFulfillmentBody = z
  .object({
    items: orderLinesInput.describe('What ships: order items and quantities'),
    carrier: carrier.optional(),
    trackingNumber: trackingNumber.optional(),
    trackingUrl: trackingUrl.optional(),
  })
  .strict();
export type CreateFulfillmentInput = z.infer<typeof createFulfillmentBody>;

export const updateFulfillmentBody = z
  .object({
    status: z.enum(['delivered', 'cancelled']).describe('shipped → delivered or cancelled; cancelled is final'),
    carrier: carrier.optional(),
    trackingNumber: trackingNumber.optional(),
    trackingUrl: trackingUrl.optional(),
  })
  .strict();
export type UpdateFulfillmentInput = z.infer<typeof updateFulfillmentBody>;

export const fulfillmentParams = z.object({ id: uuidParam, fid: uuidParam }).strict();

export const orderLineView = z.object({ orderItemId: z.uuid(), quantity: z.number().int() });

export const fulfillmentView = z.object({
  id: z.uuid(),
  orderId: z.uuid(),
  items: z.array(orderLineView),
  status: z.enum(FULFILLMENT_STATES),
  carrier: z.string().nullable(),
  trackingNumber: z.string().nullable(),
  trackingUrl: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type FulfillmentView = z.infer<typeof fulfillmentView>;

export const openApiSchemas: OpenApiSchemas = {
  requests: { CreateFulfillmentRequest: createFulfillmentBody, UpdateFulfillmentRequest: updateFulfillmentBody },
  responses: { Fulfillment: fulfillmentView },
};
