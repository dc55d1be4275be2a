// Webhook delivery worker: POSTs an event to a merchant endpoint, signed per Standard
// Webhooks, and records the attempt. Non-2xx, timeouts and refused URLs are retried on
// WEBHOOK_RETRY_SCHEDULE (with jitter) by moving the same job to delayed, then FAILED.
// One endpoint never holds more than WEBHOOK_ENDPOINT_CONCURRENCY worker slots (per
// process), so a slow or dead receiver can't starve other tenants' deliveries.
import http from 'node:http';
import https from 'node:https';
import { DelayedError, Worker, type Job } from 'bullmq';
import type { AppContext } from '../../platform/app-context';
import { withTenant } from '../../platform/db/prisma';
import { createBullConnection } from '../../platform/redis';
import { guardedLookup, parseWebhookUrl, UrlRefusedError } from '../../platform/ssrf';
import { recordAudit } from '../audit/audit.repository';
import { bullPrefix, createDeliveryQueue, DELIVERY_QUEUE, type DeliveryJobData } from './webhooks.queue';
import { EndpointGate } from './endpoint-gate';
import { MicroBatcher } from './micro-batch';
import {
  deliveryTenant,
  loadDeliveriesToSend,
  markEndpointFailing,
  recordAttempt,
  recordSuccesses,
  updateEndpoint,
  type AttemptRecord,
  type DeliveryToSend,
  type SuccessRecord,
} from './webhooks.repository';
import { secretKey, sign } from './webhooks.signing';
import type { WorkerHandle } from '../../workers/index';

export const USER_AGENT = 'CommerceAPI-Webhooks/1.0 (+https://www.standardwebhooks.com)';
const QUEUE_DEPTH_EVERY_MS = 2000;

/** ±20 % so endpoints that failed together don't retry in lockstep. */
export const withJitter = (ms: number): number => Math.max(1, Math.round(ms * (0.8 + Math.random() * 0.4)));

