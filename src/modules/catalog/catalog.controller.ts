// /products: public (X-Tenant) and every role read; MERCHANT/ADMIN write; ADMIN deletes.
// Variants: /products/:id/variants (MERCHANT/ADMIN write, ADMIN deletes).
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../platform/app-context';
import { requireRole, tenantOf } from '../../platform/auth/authenticate';
import { actorOf } from '../../platform/auth/types';
import { handleSchema } from '../../platform/handle';
import { created, noContent, ok, okJson } from '../../platform/http/envelope';
import { idParams, parseBody, parseParams, parseQuery } from '../../platform/http/validate';
import { createProductBody, updateProductBody } from './catalog.schemas';
import { ProductSearch } from './catalog.search';
import { listProductsQuery } from './catalog.search.schemas';
import { CatalogService } from './catalog.service';
import { updateVariantBody, variantInput, variantParams } from './catalog.variant-schemas';
import { VariantService } from './catalog.variants.service';

const isStaff = (req: Request): boolean => req.principal?.role === 'ADMIN' || req.principal?.role === 'MERCHANT';
const handleParams = z.object({ handle: handleSchema }).strict();

export function catalogRouter(ctx: AppContext): Router {
  const service = new CatalogService(ctx);
  const variants = new VariantService(ctx);
  const search = new ProductSearch(ctx);
  const r = Router();
  const actor = (req: Request) => actorOf(req.principal, tenantOf(req).id, req.correlationId);

  r.get('/products', async (req, res) => {
    const q = parseQuery(listProductsQuery, req);
    res
      .status(200)
      .type('application/json')
      .send(await search.listJson(tenantOf(req), q, isStaff(req)));
  });

  r.get('/products/by-handle/:handle', async (req, res) => {
    const { handle } = parseParams(handleParams, req);
    okJson(res, await service.getByHandleJson(tenantOf(req), handle, isStaff(req)));
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

  r.post('/products/:id/variants', requireRole('ADMIN', 'MERCHANT'), async (req, res) => {
    const { id } = parseParams(idParams, req);
    const input = parseBody(variantInput, req);
    created(res, await variants.add(tenantOf(req), id, input, actor(req)));
  });

  r.patch('/products/:id/variants/:variantId', requireRole('ADMIN', 'MERCHANT'), async (req, res) => {
    const { id, variantId } = parseParams(variantParams, req);
    const input = parseBody(updateVariantBody, req);
    ok(res, await variants.update(tenantOf(req), id, variantId, input, actor(req)));
  });

  r.delete('/products/:id/variants/:variantId', requireRole('ADMIN'), async (req, res) => {
    const { id, variantId } = parseParams(variantParams, req);
    await variants.remove(tenantOf(req), id, variantId, actor(req));
    noContent(res);
  });

  return r;
}
