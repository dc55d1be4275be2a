// /api/v1/carts — HTTP only: parse, call the service, send the envelope. Carts are public
// (the tenant from X-Tenant or the host) for guests, or a CUSTOMER's; staff may list and read.
// Who may touch which cart is the service's (carts.holder.ts): everything else gets 404.
import { Router, type Request } from 'express';
import type { AppContext } from '../../platform/app-context';
import { requireRole, tenantOf } from '../../platform/auth/authenticate';
import { created, ok } from '../../platform/http/envelope';
import { idempotencyOf } from '../orders';
import { idParams, parseBody, parseParams, parseQuery } from '../../platform/http/validate';
import {
  cartItemInput,
  codeParams,
  createCartBody,
  discountCodeBody,
  itemParams,
  listCartsQuery,
  shippingMethodBody,
  updateCartBody,
  updateItemBody,
} from './carts.schemas';
import { CheckoutService } from './carts.checkout';
import { CartsService } from './carts.service';

export function cartsRouter(ctx: AppContext): Router {
  const service = new CartsService(ctx);
  const checkout = new CheckoutService(ctx);
  const r = Router();
  const who = (req: Request) => req.principal;
  const id = (req: Request) => parseParams(idParams, req).id;

  r.post('/carts', async (req, res) => {
    const input = parseBody(createCartBody, req);
    created(res, await service.create(who(req), tenantOf(req), input, req.correlationId));
  });

  r.get('/carts', requireRole('MERCHANT', 'ADMIN'), async (req, res) => {
    const q = parseQuery(listCartsQuery, req);
    const { items, total } = await service.list(tenantOf(req), q);
    ok(res, items, { page: q.page, limit: q.limit, total });
  });

  r.get('/carts/:id', async (req, res) => {
    ok(res, await service.get(who(req), tenantOf(req), id(req)));
  });

  r.patch('/carts/:id', async (req, res) => {
    const cartId = id(req);
    const input = parseBody(updateCartBody, req);
    ok(res, await service.update(who(req), tenantOf(req), cartId, input, req.correlationId));
  });

  r.post('/carts/:id/items', async (req, res) => {
    const cartId = id(req);
    const input = parseBody(cartItemInput, req);
    ok(res, await service.addItem(who(req), tenantOf(req), cartId, input, req.correlationId));
  });

  r.patch('/carts/:id/items/:itemId', async (req, res) => {
    const p = parseParams(itemParams, req);
    const { quantity } = parseBody(updateItemBody, req);
    ok(res, await service.setItemQuantity(who(req), tenantOf(req), p.id, p.itemId, quantity, req.correlationId));
  });

  r.delete('/carts/:id/items/:itemId', async (req, res) => {
    const p = parseParams(itemParams, req);
    ok(res, await service.setItemQuantity(who(req), tenantOf(req), p.id, p.itemId, 0, req.correlationId));
  });

  r.get('/carts/:id/shipping-rates', async (req, res) => {
    ok(res, await service.shippingRates(who(req), tenantOf(req), id(req)));
  });

  r.post('/carts/:id/shipping-method', async (req, res) => {
    const cartId = id(req);
    const { rateId } = parseBody(shippingMethodBody, req);
    ok(res, await service.setShippingMethod(who(req), tenantOf(req), cartId, rateId, req.correlationId));
  });

  r.post('/carts/:id/discount-codes', async (req, res) => {
    const cartId = id(req);
    const { code } = parseBody(discountCodeBody, req);
    ok(res, await service.addDiscountCode(who(req), tenantOf(req), cartId, code, req.correlationId));
  });

  r.delete('/carts/:id/discount-codes/:code', async (req, res) => {
    const p = parseParams(codeParams, req);
    ok(res, await service.removeDiscountCode(who(req), tenantOf(req), p.id, p.code, req.correlationId));
  });

  // The checkout (carts.checkout.ts): Idempotency-Key as for POST /orders.
  r.post('/carts/:id/complete', async (req, res) => {
    const cartId = id(req);
    const idem = idempotencyOf(req, `/carts/${cartId}/complete`);
    const result = await checkout.complete(who(req), tenantOf(req), cartId, idem, req.correlationId);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(result.status).json(result.body);
  });

  return r;
}
