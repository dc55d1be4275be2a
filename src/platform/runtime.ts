// Process runtime shared by main.ts, api.ts and worker.ts: services (embedded if needed),
// migrations, context, HTTP server, workers, and graceful shutdown on SIGTERM/SIGINT.
import type { Server } from 'node:http';
import type { Express } from 'express';
import { createApp } from '../app';
import { closeWorkers, startWorkers, type WorkerHandle } from '../workers';
import { closeContext, createContext } from './bootstrap';
import { loadConfig } from './config';
import { healthApp } from './health';
import { ensureDatabase, migrate } from './db/migrate';
import { ensureServices } from './embedded';
import { createLogger } from './logger';

export async function run(opts: { http: boolean; workers: boolean }): Promise<void> {
  const base = loadConfig();
  const bootLog = createLogger(base.LOG_LEVEL);
  const services = await ensureServices(base, bootLog);
  const config = services.config;
  await ensureDatabase(config.DATABASE_URL);
  const m = await migrate(config.DATABASE_URL, { appPassword: config.DATABASE_APP_PASSWORD });
  bootLog.info({ applied: m.applied.length }, 'database migrated');
  const ctx = await createContext(config);
  if (ctx.keys.generated)
    ctx.logger.warn(`generated development keys under ${config.DATA_DIR}/keys (not for production)`);

  let server: Server | undefined;
  let workers: WorkerHandle[] = [];
  if (opts.workers) {
    workers = await startWorkers(ctx);
    ctx.logger.info({ workers: workers.map((w) => w.name) }, `started ${workers.length} worker(s)`);
  }
  if (!opts.http && opts.workers && config.WORKER_METRICS_PORT !== undefined) {
    // A worker-only process has no API, but its metrics (outbox lag, deliveries, retention)
    // must still be scraped.
    server = await listen(healthApp(ctx), config.WORKER_METRICS_PORT, config.HOST);
    const port = (server.address() as { port: number }).port;
    ctx.logger.info({ port }, 'worker metrics listening');
    console.log(`Commerce workers ready: metrics on http://${config.HOST}:${port}/metrics`);
  }
  if (opts.http) {
    server = await listen(createApp(ctx), config.PORT, config.HOST);
    // Idle keep-alive connections outlive a load balancer's (60 s on AWS ALB): otherwise a
    // client can reuse a socket in the instant the server closes it and see ECONNRESET.
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    const addr = server.address() as { port: number };
    const host = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
    ctx.logger.info({ port: addr.port }, `API listening on http://${host}:${addr.port} (docs: /docs)`);
    console.log(`Commerce API ready: http://${host}:${addr.port}/api/v1  (docs http://${host}:${addr.port}/docs)`);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      ctx.logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    if (server) {
      const s = server;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        s.closeIdleConnections();
      });
    }
    await closeWorkers(workers);
    await closeContext(ctx);
    await services.stop();
    ctx.logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve) => {
    const s = app.listen(port, host, () => resolve(s));
  });
}

export function runMain(opts: { http: boolean; workers: boolean }): void {
  run(opts).catch((e: unknown) => {
    // One readable line (the message says what to do), never a stack trace; whatever is
    // anything but an Error (a bare rejection) is printed as it is.
    console.error(`fatal: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
