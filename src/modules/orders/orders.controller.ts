// /api/v1/orders — HTTP only: parse, call the service, send the envelope.
import { Router, type Request } from 'express';
import type { AppContext } from '../../platform/app-context';
import { principalOf, requireAuth, requireRole, tenantOf } from '../../platform/auth/authenticate';
import { badRequest } from '../../platform/errors';
import { ok } from '../../platform/http/envelope';
import { idParams, parseBody, parseParams, parseQuery } from '../../platform/http/validate';
import { createOrderBody, idempotencyKeyHeader, listOrdersQuery, statusBody } from './orders.schemas';
import { OrdersService, requestHash, type IdempotencyInput } from './orders.service';

/**
 * The request's `Idempotency-Key` (null without one) and the hash of the request it keys
 * (method, `path`, canonical body); 400 for a malformed key.
 */
export function idempotencyOf(req: Request, path: string): IdempotencyInput | null {
  const rawKey = req.get('Idempotency-Key');
  if (rawKey === undefined) return null;
  const parsed = idempotencyKeyHeader.safeParse(rawKey);
  if (!parsed.success)
    throw badRequest('Invalid Idempotency-Key header', {
      issues: [{ path: 'header.idempotency-key', message: parsed.error.issues[0]!.message, code: 'invalid_format' }],
    });
  return { key: parsed.data, requestHash: requestHash('POST', path, req.body ?? {}) };
}

export function ordersRouter(ctx: AppContext): Router {
  const service = new OrdersService(ctx);
  const r = Router();

  r.post('/orders', requireAuth, async (req, res) => {
    const input = parseBody(createOrderBody, req);
    const idem = idempotencyOf(req, '/orders');
    const result = await service.create(principalOf(req), tenantOf(req), input, idem, req.correlationId);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(result.status).json(result.body);
  });

  r.get('/orders', requireAuth, async (req, res) => {
    const q = parseQuery(listOrdersQuery, req);
    const { data, meta } = await service.list(principalOf(req), tenantOf(req), q);
    ok(res, data, meta);
  });

  r.get('/orders/:id', requireAuth, async (req, res) => {
    const { id } = parseParams(idParams, req);
    ok(res, await service.get(principalOf(req), tenantOf(req), id));
  });

  r.patch('/orders/:id/status', requireRole('MERCHANT', 'ADMIN'), async (req, res) => {
    const { id } = parseParams(idParams, req);
    const { status } = parseBody(statusBody, req);
    ok(res, await service.changeStatus(principalOf(req), tenantOf(req), id, status, req.correlationId));
  });

  r.delete('/orders/:id', requireAuth, async (req, res) => {
    const { id } = parseParams(idParams, req);
    ok(res, await service.cancel(principalOf(req), tenantOf(req), id, req.correlationId));
  });

  return r;
}
