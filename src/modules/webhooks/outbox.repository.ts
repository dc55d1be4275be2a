// Transactional outbox: an event row is inserted in the same transaction as the change
// that caused it, so no committed change loses its event and no rolled-back change emits one.
import { randomBytes } from 'node:crypto';
import type { SqlTx } from '../../platform/db/prisma';
import { Prisma } from '../../generated/prisma/client';

export const EVENT_TYPES = [
  'order.created',
  'order.paid',
  'order.status_changed',
  'order.cancelled',
  'order.refunded',
  'order.fulfilled',
  'return.requested',
  'return.received',
  'payment.failed',
  'payment.refunded',
  'product.created',
  'product.updated',
  'product.deleted',
  'inventory.low_stock',
  'customer.password_reset_requested',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface OutboxPayload {
  id: string;
  type: EventType;
  createdAt: string;
  tenantId: string;
  data: unknown;
}

// Event ids draw 16 random bytes each from a 4 KiB pool refilled from the CSPRNG (as Node's
// randomUUID does): one randomBytes(16) call per event was ~1.6% of the API's CPU under
// order-create.
const ID_BYTES = 16;
let idPool = Buffer.alloc(0);
let idOffset = 0;
export const newEventId = (): string => {
  if (idOffset + ID_BYTES > idPool.length) {
    idPool = randomBytes(256 * ID_BYTES);
    idOffset = 0;
  }
  idOffset += ID_BYTES;
  return `evt_${idPool.toString('hex', idOffset - ID_BYTES, idOffset)}`;
};

/** The event as written to the outbox: `payload.data` is JSON-safe (round-tripped). */
export function newOutboxPayload(tenantId: string, type: EventType, data: unknown): OutboxPayload {
  return {
    id: newEventId(),
    type,
    createdAt: new Date().toISOString(),
    tenantId,
    data: JSON.parse(JSON.stringify(data)),
  };
}

/**
 * The outbox row of an event declared on the write path (modules/write-path.ts), as an INSERT
 * to build once `when` is known: the same row as outboxInsertSql(newOutboxPayload(…) with
 * `createdAt`), with the payload's JSON text written once (`data` serialised once, not
 * round-tripped and serialised again: same JSON, the column is jsonb).
 */
export function outboxEventInsert(
  tenantId: string,
  type: EventType,
  data: unknown,
  createdAt: string,
): (when: Prisma.Sql) => Prisma.Sql {
  const id = newEventId();
  const dataJson = JSON.stringify(data);
  if (dataJson === undefined) throw new TypeError(`event ${type}: data is not JSON`);
  const payloadJson = `{"id":"${id}","type":${JSON.stringify(type)},"createdAt":${JSON.stringify(
    createdAt,
  )},"tenantId":${JSON.stringify(tenantId)},"data":${dataJson}}`;
  return (when) => Prisma.sql`INSERT INTO outbox_events (id, tenant_id, type, payload, created_at)
    SELECT ${id}::text, ${tenantId}::uuid, ${type}::text, ${payloadJson}::jsonb, ${createdAt}::timestamptz
    WHERE ${when}`;
}

/**
 * The outbox row's INSERT as a parameterized statement (no RETURNING), for callers that
 * fold it into a larger statement of the same transaction (a data-modifying CTE). `when`
 * (a boolean SQL expression) makes the insert conditional. Raw SQL skips Prisma's query
 * compiler. created_at = the payload's createdAt.
 */
export function outboxInsertSql(payload: OutboxPayload, when: Prisma.Sql = Prisma.sql`true`): Prisma.Sql {
  return Prisma.sql`INSERT INTO outbox_events (id, tenant_id, type, payload, created_at)
    SELECT ${payload.id}::text, ${payload.tenantId}::uuid, ${payload.type}::text, ${JSON.stringify(payload)}::jsonb,
      ${payload.createdAt}::timestamptz
    WHERE ${when}`;
}

export async function emitEvent(tx: SqlTx, tenantId: string, type: EventType, data: unknown): Promise<OutboxPayload> {
  const payload = newOutboxPayload(tenantId, type, data);
  await tx.$executeRaw(outboxInsertSql(payload));
  return payload;
}
