// Outbox relay: moves committed outbox events to the delivery queue. Per tenant, in one
// transaction that holds row locks (FOR UPDATE SKIP LOCKED, so several relays never work
// on the same events): create one WebhookDelivery per matching enabled endpoint (committed
// in its own short transaction, unique endpoint+event makes re-runs no-ops), enqueue one
// job per PENDING delivery with jobId = delivery id, then mark the events dispatched.
// A crash anywhere leaves the events undispatched; the re-run finds the same deliveries
// and the same job ids, so nothing is delivered twice.
import type { Queue } from 'bullmq';
import type { AppContext } from '../../platform/app-context';
import { withTenant } from '../../platform/db/prisma';
import { createBullConnection } from '../../platform/redis';
import { createDeliveryQueue, enqueueDeliveries, enqueueNow, type DeliveryJobData } from './webhooks.queue';
import {
  enabledEndpoints,
  lockPendingEvents,
  markDispatched,
  oldestPendingOutboxAge,
  overdueDeliveries,
  tenantsWithPendingOutbox,
  upsertDeliveries,
} from './webhooks.repository';
import type { WorkerHandle } from '../../workers/index';

export interface RelayOptions {
  /** Relay only these tenants (tests, targeted re-runs). Default: every tenant with pending events. */
  tenantIds?: () => Iterable<string>;
  /** Fault injection for tests: runs after the jobs are enqueued, before the events are marked dispatched. */
  afterEnqueue?: (tenantId: string, eventIds: string[]) => Promise<void> | void;
  /** Start the polling loop (default true); false → call runOnce() yourself. */
  autoStart?: boolean;
}

export interface RelayHandle extends WorkerHandle {
  /** One pass over the tenants; resolves to the number of events relayed. */
  runOnce(): Promise<number>;
  /** Re-enqueues PENDING deliveries overdue by more than SWEEP_OVERDUE_S (their job was lost); returns how many. */
  sweepOnce(): Promise<number>;
}

const TENANT_SCAN_LIMIT = 1000;
const PARALLEL_TENANTS = 4;
const LAG_EVERY_MS = 1000;
const SWEEP_EVERY_MS = 60_000;
/** A PENDING delivery this overdue has no live job (a waiting/delayed job makes the re-add a no-op anyway). */
export const SWEEP_OVERDUE_S = 120;

const matches = (subscribed: string[], type: string): boolean => subscribed.includes('*') || subscribed.includes(type);

async function relayTenant(
  ctx: AppContext,
  queue: Queue<DeliveryJobData>,
  tenantId: string,
  opts: RelayOptions,
): Promise<number> {
  return withTenant(
    ctx.db,
    tenantId,
    async (lockTx) => {
      const events = await lockPendingEvents(lockTx, tenantId, ctx.config.WEBHOOK_RELAY_BATCH);
      if (events.length === 0) return 0;
      const eventIds = events.map((e) => e.id);
      const endpoints = await enabledEndpoints(lockTx);
      const rows = events.flatMap((ev) =>
        endpoints
          .filter((ep) => matches(ep.events, ev.type))
          .map((ep) => ({ endpointId: ep.id, eventId: ev.id, eventType: ev.type })),
      );
      if (rows.length > 0) {
        // Committed before the jobs exist, so a worker never picks a job whose row it can't see.
        const pending = await withTenant(ctx.db, tenantId, (tx) => upsertDeliveries(tx, tenantId, rows));
        await enqueueDeliveries(
          queue,
          pending.map((d) => ({ deliveryId: d.id, tenantId, endpointId: d.endpointId })),
        );
      }
      await opts.afterEnqueue?.(tenantId, eventIds);
      await markDispatched(lockTx, eventIds);
      return events.length;
    },
    { timeoutMs: 60_000 },
  );
}

async function inParallel<T>(items: T[], limit: number, fn: (t: T) => Promise<number>): Promise<number> {
  let total = 0;
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) total += await fn(items[next++]!);
  });
  await Promise.all(lanes);
  return total;
}

export async function startOutboxRelay(ctx: AppContext, opts: RelayOptions = {}): Promise<RelayHandle> {
  const connection = createBullConnection(ctx.config.REDIS_URL);
  connection.on('error', (err: Error) => ctx.logger.warn({ err: err.message }, 'outbox relay redis error'));
  const queue = createDeliveryQueue(connection, ctx.config);
  const lag = ctx.metrics.gauge('outbox_lag_seconds', 'Age of the oldest undispatched outbox event');
  const log = ctx.logger.child({ worker: 'outbox-relay' });

  const runOnce = async (): Promise<number> => {
    const tenants = opts.tenantIds ? [...opts.tenantIds()] : await tenantsWithPendingOutbox(ctx.db, TENANT_SCAN_LIMIT);
    return inParallel(tenants, PARALLEL_TENANTS, async (t) => {
      try {
        return await relayTenant(ctx, queue, t, opts);
      } catch (err) {
        log.error({ err, tenantId: t }, 'outbox relay failed for tenant; will retry');
        return 0;
      }
    });
  };

  const sweepOnce = async (): Promise<number> => {
    const rows = await overdueDeliveries(ctx.db, SWEEP_OVERDUE_S, 500);
    const only = opts.tenantIds ? new Set(opts.tenantIds()) : undefined;
    let n = 0;
    for (const d of rows) {
      if (only && !only.has(d.tenantId)) continue;
      await enqueueNow(queue, { deliveryId: d.id, tenantId: d.tenantId, endpointId: d.endpointId });
      n++;
    }
    if (n > 0) log.warn({ count: n }, 're-enqueued overdue webhook deliveries');
    return n;
  };

  let closed = opts.autoStart === false;
  let lastSweep = Date.now();
  let wake: (() => void) | undefined;
  let lastLag = 0;
  const loop = (async () => {
    while (!closed) {
      let n = 0;
      try {
        n = await runOnce();
        if (Date.now() - lastSweep >= SWEEP_EVERY_MS) {
          lastSweep = Date.now();
          await sweepOnce();
        }
        if (Date.now() - lastLag >= LAG_EVERY_MS) {
          lastLag = Date.now();
          lag.set(await oldestPendingOutboxAge(ctx.db));
        }
      } catch (err) {
        log.warn({ err }, 'outbox relay pass failed');
      }
      // Poll every WEBHOOK_RELAY_INTERVAL_MS; go again at once only while there is a backlog
      // (a full batch was found). Under steady load a pass then carries the interval's events
      // in one transaction instead of a transaction per handful of events.
      if (n < ctx.config.WEBHOOK_RELAY_BATCH && !closed) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, ctx.config.WEBHOOK_RELAY_INTERVAL_MS).unref();
        });
      }
    }
  })();

  return {
    name: 'outbox-relay',
    runOnce,
    sweepOnce,
    async close() {
      closed = true;
      wake?.();
      await loop;
      await queue.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
