// /shipping-zones[/:id]: merchant settings. MERCHANT and ADMIN (API keys are MERCHANT) read
// and write; customers get 403, anonymous callers 401.
import { Router, type Request } from 'express';
import type { AppContext } from '../../platform/app-context';
import { principalOf, requireRole, tenantOf } from '../../platform/auth/authenticate';
import { actorOf } from '../../platform/auth/types';
import { created, noContent, ok } from '../../platform/http/envelope';
import { idParams, paginationQuery, parseBody, parseParams, parseQuery } from '../../platform/http/validate';
import { createZoneBody, updateZoneBody } from './shipping.schemas';
import { ShippingService } from './shipping.service';

export function shippingRouter(ctx: AppContext): Router {
  const service = new ShippingService(ctx);
  const r = Router();
  const staff = requireRole('ADMIN', 'MERCHANT');
  const actor = (req: Request) => actorOf(principalOf(req), tenantOf(req).id, req.correlationId);

  r.get('/shipping-zones', staff, async (req, res) => {
    const p = parseQuery(paginationQuery, req);
    const { items, total } = await service.list(tenantOf(req), p);
    ok(res, items, { page: p.page, limit: p.limit, total });
  });

  r.get('/shipping-zones/:id', staff, async (req, res) => {
    const { id } = parseParams(idParams, req);
    ok(res, await service.get(tenantOf(req), id));
  });

  r.post('/shipping-zones', staff, async (req, res) => {
    const input = parseBody(createZoneBody, req);
    created(res, await service.create(tenantOf(req), input, actor(req)));
  });

  r.patch('/shipping-zones/:id', staff, async (req, res) => {
    const { id } = parseParams(idParams, req);
    const input = parseBody(updateZoneBody, req);
    ok(res, await service.update(tenantOf(req), id, input, actor(req)));
  });

  r.delete('/shipping-zones/:id', staff, async (req, res) => {
    const { id } = parseParams(idParams, req);
    await service.remove(tenantOf(req), id, actor(req));
    noContent(res);
  });

  return r;
}
