// Refunds sweeper (ADR 0011): a scheduled job (scheduled.ts, every REFUND_SWEEP_EVERY_MS) that
// sends to the provider the refunds a crash left unsent — pending, no provider answer, recorded
// more than REFUND_SWEEP_AFTER_SECONDS ago (the API sends each refund right after its commit;
// the delay keeps the sweeper off the ones still in flight). The refund row is the durable
// job: no queue entry has to survive the crash. A refund sent twice (the API and the sweeper,
// or two sweeps) carries the same idempotency key, 'refund-<refundId>', so the provider makes
// one refund; settling is once per refund (under its row lock).
import type { AppContext } from '../platform/app-context';
import { drainInBatches } from '../platform/batches';
import { RefundLedger } from '../modules/payments';
import type { WorkerHandle } from './index';
import { startScheduledJob } from './scheduled';

export const REFUNDS_QUEUE = 'refunds-sweep';
/** Longer than one provider call with the SDK's retries (10 s timeout × 3 attempts + backoff). */
export const REFUND_SWEEP_AFTER_SECONDS = 60;
export const REFUND_SWEEP_EVERY_MS = 15_000;

/**
 * One sweep: sends the due refunds of every tenant (or only `onlyTenantId`'s: tests), in
 * batches; returns how many were sent.
 */
export function sweepRefunds(
  ctx: AppContext,
  olderThanSeconds = REFUND_SWEEP_AFTER_SECONDS,
  onlyTenantId?: string,
): Promise<number> {
  const ledger = new RefundLedger(ctx);
  return drainInBatches((n) => ledger.sweepOnce(olderThanSeconds, n, onlyTenantId), onlyTenantId ? 1000 : 50, 10);
}

export function startRefundsWorker(ctx: AppContext): Promise<WorkerHandle> {
  return startScheduledJob(ctx, {
    name: REFUNDS_QUEUE,
    everyMs: REFUND_SWEEP_EVERY_MS,
    run: async () => ({ sent: await sweepRefunds(ctx) }),
  });
}
