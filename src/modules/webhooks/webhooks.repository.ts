// Every query of the webhooks module: endpoints, deliveries, the outbox relay's batch
// queries and the delivery worker's load/record. Tenant queries run in a withTenant tx.
import type { Db, Tx } from '../../platform/db/prisma';
import type { Pagination } from '../../platform/http/validate';
import { skipTake } from '../../platform/http/validate';
import { Prisma } from '../../generated/prisma/client';
import { selectFields } from '../../platform/db/select-fields';
import {
  deliveryView,
  endpointView,
  type DeliveryView,
  type EndpointView,
  type ListDeliveriesQuery,
} from './webhooks.schemas';

// The endpoint's and the delivery's columns are their views' fields (webhooks.schemas); the
// row types follow (times as Dates, the status as the column's enum).
const endpointSelect = selectFields(endpointView) satisfies Prisma.WebhookEndpointSelect;

type EndpointRow = Prisma.WebhookEndpointGetPayload<{ select: typeof endpointSelect }>;

/** An endpoint to insert: the fields a merchant gives, with the encrypted signing secret. */
export type NewEndpoint = Pick<EndpointView, 'url' | 'events' | 'description'> & {
  tenantId: string;
  secretEnc: string;
};

/** The endpoint columns an update may change (the view's, and the secret and failure run). */
export type EndpointChanges = Partial<
  Pick<EndpointView, 'url' | 'events' | 'description' | 'disabled' | 'disabledReason'> & {
    secretEnc: string;
    failingSince: Date | null;
  }
>;

export const toEndpointView = (e: EndpointRow): EndpointView => ({
  id: e.id,
  url: e.url,
  events: e.events,
  description: e.description,
  disabled: e.disabled,
  disabledReason: e.disabledReason,
  createdAt: e.createdAt.toISOString(),
  updatedAt: e.updatedAt.toISOString(),
});

const deliverySelect = selectFields(deliveryView) satisfies Prisma.WebhookDeliverySelect;

type DeliveryRow = Prisma.WebhookDeliveryGetPayload<{ select: typeof deliverySelect }>;

export const toDeliveryView = (d: DeliveryRow): DeliveryView => ({
  id: d.id,
  eventId: d.eventId,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  nextAttemptAt: d.nextAttemptAt ? d.nextAttemptAt.toISOString() : null,
  createdAt: d.createdAt.toISOString(),
});

// ---- endpoints ----

export async function insertEndpoint(tx: Tx, data: NewEndpoint): Promise<EndpointRow> {
  return tx.webhookEndpoint.create({ data, select: endpointSelect });
}

export async function listEndpoints(tx: Tx, p: Pagination): Promise<{ rows: EndpointRow[]; total: number }> {
  const [rows, total] = await Promise.all([
    tx.webhookEndpoint.findMany({
      select: endpointSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      ...skipTake(p),
    }),
    tx.webhookEndpoint.count(),
  ]);
  return { rows, total };
}

export async function findEndpoint(tx: Tx, id: string, forUpdate = false): Promise<EndpointRow | null> {
  if (forUpdate) await tx.$executeRaw`SELECT 1 FROM webhook_endpoints WHERE id = ${id}::uuid FOR UPDATE`;
  return tx.webhookEndpoint.findUnique({ where: { id }, select: endpointSelect });
}

export async function updateEndpoint(tx: Tx, id: string, data: EndpointChanges): Promise<EndpointRow> {
  return tx.webhookEndpoint.update({ where: { id }, data, select: endpointSelect });
}

export async function deleteEndpoint(tx: Tx, id: string): Promise<void> {
  await tx.webhookEndpoint.delete({ where: { id } });
}

// ---- deliveries ----

export async function listDeliveries(
  tx: Tx,
  endpointId: string,
  q: ListDeliveriesQuery,
): Promise<{ rows: DeliveryRow[]; total: number }> {
  const where: Prisma.WebhookDeliveryWhereInput = { endpointId, status: q.status, eventType: q.eventType };
  const [rows, total] = await Promise.all([
    tx.webhookDelivery.findMany({
      where,
      select: deliverySelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      ...skipTake(q),
    }),
    tx.webhookDelivery.count({ where }),
  ]);
  return { rows, total };
}

