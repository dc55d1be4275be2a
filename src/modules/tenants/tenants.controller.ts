// POST /api/v1/tenants — merchant sign-up.
import { Router } from 'express';
import type { AppContext } from '../../platform/app-context';
import { created } from '../../platform/http/envelope';
import { parseBody } from '../../platform/http/validate';
import { createTenantBody } from './tenants.schemas';
import { TenantsService } from './tenants.service';

export function tenantsRouter(ctx: AppContext): Router {
  const service = new TenantsService(ctx);
  const r = Router();
  r.post('/tenants', async (req, res) => {
    const input = parseBody(createTenantBody, req);
    created(res, await service.signUp(input, req.correlationId));
  });
  return r;
}
