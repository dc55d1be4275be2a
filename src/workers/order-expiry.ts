// Order expiry: a repeatable job (see scheduled.ts) that cancels PENDING orders unpaid after
// ORDER_PAYMENT_TTL and returns their stock. Each order is locked and re-checked in its own
// transaction, so concurrent runs cancel it once.
import type { AppContext } from '../platform/app-context';
import { OrdersService } from '../modules/orders';
import type { WorkerHandle } from './index';
import { startScheduledJob } from './scheduled';

export const ORDER_EXPIRY_QUEUE = 'order-expiry';

export function startOrderExpiryWorker(ctx: AppContext): Promise<WorkerHandle> {
  const service = new OrdersService(ctx);
  return startScheduledJob(ctx, {
    name: ORDER_EXPIRY_QUEUE,
    everyMs: ctx.config.ORDER_EXPIRY_INTERVAL_MS,
    run: async () => {
      let total = 0;
      // Drain in batches; a bounded number per run keeps one run short.
      for (let i = 0; i < 10; i++) {
        const n = await service.expireDue(100);
        total += n;
        if (n < 100) break;
      }
      return { cancelled: total };
    },
  });
}
