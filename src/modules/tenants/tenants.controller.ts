// POST /api/v1/tenants — merchant sign-up; POST /tenants/current/api-keys/rotate (ADMIN).
import { Router } from 'express';
import type { AppContext } from '../../platform/app-context';
import { created } from '../../platform/http/envelope';
import { principalOf, requireRole, tenantOf } from '../../platform/auth/authenticate';
import { actorOf } from '../../platform/auth/types';
import { parseBody } from '../../platform/http/validate';
import { z } from 'zod';
import { createTenantBody } from './tenants.schemas';
import { TenantsService } from './tenants.service';

export function tenantsRouter(ctx: AppContext): Router {
  const service = new TenantsService(ctx);
  const r = Router();
  r.post('/tenants', async (req, res) => {
    const input = parseBody(createTenantBody, req);
    created(res, await service.signUp(input, req.correlationId));
  });
  r.post('/tenants/current/api-keys/rotate', requireRole('ADMIN'), async (req, res) => {
    parseBody(z.object({}).strict(), req);
    const tenant = tenantOf(req);
    created(res, await service.rotateApiKey(actorOf(principalOf(req), tenant.id, req.correlationId)));
  });
  return r;
}