export async function findDelivery(tx: Tx, id: string) {
  return tx.webhookDelivery.findUnique({
    where: { id },
    select: { ...deliverySelect, endpointId: true, endpoint: { select: { disabled: true } } },
  });
}

export async function markDeliveryDueNow(tx: Tx, id: string): Promise<DeliveryRow> {
  return tx.webhookDelivery.update({
    where: { id },
    data: { status: 'PENDING', nextAttemptAt: new Date() },
    select: deliverySelect,
  });
}

// ---- outbox relay ----

export interface PendingEvent {
  id: string;
  type: string;
}

/** The relay's lock query (exported for EXPLAIN tests): reads a partial index of undispatched events. */
export const lockPendingEventsSql = (tenantId: string, limit: number): Prisma.Sql => Prisma.sql`
    SELECT id, type FROM outbox_events
    WHERE tenant_id = ${tenantId}::uuid AND dispatched_at IS NULL
    ORDER BY created_at, id
    LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`;

/** Locks up to `limit` undispatched events of the tx's tenant; rows locked by another relay are skipped. */
export async function lockPendingEvents(tx: Tx, tenantId: string, limit: number): Promise<PendingEvent[]> {
  return tx.$queryRaw<PendingEvent[]>(lockPendingEventsSql(tenantId, limit));
}

export async function enabledEndpoints(tx: Tx): Promise<Array<{ id: string; events: string[] }>> {
  return tx.webhookEndpoint.findMany({ where: { disabled: false }, select: { id: true, events: true } });
}

/**
 * ONE statement: inserts the deliveries (unique endpoint+event: existing ones are kept) and
 * returns the PENDING ones among them, new or left by an earlier run. Both halves go through
 * the unique (endpoint_id, event_id) index, so a batch reads its own rows, never the tenant's
 * delivery history.
 */
export async function upsertDeliveries(
  tx: Tx,
  tenantId: string,
  rows: Array<{ endpointId: string; eventId: string; eventType: string }>,
): Promise<Array<{ id: string; endpointId: string }>> {
  if (rows.length === 0) return [];
  return tx.$queryRaw<Array<{ id: string; endpointId: string }>>`
    WITH wanted AS (
      SELECT * FROM unnest(${rows.map((r) => r.endpointId)}::uuid[], ${rows.map((r) => r.eventId)}::text[],
        ${rows.map((r) => r.eventType)}::text[]) AS w(endpoint_id, event_id, event_type)),
    ins AS (
      INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_id, event_type, next_attempt_at, updated_at)
      SELECT gen_random_uuid(), ${tenantId}::uuid, endpoint_id, event_id, event_type, now(), now() FROM wanted
      ON CONFLICT (endpoint_id, event_id) DO NOTHING
      RETURNING id, endpoint_id)
    SELECT id, endpoint_id AS "endpointId" FROM ins
    UNION ALL
    SELECT d.id, d.endpoint_id FROM wanted w
    JOIN webhook_deliveries d ON d.endpoint_id = w.endpoint_id AND d.event_id = w.event_id
    WHERE d.status = 'PENDING'`;
}

export async function markDispatched(tx: Tx, ids: string[]): Promise<void> {
  await tx.outboxEvent.updateMany({
    where: { id: { in: ids }, dispatchedAt: null },
    data: { dispatchedAt: new Date() },
  });
}

// ---- cross-tenant look-ups (SECURITY DEFINER functions) ----

export async function tenantsWithPendingOutbox(db: Db, limit: number): Promise<string[]> {
  const rows = await db.$queryRaw<
    Array<{ tenant_id: string }>
  >`SELECT tenant_id FROM app_tenants_with_pending_outbox(${limit}::int)`;
  return rows.map((r) => r.tenant_id);
}

export async function oldestPendingOutboxAge(db: Db): Promise<number> {
  const rows = await db.$queryRaw<Array<{ age: number }>>`SELECT app_oldest_pending_outbox_age() AS age`;
  return Number(rows[0]?.age ?? 0);
}

