// /users: staff management and locking users out (ADMIN only).
import { Router } from 'express';
import type { AppContext } from '../../platform/app-context';
import { principalOf, requireRole, tenantOf } from '../../platform/auth/authenticate';
import { actorOf } from '../../platform/auth/types';
import { created, ok } from '../../platform/http/envelope';
import { idParams, parseBody, parseParams, parseQuery } from '../../platform/http/validate';
import { createStaffBody, listUsersQuery, updateUserBody } from './users.schemas';
import { UsersService } from './users.service';

export function usersRouter(ctx: AppContext): Router {
  const service = new UsersService(ctx);
  const r = Router();

  r.post('/users', requireRole('ADMIN'), async (req, res) => {
    const input = parseBody(createStaffBody, req);
    const tenant = tenantOf(req);
    created(res, await service.create(tenant.id, input, actorOf(principalOf(req), tenant.id, req.correlationId)));
  });

  r.get('/users', requireRole('ADMIN'), async (req, res) => {
    const q = parseQuery(listUsersQuery, req);
    const { data, total } = await service.list(tenantOf(req).id, q);
    ok(res, data, { page: q.page, limit: q.limit, total });
  });

  r.get('/users/:id', requireRole('ADMIN'), async (req, res) => {
    const { id } = parseParams(idParams, req);
    ok(res, await service.get(tenantOf(req).id, id));
  });

  r.patch('/users/:id', requireRole('ADMIN'), async (req, res) => {
    const { id } = parseParams(idParams, req);
    const input = parseBody(updateUserBody, req);
    const tenant = tenantOf(req);
    ok(res, await service.update(tenant.id, id, input, actorOf(principalOf(req), tenant.id, req.correlationId)));
  });

  return r;
}
