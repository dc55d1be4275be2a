// Reading the append-only audit log (rows are written by each module in its own transaction).
import type { AppContext } from '../../platform/app-context';
import { withTenant } from '../../platform/db/prisma';
import { skipTake } from '../../platform/http/validate';
import { listAudit } from './audit.repository';
import type { AuditLogView, ListAuditQuery } from './audit.schemas';

export class AuditService {
  constructor(private readonly ctx: AppContext) {}

  async list(tenantId: string, q: ListAuditQuery): Promise<{ items: AuditLogView[]; total: number }> {
    const { skip, take } = skipTake(q);
    const { rows, total } = await withTenant(this.ctx.db, tenantId, (tx) =>
      listAudit(
        tx,
        { tenantId, resource: q.resource, resourceId: q.resourceId, action: q.action, from: q.from, to: q.to },
        skip,
        take,
      ),
    );
    return {
      items: rows.map((r) => {
        const c = (r.changes ?? {}) as { before?: unknown; after?: unknown };
        return {
          id: r.id,
          action: r.action,
          resource: r.resource,
          resourceId: r.resourceId,
          userId: r.userId,
          changes: { before: c.before ?? null, after: c.after ?? null },
          correlationId: r.correlationId,
          timestamp: r.timestamp.toISOString(),
        };
      }),
      total,
    };
  }
}
