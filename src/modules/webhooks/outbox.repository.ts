// Transactional outbox: an event row is inserted in the same transaction as the change
// that caused it, so no committed change loses its event and no rolled-back change emits one.
import { randomBytes } from 'node:crypto';
import type { Tx } from '../../platform/db/prisma';
import type { Prisma } from '../../generated/prisma/client';

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

export async function emitEvent(tx: Tx, tenantId: string, type: EventType, data: unknown): Promise<OutboxPayload> {
  const payload: OutboxPayload = {
    id: newEventId(),
    type,
    createdAt: new Date().toISOString(),
    tenantId,
    data: JSON.parse(JSON.stringify(data)),
  };
  await tx.outboxEvent.create({
    data: { id: payload.id, tenantId, type, payload: payload as unknown as Prisma.InputJsonValue },
  });
  return payload;
}
