// Everything a module needs, built once per app instance (tests build several).
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config';
import type { SecretBox } from './crypto';
import type { Db } from './db/prisma';
import type { KeyMaterial } from './keys';
import type { Metrics } from './metrics';
import type { RateLimiter } from './rate-limit';
import type { Principal } from './auth/types';

/** Verifies a bearer access token; implemented by the auth module. Throws AppError 401. */
export interface TokenVerifier {
  verifyAccessToken(token: string): Promise<Principal>;
}

export interface AppContext {
  config: Config;
  db: Db;
  redis: Redis;
  logger: Logger;
  metrics: Metrics;
  keys: KeyMaterial;
  secretBox: SecretBox;
  rateLimiter: RateLimiter;
  /** Set by the auth module when it is mounted. */
  tokens?: TokenVerifier;
}
