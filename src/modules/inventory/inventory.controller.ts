// /inventory: MERCHANT and ADMIN.
import { Router } from 'express';
import type { AppContext } from '../../platform/app-context';
import { requireRole, tenantOf } from '../../platform/auth/authenticate';
import { actorOf } from '../../platform/auth/types';
import { ok } from '../../platform/http/envelope';
import { parseBody, parseParams, parseQuery } from '../../platform/http/validate';
import { listInventoryQuery, patchInventoryBody, productIdParams, variantIdParams } from './inventory.schemas';
import { InventoryService, type StockWritten } from './inventory.service';

export function inventoryRouter(ctx: AppContext, stockWritten?: StockWritten): Router {
  const service = new InventoryService(ctx, stockWritten);
  const r = Router();

  r.get('/inventory', requireRole('ADMIN', 'MERCHANT'), async (req, res) => {
    const q = parseQuery(listInventoryQuery, req);
    const page = await service.list(tenantOf(req).id, q);
    ok(res, page.items, { page: q.page, limit: q.limit, total: page.total });
  });

  // Registered before /inventory/:productId, which would otherwise take "variants" as an id.
  r.patch('/inventory/variants/:variantId', requireRole('ADMIN', 'MERCHANT'), async (req, res) => {
    const { variantId } = parseParams(variantIdParams, req);
    const input = parseBody(patchInventoryBody, req);
    const tenant = tenantOf(req);
    const actor = actorOf(req.principal, tenant.id, req.correlationId);
    ok(res, await service.patch(tenant, { variantId }, input, actor));
  });

  r.patch('/inventory/:productId', requireRole('ADMIN', 'MERCHANT'), async (req, res) => {
    const { productId } = parseParams(productIdParams, req);
    const input = parseBody(patchInventoryBody, req);
    const tenant = tenantOf(req);
    const actor = actorOf(req.principal, tenant.id, req.correlationId);
    ok(res, await service.patch(tenant, { productId }, input, actor));
  });

  return r;
}
