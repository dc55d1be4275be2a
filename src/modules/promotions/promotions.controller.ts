// /promotions[/:id]: merchant settings. MERCHANT and ADMIN (API keys are MERCHANT) read and
// write; customers get 403, anonymous callers 401.
import { Router, type Request } from 'express';
import type { AppContext } from '../../platform/app-context';
import { principalOf, requireRole, tenantOf } from '../../platform/auth/authenticate';
import { actorOf } from '../../platform/auth/types';
import { created, noContent, ok } from '../../platform/http/envelope';
import { idParams, parseBody, parseParams, parseQuery } from '../../platform/http/validate';
import { createPromotionBody, listPromotionsQuery, updatePromotionBody } from './promotions.schemas';
import { PromotionsService } from './promotions.service';

export function promotionsRouter(ctx: AppContext): Router {
  const service = new PromotionsService(ctx);
  const r = Router();
  const staff = requireRole('ADMIN', 'MERCHANT');
  const actor = (req: Request) => actorOf(principalOf(req), tenantOf(req).id, req.correlationId);

  r.get('/promotions', staff, async (req, res) => {
    const q = parseQuery(listPromotionsQuery, req);
    const { items, total } = await service.list(tenantOf(req), q);
    ok(res, items, { page: q.page, limit: q.limit, total });
  });

  r.post('/promotions', staff, async (req, res) => {
    const input = parseBody(createPromotionBody, req);
    created(res, await service.create(tenantOf(req), input, actor(req)));
  });

  r.get('/promotions/:id', staff, async (req, res) => {
    const { id } = parseParams(idParams, req);
    ok(res, await service.get(tenantOf(req), id));
  });

  r.patch('/promotions/:id', staff, async (req, res) => {
    const { id } = parseParams(idParams, req);
    const input = parseBody(updatePromotionBody, req);
    ok(res, await service.update(tenantOf(req), id, input, actor(req)));
  });

  r.delete('/promotions/:id', staff, async (req, res) => {
    const { id } = parseParams(idParams, req);
    await service.remove(tenantOf(req), id, actor(req));
    noContent(res);
  });

  return r;
}
