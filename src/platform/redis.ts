// Redis connections. The shared client fails fast while disconnected (no offline queue),
// so a cache read can fall back to PostgreSQL instead of hanging. BullMQ gets its own
// connections (it needs maxRetriesPerRequest: null).
import { Redis, type RedisOptions } from 'ioredis';

export function createRedis(url: string, opts: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
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
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      r.status === 'wait' ? r.connect() : new Promise<void>((res) => r.once('ready', () => res())),
      new Promise<never>((_, rej) => {
        timer = setTimeout(() => rej(new Error('Redis did not become ready in time')), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Quits gracefully when connected, else drops the connection (and its reconnect loop). */
export async function closeRedis(r: Redis): Promise<void> {
  if (r.status === 'ready') await r.quit().catch(() => r.disconnect());
  else r.disconnect();
}
