// GET /audit-logs (ADMIN; read-only, so an admin token without MFA may call it).
import { Router } from 'express';
import type { AppContext } from '../../platform/app-context';
import { requireRole, tenantOf } from '../../platform/auth/authenticate';
import { ok } from '../../platform/http/envelope';
import { parseQuery } from '../../platform/http/validate';
import { listAuditQuery } from './audit.schemas';
import { AuditService } from './audit.service';

export function auditRouter(ctx: AppContext): Router {
  const service = new AuditService(ctx);
  const r = Router();
  r.get('/audit-logs', requireRole('ADMIN'), async (req, res) => {
    const q = parseQuery(listAuditQuery, req);
    const page = await service.list(tenantOf(req).id, q);
    ok(res, page.items, { page: q.page, limit: q.limit, total: page.total });
  });
  return r;
}
