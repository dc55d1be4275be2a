// /products: public (X-Tenant) and every role read; MERCHANT/ADMIN write; ADMIN deletes.
import { Router, type Request } from 'express';
import type { AppContext } from '../../platform/app-context';
import { requireRole, tenantOf } from '../../platform/auth/authenticate';
import { actorOf } from '../../platform/auth/types';
import { created, noContent, ok, okJson } from '../../platform/http/envelope';
import { idParams, parseBody, parseParams, parseQuery } from '../../platform/http/validate';
import { createProductBody, listProductsQuery, updateProductBody } from './catalog.schemas';
import { CatalogService } from './catalog.service';

const isStaff = (req: Request): boolean => req.principal?.role === 'ADMIN' || req.principal?.role === 'MERCHANT';

export function catalogRouter(ctx: AppContext): Router {
  const service = new CatalogService(ctx);
  const r = Router();
  const actor = (req: Request) => actorOf(req.principal, tenantOf(req).id, req.correlationId);

  r.get('/products', async (req, res) => {
    const tenant = tenantOf(req);
    const q = parseQuery(listProductsQuery, req);
    const page = await service.list(tenant, q, isStaff(req));
    ok(res, page.items, { page: q.page, limit: q.limit, total: page.total });
  });

  r.get('/products/:id', async (req, res) => {
    const tenant = tenantOf(req);
    const { id } = parseParams(idParams, req);
    okJson(res, await service.getJson(tenant, id, isStaff(req)));
  });

  r.post('/products', requireRole('ADMIN', 'MERCHANT'), async (req, res) => {
    const input = parseBody(createProductBody, req);
    created(res, await service.create(tenantOf(req), input, actor(req)));
  });

  r.patch('/products/:id', requireRole('ADMIN', 'MERCHANT'), async (req, res) => {
    const { id } = parseParams(idParams, req);
    const input = parseBody(updateProductBody, req);
    ok(res, await service.update(tenantOf(req), id, input, actor(req)));
  });

  r.delete('/products/:id', requireRole('ADMIN'), async (req, res) => {
    const { id } = parseParams(idParams, req);
    await service.remove(tenantOf(req), id, actor(req));
    noContent(res);
  });

  return r;
}
