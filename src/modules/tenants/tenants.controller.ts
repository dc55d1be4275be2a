// POST /api/v1/tenants — merchant sign-up; GET (ADMIN, MERCHANT) and PATCH (ADMIN)
// /tenants/current — the tenant's settings; POST /tenants/current/api-keys/rotate (ADMIN).
import { Router } from 'express';
import type { AppContext } from '../../platform/app-context';
import { created, ok } from '../../platform/http/envelope';
import { principalOf, requireRole, tenantOf } from '../../platform/auth/authenticate';
import { actorOf } from '../../platform/auth/types';
import { parseBody } from '../../platform/http/validate';
import { z } from 'zod';
import { createTenantBody, updateTenantBody } from './tenants.schemas';
import { TenantsService } from './tenants.service';

export function tenantsRouter(ctx: AppContext): Router {
  const service = new TenantsService(ctx);
  const r = Router();
  r.post('/tenants', async (req, res) => {
    const input = parseBody(createTenantBody, req);
    created(res, await service.signUp(input, req.correlationId));
  });
  r.get('/tenants/current', requireRole('ADMIN', 'MERCHANT'), async (req, res) => {
    ok(res, await service.settings(tenantOf(req).id));
  });
  r.patch('/tenants/current', requireRole('ADMIN'), async (req, res) => {
    const input = parseBody(updateTenantBody, req);
    const tenant = tenantOf(req);
    ok(res, await service.updateSettings(actorOf(principalOf(req), tenant.id, req.correlationId), input));
  });
  r.post('/tenants/current/api-keys/rotate', requireRole('ADMIN'), async (req, res) => {
    parseBody(z.object({}).strict(), req);
    const tenant = tenantOf(req);
    created(res, await service.rotateApiKey(actorOf(principalOf(req), tenant.id, req.correlationId)));
  });
  return r;
}
