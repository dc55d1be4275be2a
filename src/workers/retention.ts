// Retention: a scheduled job (scheduled.ts; RETENTION_CRON, else every RETENTION_INTERVAL_MS)
// that deletes expired Idempotency-Keys in bounded batches, so the table holds about one
// TTL's worth of keys instead of every key ever sent, and open carts idle for CART_TTL_DAYS.
import type { AppContext } from '../platform/app-context';
import { CartsService } from '../modules/carts';
import { OrdersService } from '../modules/orders';
import type { WorkerHandle } from './index';
import { startScheduledJob } from './scheduled';

export const RETENTION_QUEUE = 'retention';

export function startRetentionWorker(ctx: AppContext): Promise<WorkerHandle> {
  const orders = new OrdersService(ctx);
  const carts = new CartsService(ctx);
  const purged = ctx.metrics.counter('retention_deleted_total', 'Rows deleted by retention', ['kind']);
  return startScheduledJob(ctx, {
    name: RETENTION_QUEUE,
    cron: ctx.config.RETENTION_CRON,
    everyMs: ctx.config.RETENTION_INTERVAL_MS,
    run: async () => {
      const idempotencyKeys = await orders.purgeExpiredIdempotencyKeys();
      purged.inc({ kind: 'idempotency_key' }, idempotencyKeys);
      const expiredCarts = await carts.deleteExpired();
      purged.inc({ kind: 'cart' }, expiredCarts);
      return { idempotencyKeys, expiredCarts };
    },
  });
}
