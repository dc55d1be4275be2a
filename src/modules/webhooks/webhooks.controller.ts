// /api/v1/webhook-endpoints[/:id][/rotate-secret|/deliveries], /api/v1/webhook-deliveries/:id/retry
// (ADMIN, MERCHANT).
import { Router, type Request } from 'express';
import { z } from 'zod';
import type { AppContext } from '../../platform/app-context';
import { principalOf, requireRole, tenantOf } from '../../platform/auth/authenticate';
import { actorOf } from '../../platform/auth/types';
import { created, noContent, ok, send } from '../../platform/http/envelope';
import { idParams, paginationQuery, parseBody, parseParams, parseQuery } from '../../platform/http/validate';
import { createEndpointBody, listDeliveriesQuery, updateEndpointBody } from './webhooks.schemas';
import { WebhooksService } from './webhooks.service';

const emptyBody = z.object({}).strict();

export function webhooksRouter(ctx: AppContext): Router {
  const service = new WebhooksService(ctx);
  const r = Router();
  const guard = requireRole('ADMIN', 'MERCHANT');
  const actor = (req: Request) => actorOf(principalOf(req), tenantOf(req).id, req.correlationId);

  r.post('/webhook-endpoints', guard, async (req, res) => {
    const input = parseBody(createEndpointBody, req);
    created(res, await service.create(actor(req), input));
  });

  r.get('/webhook-endpoints', guard, async (req, res) => {
    const p = parseQuery(paginationQuery, req);
    const { items, total } = await service.list(tenantOf(req).id, p);
    ok(res, items, { page: p.page, limit: p.limit, total });
  });

  r.get('/webhook-endpoints/:id', guard, async (req, res) => {
    const { id } = parseParams(idParams, req);
    ok(res, await service.get(tenantOf(req).id, id));
  });

  r.patch('/webhook-endpoints/:id', guard, async (req, res) => {
    const { id } = parseParams(idParams, req);
    const input = parseBody(updateEndpointBody, req);
    ok(res, await service.update(actor(req), id, input));
  });

  r.delete('/webhook-endpoints/:id', guard, async (req, res) => {
    const { id } = parseParams(idParams, req);
    await service.remove(actor(req), id);
    noContent(res);
  });

  r.post('/webhook-endpoints/:id/rotate-secret', guard, async (req, res) => {
    const { id } = parseParams(idParams, req);
    parseBody(emptyBody, req);
    ok(res, await service.rotateSecret(actor(req), id));
  });

  r.get('/webhook-endpoints/:id/deliveries', guard, async (req, res) => {
    const { id } = parseParams(idParams, req);
    const q = parseQuery(listDeliveriesQuery, req);
    const { items, total } = await service.deliveries(tenantOf(req).id, id, q);
    ok(res, items, { page: q.page, limit: q.limit, total });
  });

  r.post('/webhook-deliveries/:id/retry', guard, async (req, res) => {
    const { id } = parseParams(idParams, req);
    parseBody(emptyBody, req);
    send(res, 202, await service.retry(actor(req), id));
  });

  return r;
}
