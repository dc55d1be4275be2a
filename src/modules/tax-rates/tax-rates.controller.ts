// /tax-rates[/:id]: merchant settings. MERCHANT and ADMIN (API keys are MERCHANT) read and
// write; customers get 403, anonymous callers 401.
import { Router, type Request } from 'express';
import type { AppContext } from '../../platform/app-context';
import { principalOf, requireRole, tenantOf } from '../../platform/auth/authenticate';
import { actorOf } from '../../platform/auth/types';
import { created, noContent, ok } from '../../platform/http/envelope';
import { idParams, paginationQuery, parseBody, parseParams, parseQuery } from '../../platform/http/validate';
import { createTaxRateBody, updateTaxRateBody } from './tax-rates.schemas';
import { TaxRatesService } from './tax-rates.service';

export function taxRatesRouter(ctx: AppContext): Router {
  const service = new TaxRatesService(ctx);
  const r = Router();
  const staff = requireRole('ADMIN', 'MERCHANT');
  const actor = (req: Request) => actorOf(principalOf(req), tenantOf(req).id, req.correlationId);

  r.get('/tax-rates', staff, async (req, res) => {
    const p = parseQuery(paginationQuery, req);
    const { items, total } = await service.list(tenantOf(req), p);
    ok(res, items, { page: p.page, limit: p.limit, total });
  });

  r.post('/tax-rates', staff, async (req, res) => {
    const input = parseBody(createTaxRateBody, req);
    created(res, await service.create(tenantOf(req), input, actor(req)));
  });

  r.patch('/tax-rates/:id', staff, async (req, res) => {
    const { id } = parseParams(idParams, req);
    const input = parseBody(updateTaxRateBody, req);
    ok(res, await service.update(tenantOf(req), id, input, actor(req)));
  });

  r.delete('/tax-rates/:id', staff, async (req, res) => {
    const { id } = parseParams(idParams, req);
    await service.remove(tenantOf(req), id, actor(req));
    noContent(res);
  });

  return r;
}