export async function deliveryTenant(db: Db, id: string): Promise<string | null> {
  const rows = await db.$queryRaw<Array<{ t: string | null }>>`SELECT app_webhook_delivery_tenant(${id}::uuid) AS t`;
  return rows[0]?.t ?? null;
}

/** PENDING deliveries whose attempt is overdue by more than `olderThanSeconds` (lost queue jobs). */
export async function overdueDeliveries(
  db: Db,
  olderThanSeconds: number,
  limit: number,
): Promise<Array<{ tenantId: string; id: string; endpointId: string }>> {
  return db.$queryRaw<Array<{ tenantId: string; id: string; endpointId: string }>>`
    SELECT tenant_id AS "tenantId", id, endpoint_id AS "endpointId"
    FROM app_overdue_webhook_deliveries(${olderThanSeconds}::int, ${limit}::int)`;
}

// ---- delivery worker ----

/** A delivery with its endpoint's URL, secret and failure state, and the stored event payload. */
export type DeliveryToSend = Pick<DeliveryView, 'id' | 'status' | 'attempts' | 'eventId'> &
  Pick<EndpointView, 'url' | 'disabled'> & {
    endpointId: string;
    secretEnc: string;
    failingSince: Date | null;
    payload: Record<string, unknown> | null;
  };

/** The deliveries with what sending needs (endpoint URL and secret, stored event payload). */
export async function loadDeliveriesToSend(tx: Tx, ids: string[]): Promise<DeliveryToSend[]> {
  return tx.$queryRaw<DeliveryToSend[]>`
    SELECT d.id, d.status::text AS status, d.attempts, d.endpoint_id AS "endpointId", d.event_id AS "eventId",
           e.url, e.secret_enc AS "secretEnc", e.disabled, e.failing_since AS "failingSince", o.payload
    FROM webhook_deliveries d
    JOIN webhook_endpoints e ON e.id = d.endpoint_id
    LEFT JOIN outbox_events o ON o.id = d.event_id
    WHERE d.id = ANY(${ids}::uuid[])`;
}

export interface SuccessRecord {
  id: string;
  attempts: number;
  statusCode: number;
  endpointId: string;
  endpointWasFailing: boolean;
}

/** Marks several deliveries SUCCEEDED in one statement and ends their endpoints' failure runs. */
export async function recordSuccesses(tx: Tx, items: SuccessRecord[]): Promise<void> {
  const ids = items.map((i) => i.id);
  const attempts = items.map((i) => i.attempts);
  const codes = items.map((i) => i.statusCode);
  await tx.$executeRaw`
    UPDATE webhook_deliveries AS d
    SET status = 'SUCCEEDED', attempts = v.attempts, last_status_code = v.code, last_error = NULL,
        next_attempt_at = NULL, delivered_at = now(), updated_at = now()
    FROM unnest(${ids}::uuid[], ${attempts}::int[], ${codes}::int[]) AS v(id, attempts, code)
    WHERE d.id = v.id`;
  const failing = [...new Set(items.filter((i) => i.endpointWasFailing).map((i) => i.endpointId))];
  if (failing.length > 0) {
    await tx.webhookEndpoint.updateMany({
      where: { id: { in: failing }, failingSince: { not: null } },
      data: { failingSince: null },
    });
  }
}

/** The delivery columns an attempt sets (the view's, times as Dates). */
export type AttemptRecord = Pick<DeliveryView, 'status' | 'attempts' | 'lastStatusCode' | 'lastError'> & {
  nextAttemptAt: Date | null;
  deliveredAt?: Date;
};

export async function recordAttempt(tx: Tx, id: string, r: AttemptRecord): Promise<void> {
  await tx.webhookDelivery.update({ where: { id }, data: r });
}

/** Starts the failure run if none is running; returns when it started. */
export async function markEndpointFailing(tx: Tx, endpointId: string, now: Date): Promise<Date | null> {
  await tx.webhookEndpoint.updateMany({ where: { id: endpointId, failingSince: null }, data: { failingSince: now } });
  const e = await tx.webhookEndpoint.findUnique({
    where: { id: endpointId },
    select: { failingSince: true, disabled: true },
  });
  return e && !e.disabled ? e.failingSince : null;
}
