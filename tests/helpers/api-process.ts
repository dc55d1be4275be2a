// Starts src/api.ts (or another entry point) as a child process on this run's database and
// Redis prefix, on a free port of 127.0.0.1, with keys shared by every process it starts (an
// API key issued through one process works on the others).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { startEntry, type Started } from './process';

const shared = {
  JWT_PRIVATE_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
    type: 'pkcs8',
    format: 'pem',
  }) as string,
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};

export function apiEnv(env: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: process.env.TEST_DATABASE_URL,
    DATABASE_APP_URL: '',
    DATABASE_POOL_MAX: '5',
    EMBEDDED_POSTGRES: 'never',
    EMBEDDED_REDIS: 'never',
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: process.env.TEST_REDIS_PREFIX ?? 'test:local',
    PORT: '0',
    HOST: '127.0.0.1',
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'warn',
    ...shared,
    ...env,
  };
}

export interface StartedApi extends Started {
  /** e.g. http://127.0.0.1:41234 */
  base: string;
  port: number;
}

/** Starts the entry and waits for "Commerce API ready"; throws with its output if it never is. */
export async function startApi(env: NodeJS.ProcessEnv = {}, entry = 'src/api.ts'): Promise<StartedApi> {
  const s = await startEntry(entry, apiEnv(env), /Commerce API ready: (http:\/\/[^/\s]+)\/api\/v1/, 60_000);
  if (!s.ready) {
    if (s.child.exitCode === null) s.child.kill('SIGKILL');
    throw new Error(`${entry} did not start:\n${s.output()}`);
  }
  const base = s.ready[1]!;
  return { ...s, base, port: Number(new URL(base).port) };
}