const TIMEOUT = 'DELIVERY_TIMEOUT';
const TIMEOUT_CODES = new Set([TIMEOUT, 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/**
 * What a failed attempt stores in `lastError` (shown to the merchant): a fixed phrase, never
 * the error's own message. Socket and TLS messages name the resolved address
 * ("connect ECONNREFUSED 10.0.3.7:443"), which would map our internal network for anyone
 * who registers an endpoint. The guard's refusal is generic by construction (ssrf.ts).
 */
export function describeFailure(err: unknown): string {
  if (err instanceof UrlRefusedError) return err.message;
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && TIMEOUT_CODES.has(code) ? 'timeout' : 'connection failed';
}

interface PostResult {
  status: number;
}

export interface DeliveryWorkerOptions {
  concurrency?: number;
}

export async function startWebhookDeliveryWorker(
  ctx: AppContext,
  opts: DeliveryWorkerOptions = {},
): Promise<WorkerHandle> {
  const cfg = ctx.config;
  const allowPrivate = cfg.WEBHOOK_ALLOW_PRIVATE_URLS;
  const log = ctx.logger.child({ worker: 'webhook-delivery' });
  // Keep-alive sockets, reused across deliveries. No per-origin socket cap: many tenants may
  // share one receiving host; fairness comes from the per-endpoint slot limit below.
  const agentOpts = { keepAlive: true, maxFreeSockets: 256, lookup: guardedLookup(allowPrivate) };
  const agents = { 'http:': new http.Agent(agentOpts), 'https:': new https.Agent(agentOpts) };

  const results = ctx.metrics.counter('webhook_deliveries_total', 'Webhook delivery attempts by result', ['result']);
  const duration = ctx.metrics.histogram(
    'webhook_delivery_duration_seconds',
    'Duration of one webhook HTTP attempt',
    [],
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  );
  const depth = ctx.metrics.gauge('webhook_queue_depth', 'Webhook delivery jobs by state', ['state']);

  // Group commit: loads and successful outcomes of the same tenant share one transaction.
  const loader = new MicroBatcher<string, DeliveryToSend | null>(async (tenantId, ids) => {
    const rows = await withTenant(ctx.db, tenantId, (tx) => loadDeliveriesToSend(tx, ids));
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
  const successes = new MicroBatcher<SuccessRecord, void>(async (tenantId, items) => {
    await withTenant(ctx.db, tenantId, (tx) => recordSuccesses(tx, items));
    return items.map(() => undefined);
  });

  const concurrency = opts.concurrency ?? cfg.WEBHOOK_CONCURRENCY;
  const gate = new EndpointGate({
    slowLimit: cfg.WEBHOOK_ENDPOINT_CONCURRENCY,
    fastLimit: Math.floor(concurrency / 2),
  });
  const keys = new Map<string, Buffer>();
  const keyFor = (secretEnc: string): Buffer => {
    let k = keys.get(secretEnc);
    if (!k) {
      if (keys.size > 5000) keys.clear();
      k = secretKey(ctx.secretBox.decrypt(secretEnc));
      keys.set(secretEnc, k);
    }
    return k;
  };

  const post = (url: URL, headers: Record<string, string>, body: string): Promise<PostResult> =>
    new Promise((resolve, reject) => {
      const mod = url.protocol === 'https:' ? https : http;
      const req = mod.request(
        url,
        { method: 'POST', headers, agent: agents[url.protocol as 'http:' | 'https:'] },
        (res) => {
          // Only the status is recorded; the body is drained so the socket can be reused.
          res.resume();
          res.on('end', () => {
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0 });
          });
          res.on('error', reject);
        },
      );
      const timer = setTimeout(
        () => req.destroy(Object.assign(new Error(`timed out after ${cfg.WEBHOOK_TIMEOUT_MS} ms`), { code: TIMEOUT })),
        cfg.WEBHOOK_TIMEOUT_MS,
      );
      req.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      req.end(body);
    });

  /** One HTTP attempt: null error = 2xx. */
  const attempt = async (d: DeliveryToSend): Promise<{ statusCode: number | null; error: string | null }> => {
    const p = d.payload!;
    const body = JSON.stringify({ id: p.id, type: p.type, createdAt: p.createdAt, tenantId: p.tenantId, data: p.data });
    const msgId = String(p.id);
    const ts = Math.floor(Date.now() / 1000);
    const started = process.hrtime.bigint();
    try {
      const url = parseWebhookUrl(d.url, allowPrivate);
      const res = await post(
        url,
        {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'user-agent': USER_AGENT,
          'webhook-id': msgId,
          'webhook-timestamp': String(ts),
          'webhook-signature': sign(keyFor(d.secretEnc), msgId, ts, body),
        },
        body,
      );
      const okStatus = res.status >= 200 && res.status < 300;
      // The status only: the body is the receiver's (a proxy's error page may name addresses).
      return { statusCode: res.status, error: okStatus ? null : `status ${res.status}` };
    } catch (err) {
      return { statusCode: null, error: describeFailure(err) };
    } finally {
      duration.observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  };

  /** Records a failed attempt, extends the endpoint's failure run and disables it past the limit. */
  const recordFailure = async (tenantId: string, d: DeliveryToSend, r: AttemptRecord): Promise<void> => {
    await withTenant(ctx.db, tenantId, async (tx) => {
      await recordAttempt(tx, d.id, r);
      const now = new Date();
      const since = await markEndpointFailing(tx, d.endpointId, now);
      if (since && now.getTime() - since.getTime() >= cfg.WEBHOOK_DISABLE_AFTER) {
        const reason = `disabled automatically: every delivery failed since ${since.toISOString()}`;
        await updateEndpoint(tx, d.endpointId, { disabled: true, disabledReason: reason });
        await recordAudit(
          tx,
          { tenantId, userId: null, actorType: 'system', correlationId: null },
          {
            action: 'UPDATE',
            resource: 'webhook_endpoint',
            resourceId: d.endpointId,
            before: { disabled: false },
            after: { disabled: true, disabledReason: reason, lastError: r.lastError },
          },
        );
        log.warn({ tenantId, endpointId: d.endpointId }, 'webhook endpoint disabled after continuous failures');
      }
    });
  };

  const deliver = async (job: Job<DeliveryJobData>, token: string | undefined): Promise<string> => {
    const { deliveryId } = job.data;
    const tenantId = job.data.tenantId ?? (await deliveryTenant(ctx.db, deliveryId));
    if (!tenantId) return 'gone';
    const d = await loader.add(tenantId, deliveryId);
    if (!d) return 'gone';
    if (d.status !== 'PENDING') return 'already-finished';
    const base = { lastStatusCode: null, nextAttemptAt: null };
    if (d.disabled || !d.payload) {
      const lastError = d.disabled ? 'endpoint disabled' : 'event not found';
      await withTenant(ctx.db, tenantId, (tx) =>
        recordAttempt(tx, d.id, { ...base, status: 'FAILED', attempts: d.attempts, lastError }),
      );
      results.inc({ result: 'failed' });
      return 'failed';
    }

    const { statusCode, error } = await attempt(d);
    const attempts = d.attempts + 1;
    if (error === null) {
      await successes.add(tenantId, {
        id: d.id,
        attempts,
        statusCode: statusCode!,
        endpointId: d.endpointId,
        endpointWasFailing: d.failingSince !== null,
      });
      results.inc({ result: 'success' });
      return 'succeeded';
    }
    const schedule = cfg.WEBHOOK_RETRY_SCHEDULE;
    const delay = attempts <= schedule.length ? withJitter(schedule[attempts - 1]!) : null;
    const nextAttemptAt = delay === null ? null : new Date(Date.now() + delay);
    await recordFailure(tenantId, d, {
      status: delay === null ? 'FAILED' : 'PENDING',
      attempts,
      lastStatusCode: statusCode,
      lastError: error,
      nextAttemptAt,
    });
    if (delay === null) {
      results.inc({ result: 'failed' });
      return 'failed';
    }
    results.inc({ result: 'retry' });
    await job.moveToDelayed(nextAttemptAt!.getTime(), token);
    throw new DelayedError();
  };

  const processor = async (job: Job<DeliveryJobData>, token?: string): Promise<string> => {
    const ep = job.data.endpointId;
    if (ep !== undefined && !(await gate.acquire(ep))) {
      // This endpoint is slow and already has its share of slots: step aside without using an attempt.
      await job.moveToDelayed(Date.now() + gate.stepAsideMs(ep), token);
      throw new DelayedError();
    }
    try {
      return await deliver(job, token);
    } finally {
      if (ep !== undefined) gate.release(ep);
    }
  };

  const connection = createBullConnection(cfg.REDIS_URL);
  connection.on('error', (err: Error) => log.warn({ err: err.message }, 'webhook worker redis error'));
  const worker = new Worker<DeliveryJobData, string>(DELIVERY_QUEUE, processor, {
    connection,
    prefix: bullPrefix(cfg),
    concurrency,
  });
  worker.on('error', (err) => log.warn({ err: err.message }, 'webhook worker error'));
  worker.on('failed', (job, err) =>
    log.error({ deliveryId: job?.data.deliveryId, err: err.message }, 'webhook delivery job failed (infrastructure)'),
  );

  const statsConn = createBullConnection(cfg.REDIS_URL);
  statsConn.on('error', () => undefined);
  const statsQueue = createDeliveryQueue(statsConn, cfg);
  const timer = setInterval(() => {
    statsQueue
      .getJobCounts('waiting', 'prioritized', 'delayed', 'active', 'failed')
      .then((c) => {
        for (const [state, n] of Object.entries(c)) depth.set({ state }, n);
      })
      .catch(() => undefined);
  }, QUEUE_DEPTH_EVERY_MS);
  timer.unref();

  return {
    name: 'webhook-delivery',
    async close() {
      clearInterval(timer);
      await worker.close();
      await statsQueue.close();
      await Promise.allSettled([connection.quit(), statsConn.quit()]);
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
