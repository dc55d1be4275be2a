// Audit rows are written inside the mutation's own transaction (pass its tx).
import type { Actor } from '../../platform/auth/types';
import type { Tx } from '../../platform/db/prisma';
import type { Prisma } from '../../generated/prisma/client';

export type AuditAction = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AuditEntry {
  action: AuditAction;
  resource: string;
  resourceId: string;
  before?: unknown;
  after?: unknown;
}

/** Drop undefined, make Decimals/Dates/BigInts JSON-safe. */
const jsonSafe = (v: unknown): Prisma.InputJsonValue =>
  JSON.parse(JSON.stringify(v ?? null, (_k, x) => (typeof x === 'bigint' ? x.toString() : x))) as Prisma.InputJsonValue;

export async function recordAudit(tx: Tx, actor: Actor, e: AuditEntry): Promise<void> {
  await tx.auditLog.create({
    data: {
      tenantId: actor.tenantId,
      action: e.action,
      resource: e.resource,
      resourceId: e.resourceId,
      userId: actor.userId,
      actorType: actor.actorType,
      changes: jsonSafe({ before: e.before ?? null, after: e.after ?? null }),
      correlationId: actor.correlationId,
    },
  });
}

export interface AuditFilter {
  tenantId: string;
  resource?: string;
  resourceId?: string;
  action?: AuditAction;
  from?: Date;
  to?: Date;
}

/** Newest first; served by the (tenant_id, resource, resource_id, timestamp),
 *  (tenant_id, action, timestamp) and (tenant_id, timestamp) indexes. */
export async function listAudit(tx: Tx, f: AuditFilter, skip: number, take: number) {
  const where: Prisma.AuditLogWhereInput = {
    tenantId: f.tenantId,
    resource: f.resource,
    resourceId: f.resourceId,
    action: f.action,
    timestamp: f.from || f.to ? { gte: f.from, lte: f.to } : undefined,
  };
  const rows = await tx.auditLog.findMany({
    where,
    orderBy: [{ timestamp: 'desc' }, { id: 'desc' }],
    skip,
    take,
    select: {
      id: true,
      action: true,
      resource: true,
      resourceId: true,
      userId: true,
      changes: true,
      correlationId: true,
      timestamp: true,
    },
  });
  const total = skip === 0 && rows.length < take ? rows.length : await tx.auditLog.count({ where });
  return { rows, total };
}
