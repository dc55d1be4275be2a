// Outbox relay: moves committed outbox events to the delivery queue. Per tenant, in one
// transaction that holds row locks (FOR UPDATE SKIP LOCKED, so several relays never work
// on the same events): create one WebhookDelivery per matching enabled endpoint (committed
// in its own short transaction, unique endpoint+event makes re-runs no-ops), enqueue one
// job per PENDING delivery with jobId = delivery id, then mark the events dispatched.
// A crash anywhere leaves the events undispatched; the re-run finds the same deliveries
// and the same job ids, so nothing is delivered twice. The polling schedule is the
// caller's (src/workers/outbox-relay.ts).
import type { Queue } from 'bullmq';
import type { AppContext } from '../../platform/app-context';
import { withTenant } from '../../platform/db/prisma';
import { enqueueDeliveries, enqueueNow, type DeliveryJobData } from './webhooks.queue';
import {
  enabledEndpoints,
  lockPendingEvents,
  markDispatched,
  oldestPendingOutboxAge,
  overdueDeliveries,
  tenantsWithPendingOutbox,
  upsertDeliveries,
} from './webhooks.repository';

export interface RelayScope {
  /** Relay only these tenants (tests, targeted re-runs). Default: every tenant with pending events. */
  tenantIds?: () => Iterable<string>;
  /** Fault injection for tests: runs after the jobs are enqueued, before the events are marked dispatched. */
  afterEnqueue?: (tenantId: string, eventIds: string[]) => Promise<void> | void;
}

const TENANT_SCAN_LIMIT = 1000;
const PARALLEL_TENANTS = 4;
/** A PENDING delivery this overdue has no live job (a waiting/delayed job makes the re-add a no-op anyway). */
export const SWEEP_OVERDUE_S = 120;

const matches = (subscribed: string[], type: string): boolean => subscribed.includes('*') || subscribed.includes(type);

async function inParallel<T>(items: T[], limit: number, fn: (t: T) => Promise<number>): Promise<number> {
  let total = 0;
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) total += await fn(items[next++]!);
  });
  await Promise.all(lanes);
  return total;
}

export class OutboxRelayService {
  private readonly log: AppContext['logger'];
  private readonly lag;

  constructor(
    private readonly ctx: AppContext,
    private readonly queue: Queue<DeliveryJobData>,
    private readonly scope: RelayScope = {},
  ) {
    this.log = ctx.logger.child({ worker: 'outbox-relay' });
    this.lag = ctx.metrics.gauge('outbox_lag_seconds', 'Age of the oldest undispatched outbox event');
  }

  /** One pass over the tenants; resolves to the number of events relayed. A failing tenant is retried next pass. */
  async runOnce(): Promise<number> {
    const tenants = this.scope.tenantIds
      ? [...this.scope.tenantIds()]
      : await tenantsWithPendingOutbox(this.ctx.db, TENANT_SCAN_LIMIT);
    return inParallel(tenants, PARALLEL_TENANTS, async (t) => {
      try {
        return await this.relayTenant(t);
      } catch (err) {
        this.log.error({ err, tenantId: t }, 'outbox relay failed for tenant; will retry');
        return 0;
      }
    });
  }

  /** Re-enqueues PENDING deliveries overdue by more than SWEEP_OVERDUE_S (their job was lost); returns how many. */
  async sweepOnce(): Promise<number> {
    const rows = await overdueDeliveries(this.ctx.db, SWEEP_OVERDUE_S, 500);
    const only = this.scope.tenantIds ? new Set(this.scope.tenantIds()) : undefined;
    let n = 0;
    for (const d of rows) {
      if (only && !only.has(d.tenantId)) continue;
      await enqueueNow(this.queue, { deliveryId: d.id, tenantId: d.tenantId, endpointId: d.endpointId });
      n++;
    }
    if (n > 0) this.log.warn({ count: n }, 're-enqueued overdue webhook deliveries');
    return n;
  }

  /** Sets outbox_lag_seconds to the age of the oldest undispatched event. */
  async reportLag(): Promise<void> {
    this.lag.set(await oldestPendingOutboxAge(this.ctx.db));
  }

  private relayTenant(tenantId: string): Promise<number> {
    const { ctx, queue, scope } = this;
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
        await scope.afterEnqueue?.(tenantId, eventIds);
        await markDispatched(lockTx, eventIds);
        return events.length;
      },
      { timeoutMs: 60_000 },
    );
  }
}
