// Builds an AppContext from configuration: database (as commerce_app), Redis, keys, metrics.
import type { DestinationStream } from 'pino';
import type { AppContext } from './app-context';
import { closeCaches } from './cache';
import type { Config } from './config';
import { SecretBox } from './crypto';
import { jwtService } from './auth/jwt';
import { createDb } from './db/prisma';
import { loadKeys } from './keys';
import { createLogger, setRootLogger } from './logger';
import { Metrics } from './metrics';
import { RateLimiter } from './rate-limit';
import { closeRedis, connectRedis, createRedis } from './redis';

export interface ContextOptions {
  logDestination?: DestinationStream;
  /** Don't fail if Redis is not reachable at start (tests of the degraded path). */
  allowRedisDown?: boolean;
  defaultMetrics?: boolean;
}

export async function createContext(config: Config, opts: ContextOptions = {}): Promise<AppContext> {
  const logger = createLogger(config.LOG_LEVEL, opts.logDestination);
  setRootLogger(logger);
  const keys = loadKeys(config);
  const db = createDb(config.DATABASE_APP_URL, config.DATABASE_POOL_MAX);
  // Every command on the shared client (request paths) is bounded; BullMQ's connections are not.
  const redis = createRedis(config.REDIS_URL, { commandTimeout: config.REDIS_COMMAND_TIMEOUT_MS });
  redis.on('error', (err: Error) => logger.warn({ err: err.message }, 'redis connection error'));
  try {
    await connectRedis(redis);
  } catch (e) {
    if (!opts.allowRedisDown) {
      redis.disconnect();
      throw e;
    }
  }
  const ctx: AppContext = {
    config,
    db,
    redis,
    logger,
    metrics: new Metrics({ defaultMetrics: opts.defaultMetrics }),
    keys,
    secretBox: new SecretBox(keys.encryptionKey),
    rateLimiter: new RateLimiter(redis, config.REDIS_PREFIX),
  };
  // The access-token verifier (keys parsed once, here).
  ctx.tokens = jwtService(ctx);
  return ctx;
}

export async function closeContext(ctx: AppContext): Promise<void> {
  ctx.rateLimiter.close();
  await Promise.all([ctx.rateLimiter.flush().catch(() => undefined), closeCaches(ctx).catch(() => undefined)]);
  await Promise.allSettled([ctx.db.$disconnect(), closeRedis(ctx.redis)]);
}
