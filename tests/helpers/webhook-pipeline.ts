// The webhook pipeline of the end-to-end webhook tests: an app with fast retries, a local
// receiver, the outbox relay (only for the tenants in `relayed`) and the delivery worker.
import { makeTestApp, type TestApp } from './app';
import { startReceiver, type Receiver } from './receiver';
import { startOutboxRelay } from '../../src/workers/outbox-relay';
import { startWebhookDeliveryWorker } from '../../src/workers/webhook-delivery';

export interface WebhookPipeline {
  t: TestApp;
  rx: Receiver;
  close(): Promise<void>;
}

/** `name`: this file's Redis prefix suffix, so its queue is its own. */
export async function startWebhookPipeline(name: string, relayed: Set<string>): Promise<WebhookPipeline> {
  const t = await makeTestApp({
    WEBHOOK_RETRY_SCHEDULE: '100ms,200ms',
    WEBHOOK_RELAY_INTERVAL_MS: '25',
    REDIS_PREFIX: `${process.env.TEST_REDIS_PREFIX ?? 'test:local'}:${name}`,
  });
  const rx = await startReceiver();
  const relay = await startOutboxRelay(t.ctx, { tenantIds: () => relayed });
  const worker = await startWebhookDeliveryWorker(t.ctx);
  return {
    t,
    rx,
    async close() {
      await relay.close();
      await worker.close();
      await rx.close();
      await t.close();
    },
  };
}
