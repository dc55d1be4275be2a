// Webhook delivery worker: wires the BullMQ queue of deliveries to the webhooks module's
// delivery service. A retry or a step-aside moves the same job to delayed (no BullMQ attempt
// used); a gauge reports the queue's depth.
import { DelayedError, Worker, type Job } from 'bullmq';
import type { AppContext } from '../platform/app-context';
import { createBullConnection } from '../platform/redis';
import {
  bullPrefix,
  createDeliveryQueue,
  DELIVERY_QUEUE,
  WebhookDeliveryService,
  type DeliveryJobData,
} from '../modules/webhooks';
import type { WorkerHandle } from './index';

const QUEUE_DEPTH_EVERY_MS = 2000;

export interface DeliveryWorkerOptions {
  concurrency?: number;
}

export async function startWebhookDeliveryWorker(
  ctx: AppContext,
  opts: DeliveryWorkerOptions = {},
): Promise<WorkerHandle> {
  const cfg = ctx.config;
  const log = ctx.logger.child({ worker: 'webhook-delivery' });
  const concurrency = opts.concurrency ?? cfg.WEBHOOK_CONCURRENCY;
  const service = new WebhookDeliveryService(ctx, concurrency);

  const processor = async (job: Job<DeliveryJobData>, token?: string): Promise<string> => {
    const outcome = await service.run(job.data);
    if (!('runAt' in outcome)) return outcome.result;
    await job.moveToDelayed(outcome.runAt, token);
    throw new DelayedError();
  };

  const connection = createBullConnection(cfg.REDIS_URL);
  connection.on('error', (err: Error) => log.warn({ err: err.message }, 'webhook worker redis error'));
  const worker = new Worker<DeliveryJobData, string>(DELIVERY_QUEUE, processor, {
    connection,
    prefix: bullPrefix(cfg),
    concurrency,
  });
  worker.on('error', (err) => log.warn({ err: err.message }, 'webhook worker error'));
  worker.on('failed', (job, err) =>
    log.error({ deliveryId: job?.data.deliveryId, err: err.message }, 'webhook delivery job failed (infrastructure)'),
  );

  const depth = ctx.metrics.gauge('webhook_queue_depth', 'Webhook delivery jobs by state', ['state']);
  const statsConn = createBullConnection(cfg.REDIS_URL);
  statsConn.on('error', () => undefined);
  const statsQueue = createDeliveryQueue(statsConn, cfg);
  const timer = setInterval(() => {
    statsQueue
      .getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed')
      .then((c) => {
        for (const [state, n] of Object.entries(c)) depth.set({ state }, n);
      })
      .catch(() => undefined);
  }, QUEUE_DEPTH_EVERY_MS);
  timer.unref();

  return {
    name: 'webhook-delivery',
    async close() {
      clearInterval(timer);
      await worker.close();
      await statsQueue.close();
      await Promise.allSettled([connection.quit(), statsConn.quit()]);
      service.close();
    },
  };
}
