// Process runtime shared by main.ts, api.ts and worker.ts: services (embedded if needed),
// migrations, context, HTTP servers (API, metrics), workers, and the drain on SIGTERM/SIGINT.
// Which app and which workers a process runs is wired by those entry points (ProcessParts):
// platform code imports no module.
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { AppContext } from './app-context';
import { closeContext, createContext } from './bootstrap';
import { loadConfig, type Config } from './config';
import { healthApp, markDraining } from './health';
import { drainableServer, IDLE_QUIET_MS, type DrainableServer } from './http/drain';
import { prepareDatabase } from './db/startup';
import { ensureServices } from './embedded';
import { createLogger } from './logger';

/** A started worker: closing it finishes its in-flight jobs. */
export interface Closable {
  name: string;
  close(): Promise<void>;
}

/** What one process runs. */
export interface ProcessParts {
  /** The API's Express app; absent in a worker-only process. */
  app?: (ctx: AppContext) => Express;
  /** Starts the background workers; absent in an API-only process. */
  workers?: (ctx: AppContext) => Promise<Closable[]>;
}

export async function run(parts: ProcessParts): Promise<void> {
  const opts = { http: parts.app !== undefined, workers: parts.workers !== undefined };
  const base = loadConfig();
  const bootLog = createLogger(base.LOG_LEVEL);
  const services = await ensureServices(base, bootLog);
  const config = services.config;
  // Migrates (MIGRATE_ON_START) or, in production, only checks that the schema is current.
  await prepareDatabase(config, bootLog);
  const ctx = await createContext(config);
  if (ctx.keys.generated)
    ctx.logger.warn(`generated development keys under ${config.DATA_DIR}/keys (not for production)`);

  const servers: DrainableServer[] = [];
  let workers: Closable[] = [];
  if (parts.workers) {
    workers = await parts.workers(ctx);
    ctx.logger.info({ workers: workers.map((w) => w.name) }, `started ${workers.length} worker(s)`);
  }
  const metricsPort = metricsPortOf(config, opts);
  if (metricsPort !== undefined) {
    // /metrics on a port of its own, which the load balancer does not publish, not on the
    // API's; a worker-only process has no API, but its metrics (outbox lag, deliveries,
    // retention) must still be scraped.
    const s = await listen(healthApp(ctx), metricsPort, config.HOST);
    servers.push(s);
    const url = `http://${displayHost(config.HOST)}:${portOf(s)}/metrics`;
    ctx.logger.info({ port: portOf(s) }, 'metrics listening');
    console.log(opts.http ? `Commerce metrics: ${url}` : `Commerce workers ready: metrics on ${url}`);
  }
  if (parts.app) {
    const s = await listen(parts.app(ctx), config.PORT, config.HOST);
    servers.push(s);
    // Idle keep-alive connections outlive a load balancer's (60 s on AWS ALB): otherwise a
    // client can reuse a socket in the instant the server closes it and see ECONNRESET.
    s.server.keepAliveTimeout = 65_000;
    s.server.headersTimeout = 66_000;
    const port = portOf(s);
    const host = displayHost(config.HOST);
    ctx.logger.info({ port }, `API listening on http://${host}:${port} (docs: /docs)`);
    console.log(`Commerce API ready: http://${host}:${port}/api/v1  (docs http://${host}:${port}/docs)`);
  }

  if (opts.http && config.SHUTDOWN_GRACE_MS + IDLE_QUIET_MS >= config.SHUTDOWN_TIMEOUT_MS)
    ctx.logger.warn(
      { graceMs: config.SHUTDOWN_GRACE_MS, timeoutMs: config.SHUTDOWN_TIMEOUT_MS },
      'SHUTDOWN_TIMEOUT_MS leaves no time to drain after SHUTDOWN_GRACE_MS: a SIGTERM will end in exit 1',
    );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    // A load balancer stops routing here within SHUTDOWN_GRACE_MS of /ready turning 503 (one
    // without health checks, once the listener refuses); meanwhile requests are served as
    // usual. Then each connection ends after its response (see http/drain.ts). Only processes
    // with an API wait for the balancer.
    const graceMs = opts.http ? config.SHUTDOWN_GRACE_MS : 0;
    ctx.logger.info({ signal, graceMs }, 'shutting down: draining');
    const timer = setTimeout(() => {
      ctx.logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT_MS);
    timer.unref();
    markDraining(ctx);
    const workersClosed = Promise.allSettled(workers.map((w) => w.close()));
    await new Promise((r) => setTimeout(r, graceMs));
    await Promise.all(servers.map((s) => s.close()));
    await workersClosed;
    await closeContext(ctx);
    await services.stop();
    ctx.logger.info({ ms: Date.now() - started }, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

/** Where /metrics gets a port of its own: METRICS_PORT; for a worker-only process also WORKER_METRICS_PORT. */
export function metricsPortOf(
  config: Pick<Config, 'METRICS_PORT' | 'WORKER_METRICS_PORT'>,
  opts: { http: boolean; workers: boolean },
): number | undefined {
  return opts.http ? config.METRICS_PORT : (config.WORKER_METRICS_PORT ?? config.METRICS_PORT);
}

const displayHost = (host: string): string => (host === '0.0.0.0' ? 'localhost' : host);
const portOf = (s: DrainableServer): number => (s.server.address() as AddressInfo).port;

function listen(app: Express, port: number, host: string): Promise<DrainableServer> {
  const s = drainableServer(app);
  return new Promise((resolve, reject) => {
    s.server.once('error', reject);
    s.server.listen(port, host, () => {
      s.server.off('error', reject);
      resolve(s);
    });
  });
}

export function runMain(parts: ProcessParts): void {
  run(parts).catch((e: unknown) => {
    // One readable line (the message says what to do), never a stack trace; whatever is
    // anything but an Error (a bare rejection) is printed as it is.
    console.error(`fatal: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
