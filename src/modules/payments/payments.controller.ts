// /api/v1/payments/intents and the Stripe webhook /api/v1/webhooks/stripe (raw body).
import express, { Router } from 'express';
import type { AppContext } from '../../platform/app-context';
import { principalOf, requireAuth, tenantOf } from '../../platform/auth/authenticate';
import { created, ok } from '../../platform/http/envelope';
import { parseBody } from '../../platform/http/validate';
import { createIntentBody } from './payments.schemas';
import type { OrdersForPayments } from './payments.api';
import { PaymentsService } from './payments.service';

/** The Stripe webhook's path under /api/v1; its route reads the raw body itself. */
export const STRIPE_WEBHOOK_PATH = '/webhooks/stripe';

/** `orders`: the order side of a payment (orders' ordersForPayments; see modules/index.ts). */
export function paymentsRouter(ctx: AppContext, orders: OrdersForPayments): Router {
  const service = new PaymentsService(ctx, orders);
  const r = Router();

  r.post('/payments/intents', requireAuth, async (req, res) => {
    const { orderId } = parseBody(createIntentBody, req);
    const { created: isNew, intent } = await service.createIntent(
      principalOf(req),
      tenantOf(req),
      orderId,
      req.correlationId,
    );
    if (isNew) created(res, intent);
    else ok(res, intent);
  });

  // Stripe calls this without credentials; the signature over the raw body is the check, so
  // the route parses its body itself (as bytes) and the global JSON stage skips it
  // (ownBodyPaths in modules/index.ts).
  r.post(STRIPE_WEBHOOK_PATH, express.raw({ type: 'application/json', limit: '1mb' }), async (req, res) => {
    const raw: unknown = req.body;
    const event = service.verifyStripeEvent(Buffer.isBuffer(raw) ? raw : undefined, req.get('Stripe-Signature'));
    const result = await service.handleStripeEvent(event);
    ok(res, { received: true, eventId: event.id, result });
  });

  return r;
}
