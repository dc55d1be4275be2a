// Order expiry: a scheduled job (scheduled.ts; ORDER_EXPIRY_CRON, else every
// ORDER_EXPIRY_INTERVAL_MS) that cancels PENDING orders unpaid after ORDER_PAYMENT_TTL and
// returns their stock. Each order is locked and re-checked in its own transaction, so
// concurrent runs cancel it once.
import type { AppContext } from '../platform/app-context';
import { drainInBatches } from '../platform/batches';
import { OrdersService } from '../modules/orders';
import type { WorkerHandle } from './index';
import { startScheduledJob } from './scheduled';

export const ORDER_EXPIRY_QUEUE = 'order-expiry';

export function startOrderExpiryWorker(ctx: AppContext): Promise<WorkerHandle> {
  const service = new OrdersService(ctx);
  return startScheduledJob(ctx, {
    name: ORDER_EXPIRY_QUEUE,
    cron: ctx.config.ORDER_EXPIRY_CRON,
    everyMs: ctx.config.ORDER_EXPIRY_INTERVAL_MS,
    // At most 10 batches of 100 per run keeps one run short; the next run takes the rest.
    run: async () => ({ cancelled: await drainInBatches((n) => service.expireDue(n), 100, 10) }),
  });
}
