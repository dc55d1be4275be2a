// Audit rows are written inside the mutation's own transaction, through the write path
// (tenantWrite's w.audit, ADR 0007); the audit log is read here too.
import type { Actor } from '../../platform/auth/types';
import type { Tx } from '../../platform/db/prisma';
import type { AuditRecord } from '../../platform/db/tenant-write';
import { Prisma } from '../../generated/prisma/client';
import { selectFields } from '../../platform/db/select-fields';
import { auditLogView, type AuditLogView } from './audit.schemas';

/** One audit row (the write path's AuditRecord: writes declare it with w.audit). */
export type AuditEntry = AuditRecord;
export type AuditAction = AuditEntry['action'];

const bigintSafe = (_k: string, x: unknown): unknown => (typeof x === 'bigint' ? x.toString() : x);

/**
 * The `changes` column as JSON text (undefined dropped, Decimals/Dates/BigInts made JSON-safe).
 * A replacer takes JSON.stringify off its fast path, and only BigInts need it (they are all
 * JSON.stringify refuses, with a TypeError): tried without it first.
 */
const auditChangesJson = (v: unknown): string => {
  try {
    return JSON.stringify(v ?? null);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return JSON.stringify(v ?? null, bigintSafe);
  }
};

/**
 * The write path's audit sink (modules/write-path.ts): the row as of now (its changes
 * serialised at once, its timestamp `at`), as an INSERT to build once `when` (a boolean SQL
 * expression that makes it conditional) is known: the write path puts it in its one flush
 * statement, order creation folds it into its own statement as a data-modifying CTE. Raw
 * SQL skips Prisma's query compiler.
 */
export function auditInsert(actor: Actor, e: AuditEntry, at: string): (when: Prisma.Sql) => Prisma.Sql {
  const changes = auditChangesJson({ before: e.before ?? null, after: e.after ?? null });
  return (when) => Prisma.sql`INSERT INTO audit_logs
      (id, tenant_id, action, resource, resource_id, user_id, actor_type, changes, correlation_id, "timestamp")
    SELECT gen_random_uuid(), ${actor.tenantId}::uuid, ${e.action}::"AuditAction", ${e.resource}::text,
      ${e.resourceId}::text, ${actor.userId}::text, ${actor.actorType}::text, ${changes}::jsonb,
      ${actor.correlationId}::text, ${at}::timestamptz
    WHERE ${when}`;
}

/** The columns the audit log is read with: its view's fields (audit.schemas). */
const auditSelect = selectFields(auditLogView) satisfies Prisma.AuditLogSelect;

/** An audit row as read: the view's fields, changes as the stored jsonb, the time as a Date. */
export type AuditRow = Omit<AuditLogView, 'changes' | 'timestamp'> & { changes: Prisma.JsonValue; timestamp: Date };

/** The filters of the audit log: the view's fields and a time range. */
export type AuditFilter = Partial<Pick<AuditLogView, 'resource' | 'resourceId' | 'action'>> & {
  tenantId: string;
  from?: Date;
  to?: Date;
};

/** Newest first; served by the (tenant_id, resource, resource_id, timestamp),
 *  (tenant_id, action, timestamp) and (tenant_id, timestamp) indexes. */
export async function listAudit(
  tx: Tx,
  f: AuditFilter,
  skip: number,
  take: number,
): Promise<{ rows: AuditRow[]; total: number }> {
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
    select: auditSelect,
  });
  const total = skip === 0 && rows.length < take ? rows.length : await tx.auditLog.count({ where });
  return { rows, total };
}
