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
