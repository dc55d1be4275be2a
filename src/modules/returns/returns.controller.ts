// /orders/:id/returns and /returns[/:id/receive] — HTTP only: parse, call the service, send the envelope.
import { Router } from 'express';
import type { AppContext } from '../../platform/app-context';
import { principalOf, requireAuth, requireRole, tenantOf } from '../../platform/auth/authenticate';
import { created, ok } from '../../platform/http/envelope';
import { idParams, parseBody, parseParams, parseQuery } from '../../platform/http/validate';
import { createReturnBody, listReturnsQuery, receiveReturnBody } from './returns.schemas';
import { ReturnsService } from './returns.service';

export function returnsRouter(ctx: AppContext): Router {
  const service = new ReturnsService(ctx);
  const r = Router();
  const staff = requireRole('MERCHANT', 'ADMIN');

  r.post('/orders/:id/returns', requireAuth, async (req, res) => {
    const { id } = parseParams(idParams, req);
    const input = parseBody(createReturnBody, req);
    created(res, await service.create(principalOf(req), tenantOf(req), id, input, req.correlationId));
  });

  r.get('/orders/:id/returns', requireAuth, async (req, res) => {
    const { id } = parseParams(idParams, req);
    ok(res, await service.listForOrder(principalOf(req), tenantOf(req), id));
  });

  r.get('/returns', staff, async (req, res) => {
    const q = parseQuery(listReturnsQuery, req);
    const { data, meta } = await service.list(tenantOf(req), q);
    ok(res, data, meta);
  });

  r.post('/returns/:id/receive', staff, async (req, res) => {
    const { id } = parseParams(idParams, req);
    const { restock } = parseBody(receiveReturnBody, req);
    ok(res, await service.receive(principalOf(req), tenantOf(req), id, restock, req.correlationId));
  });

  return r;
}
