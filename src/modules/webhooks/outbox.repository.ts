// Transactional outbox: an event row is inserted in the same transaction as the change
// that caused it, so no committed change loses its event and no rolled-back change emits one.
import { randomBytes } from 'node:crypto';
import type { RawTx } from '../../platform/db/prisma';
import { Prisma } from '../../generated/prisma/client';

export const EVENT_TYPES = [
  'order.created',
  'order.paid',
  'order.status_changed',
  'order.cancelled',
  'payment.failed',
  'payment.refunded',
  'product.created',
  'product.updated',
  'product.deleted',
  'inventory.low_stock',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface OutboxPayload {
  id: string;
  type: EventType;
  createdAt: string;
  tenantId: string;
  data: unknown;
}

export const newEventId = (): string => `evt_${randomBytes(16).toString('hex')}`;

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

export async function emitEvent(tx: RawTx, tenantId: string, type: EventType, data: unknown): Promise<OutboxPayload> {
  const payload = newOutboxPayload(tenantId, type, data);
  await tx.$executeRaw(outboxInsertSql(payload));
  return payload;
}
