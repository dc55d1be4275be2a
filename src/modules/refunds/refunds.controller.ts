// /api/v1/orders/:id/refunds — HTTP only: parse, call the service, send the envelope.
import { Router } from 'express';
import type { AppContext } from '../../platform/app-context';
import { principalOf, requireAuth, requireRole, tenantOf } from '../../platform/auth/authenticate';
import { ok } from '../../platform/http/envelope';
import { idParams, parseBody, parseParams } from '../../platform/http/validate';
import { idempotencyOf } from '../orders';
import { createRefundBody } from './refunds.schemas';
import { RefundsService } from './refunds.service';

export function refundsRouter(ctx: AppContext): Router {
  const service = new RefundsService(ctx);
  const r = Router();

  r.post('/orders/:id/refunds', requireRole('MERCHANT', 'ADMIN'), async (req, res) => {
    const { id } = parseParams(idParams, req);
    const input = parseBody(createRefundBody, req);
    const idem = idempotencyOf(req, `/orders/${id.toLowerCase()}/refunds`);
    const result = await service.create(principalOf(req), tenantOf(req), id, input, idem, req.correlationId);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    res.status(result.status).json(result.body);
  });

  r.get('/orders/:id/refunds', requireAuth, async (req, res) => {
    const { id } = parseParams(idParams, req);
    ok(res, await service.list(principalOf(req), tenantOf(req), id));
  });

  return r;
}
