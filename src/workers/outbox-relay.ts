// Outbox relay worker: a polling loop around the webhooks module's relay service. It polls
// every WEBHOOK_RELAY_INTERVAL_MS and goes again at once only while there is a backlog (a
// full batch was found), so under steady load one pass carries the interval's events in one
// transaction instead of a transaction per handful of events. Every minute it also
// re-enqueues deliveries whose job was lost; every second it reports the outbox lag.
import type { AppContext } from '../platform/app-context';
import { createBullConnection } from '../platform/redis';
import { createDeliveryQueue, OutboxRelayService, type RelayScope } from '../modules/webhooks';
import type { WorkerHandle } from './index';

export interface RelayOptions extends RelayScope {
  /** Start the polling loop (default true); false → call runOnce() yourself. */
  autoStart?: boolean;
}

export interface RelayHandle extends WorkerHandle {
  /** One pass over the tenants; resolves to the number of events relayed. */
  runOnce(): Promise<number>;
  /** Re-enqueues PENDING deliveries whose job was lost; returns how many. */
  sweepOnce(): Promise<number>;
}

const LAG_EVERY_MS = 1000;
const SWEEP_EVERY_MS = 60_000;

export async function startOutboxRelay(ctx: AppContext, opts: RelayOptions = {}): Promise<RelayHandle> {
  const connection = createBullConnection(ctx.config.REDIS_URL);
  connection.on('error', (err: Error) => ctx.logger.warn({ err: err.message }, 'outbox relay redis error'));
  const queue = createDeliveryQueue(connection, ctx.config);
  const relay = new OutboxRelayService(ctx, queue, opts);
  const log = ctx.logger.child({ worker: 'outbox-relay' });

  let closed = opts.autoStart === false;
  let lastSweep = Date.now();
  let lastLag = 0;
  let wake: (() => void) | undefined;
  const pass = async (): Promise<number> => {
    const n = await relay.runOnce();
    if (Date.now() - lastSweep >= SWEEP_EVERY_MS) {
      lastSweep = Date.now();
      await relay.sweepOnce();
    }
    if (Date.now() - lastLag >= LAG_EVERY_MS) {
      lastLag = Date.now();
      await relay.reportLag();
    }
    return n;
  };
  const loop = (async () => {
    while (!closed) {
      const n = await pass().catch((err: unknown) => {
        log.warn({ err }, 'outbox relay pass failed');
        return 0;
      });
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
    runOnce: () => relay.runOnce(),
    sweepOnce: () => relay.sweepOnce(),
    async close() {
      closed = true;
      wake?.();
      await loop;
      await queue.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
