// The BullMQ queue of webhook deliveries: one job per WebhookDelivery row, jobId = the
// delivery id, so enqueueing the same delivery twice (relay re-run after a crash, two
// relays racing) adds nothing while the job exists; the worker also skips deliveries that
// are no longer PENDING, which covers re-adds after a finished job was removed.
import { Queue, type ConnectionOptions } from 'bullmq';
import type { Config } from '../../platform/config';

export const DELIVERY_QUEUE = 'webhook-deliveries';

export interface DeliveryJobData {
  deliveryId: string;
  tenantId?: string;
  endpointId?: string;
}

export const bullPrefix = (config: Config): string => `${config.REDIS_PREFIX}:bull`;

/** Infrastructure failures (database down...) are retried by BullMQ; HTTP retries are ours. */
const JOB_OPTIONS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
  removeOnComplete: true,
  removeOnFail: { count: 10_000 },
} as const;

export function createDeliveryQueue(connection: ConnectionOptions, config: Config): Queue<DeliveryJobData> {
  return new Queue<DeliveryJobData>(DELIVERY_QUEUE, { connection, prefix: bullPrefix(config) });
}

export async function enqueueDeliveries(queue: Queue<DeliveryJobData>, jobs: DeliveryJobData[]): Promise<void> {
  if (jobs.length === 0) return;
  await queue.addBulk(
    jobs.map((data) => ({ name: 'deliver', data, opts: { ...JOB_OPTIONS, jobId: data.deliveryId } })),
  );
}

/** "Redeliver now": promote a waiting retry, or (re-)add the job when none is pending. */
export async function enqueueNow(queue: Queue<DeliveryJobData>, data: DeliveryJobData): Promise<void> {
  const job = await queue.getJob(data.deliveryId);
  if (job) {
    const state = await job.getState();
    if (state === 'delayed') {
      await job.promote();
      return;
    }
    if (state === 'waiting' || state === 'active' || state === 'prioritized' || state === 'waiting-children') return;
    await job.remove().catch(() => undefined);
  }
  await enqueueDeliveries(queue, [data]);
}
