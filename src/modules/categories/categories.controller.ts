// /categories: public (X-Tenant) and every role read; MERCHANT/ADMIN write; ADMIN deletes.
import { Router, type Request } from 'express';
import type { AppContext } from '../../platform/app-context';
import { requireRole, tenantOf } from '../../platform/auth/authenticate';
import { actorOf } from '../../platform/auth/types';
import { created, noContent, ok } from '../../platform/http/envelope';
import { idParams, parseBody, parseParams, parseQuery } from '../../platform/http/validate';
import { createCategoryBody, listCategoriesQuery, updateCategoryBody } from './categories.schemas';
import { CategoriesService } from './categories.service';

export function categoriesRouter(ctx: AppContext): Router {
  const service = new CategoriesService(ctx);
  const r = Router();
  const actor = (req: Request) => actorOf(req.principal, tenantOf(req).id, req.correlationId);

  r.get('/categories', async (req, res) => {
    const q = parseQuery(listCategoriesQuery, req);
    const page = await service.list(tenantOf(req), q);
    ok(res, page.items, { page: q.page, limit: q.limit, total: page.total });
  });

  r.get('/categories/:id', async (req, res) => {
    const { id } = parseParams(idParams, req);
    ok(res, await service.get(tenantOf(req), id));
  });

  r.post('/categories', requireRole('ADMIN', 'MERCHANT'), async (req, res) => {
    const input = parseBody(createCategoryBody, req);
    created(res, await service.create(tenantOf(req), input, actor(req)));
  });

  r.patch('/categories/:id', requireRole('ADMIN', 'MERCHANT'), async (req, res) => {
    const { id } = parseParams(idParams, req);
    const input = parseBody(updateCategoryBody, req);
    ok(res, await service.update(tenantOf(req), id, input, actor(req)));
  });

  r.delete('/categories/:id', requireRole('ADMIN'), async (req, res) => {
    const { id } = parseParams(idParams, req);
    await service.remove(tenantOf(req), id, actor(req));
    noContent(res);
  });

  return r;
}
