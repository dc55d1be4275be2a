// Redis connections. The shared client fails fast while disconnected (no offline queue)
// and bounds every command (commandTimeout: REDIS_COMMAND_TIMEOUT_MS), so a request never
// waits on a Redis that stopped answering without closing the connection (a partition, a
// paused or stopped server): past the bound the command fails, a cache read falls back to
// PostgreSQL and other request paths answer 503. BullMQ gets its own connections with no
// command timeout (it needs maxRetriesPerRequest: null, and its blocking commands wait on
// purpose).
import { Redis, type RedisOptions } from 'ioredis';
import { withTimeout } from './timeout';

/** The shared client's reconnect delay: short, so missed cache invalidations are applied soon. */
export const reconnectDelay = (times: number): number => Math.min(times * 100, 500);

export function createRedis(url: string, opts: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    retryStrategy: reconnectDelay,
    lazyConnect: true,
    // Commands issued in the same tick (many concurrent requests) share one write and one round trip.
    enableAutoPipelining: true,
    ...opts,
  });
}

export function createBullConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: false });
}

/** Connects and waits for ready, or throws with a clear message. */
export async function connectRedis(r: Redis, timeoutMs = 3000): Promise<void> {
  if (r.status === 'ready') return;
  // ioredis reports an authentication refusal as an 'error' event and then rejects connect()
  // with a bare "Connection is closed.": keep the refusal to say what to do instead.
  let authError: Error | undefined;
  const onError = (e: Error) => {
    if (/NOAUTH|WRONGPASS|invalid password/i.test(e.message)) authError = e;
  };
  r.on('error', onError);
  try {
    await withTimeout(
      r.status === 'wait' ? r.connect() : new Promise<void>((res) => r.once('ready', () => res())),
      timeoutMs,
      'Redis did not become ready in time',
    );
  } catch (e) {
    if (!authError) throw e;
    const { host, port } = r.options;
    throw new Error(
      `Redis at ${host}:${port} refused the credentials (${authError.message.split('.')[0]}): ` +
        'put its password in REDIS_URL, e.g. redis://:<password>@host:6379',
    );
  } finally {
    r.off('error', onError);
  }
}

/** Quits gracefully when connected, else drops the connection (and its reconnect loop). */
export async function closeRedis(r: Redis): Promise<void> {
  if (r.status === 'ready') await r.quit().catch(() => r.disconnect());
  else r.disconnect();
}
