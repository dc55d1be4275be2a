// /orders/:id/fulfillments[/:fid] — HTTP only: parse, call the service, send the envelope.
import { Router } from 'express';
import type { AppContext } from '../../platform/app-context';
import { principalOf, requireAuth, requireRole, tenantOf } from '../../platform/auth/authenticate';
import { created, ok } from '../../platform/http/envelope';
import { idParams, parseBody, parseParams } from '../../platform/http/validate';
import { createFulfillmentBody, fulfillmentParams, updateFulfillmentBody } from './fulfillments.schemas';
import { FulfillmentsService } from './fulfillments.service';

export function fulfillmentsRouter(ctx: AppContext): Router {
  const service = new FulfillmentsService(ctx);
  const r = Router();
  const staff = requireRole('MERCHANT', 'ADMIN');

  r.post('/orders/:id/fulfillments', staff, async (req, res) => {
    const { id } = parseParams(idParams, req);
    const input = parseBody(createFulfillmentBody, req);
    created(res, await service.create(principalOf(req), tenantOf(req), id, input, req.correlationId));
  });

  r.get('/orders/:id/fulfillments', requireAuth, async (req, res) => {
    const { id } = parseParams(idParams, req);
    ok(res, await service.list(principalOf(req), tenantOf(req), id));
  });

  r.patch('/orders/:id/fulfillments/:fid', staff, async (req, res) => {
    const { id, fid } = parseParams(fulfillmentParams, req);
    const input = parseBody(updateFulfillmentBody, req);
    ok(res, await service.update(principalOf(req), tenantOf(req), id, fid, input, req.correlationId));
  });

  return r;
}
