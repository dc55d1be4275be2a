// Webhook delivery: one attempt at one WebhookDelivery. Loads the delivery with its endpoint
// and stored event, POSTs the event signed per Standard Webhooks (webhooks.sender.ts), and
// records the attempt. Non-2xx, timeouts and refused URLs are retried on
// WEBHOOK_RETRY_SCHEDULE (with jitter), then FAILED; an endpoint failing for
// WEBHOOK_DISABLE_AFTER is disabled. One endpoint never holds more than
// WEBHOOK_ENDPOINT_CONCURRENCY slots (per process), so a slow or dead receiver can't starve
// other tenants' deliveries. The queue is the caller's (src/workers/webhook-delivery.ts):
// this service only says when the job should run again.
import type { AppContext } from '../../platform/app-context';
import { systemActor } from '../../platform/auth/types';
import { withTenant } from '../../platform/db/prisma';
import { tenantWrite } from '../write-path';
import { EndpointGate } from './endpoint-gate';
import { MicroBatcher } from './micro-batch';
import { mayHoldSealed, unseal } from './outbox.sealing';
import type { DeliveryJobData } from './webhooks.queue';
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
import { WebhookSender, type SendResult } from './webhooks.sender';
import { secretKey } from './webhooks.signing';

/** ±20 % so endpoints that failed together don't retry in lockstep. */
export const withJitter = (ms: number): number => Math.max(1, Math.round(ms * (0.8 + Math.random() * 0.4)));

/** What became of a job: finished, or to be run again at `runAt` (epoch ms). */
export type DeliveryOutcome = Finished | RunAgain;
interface Finished {
  result: 'gone' | 'already-finished' | 'failed' | 'succeeded';
}
interface RunAgain {
  result: 'retry' | 'step-aside';
  runAt: number;
}

export class WebhookDeliveryService {
  private readonly cfg: AppContext['config'];
  private readonly log: AppContext['logger'];
  private readonly sender: WebhookSender;
  private readonly gate: EndpointGate;
  private readonly keys = new Map<string, Buffer>();
  private readonly results;
  private readonly duration;
  // Group commit: loads and successful outcomes of the same tenant share one transaction.
  private readonly loader: MicroBatcher<string, DeliveryToSend | null>;
  private readonly successes: MicroBatcher<SuccessRecord, void>;

  /** `concurrency`: the worker's slots; a fast endpoint may use up to half of them. */
  constructor(
    private readonly ctx: AppContext,
    concurrency: number,
  ) {
    this.cfg = ctx.config;
    this.log = ctx.logger.child({ worker: 'webhook-delivery' });
    this.sender = new WebhookSender({
      allowPrivate: this.cfg.WEBHOOK_ALLOW_PRIVATE_URLS,
      timeoutMs: this.cfg.WEBHOOK_TIMEOUT_MS,
    });
    this.gate = new EndpointGate({
      slowLimit: this.cfg.WEBHOOK_ENDPOINT_CONCURRENCY,
      fastLimit: Math.floor(concurrency / 2),
    });
    this.results = ctx.metrics.counter('webhook_deliveries_total', 'Webhook delivery attempts by result', ['result']);
    this.duration = ctx.metrics.histogram(
      'webhook_delivery_duration_seconds',
      'Duration of one webhook HTTP attempt',
      [],
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    );
    this.loader = new MicroBatcher<string, DeliveryToSend | null>(async (tenantId, ids) => {
      const rows = await withTenant(ctx.db, tenantId, (tx) => loadDeliveriesToSend(tx, ids));
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    });
    this.successes = new MicroBatcher<SuccessRecord, void>(async (tenantId, items) => {
      await withTenant(ctx.db, tenantId, (tx) => recordSuccesses(tx, items));
      return items.map(() => undefined);
    });
  }

  /** Runs one job: takes a slot of its endpoint (or steps aside without using an attempt), then delivers. */
  async run(job: DeliveryJobData): Promise<DeliveryOutcome> {
    const ep = job.endpointId;
    if (ep !== undefined && !(await this.gate.acquire(ep))) {
      return { result: 'step-aside', runAt: Date.now() + this.gate.stepAsideMs(ep) };
    }
    try {
      return await this.deliver(job);
    } finally {
      if (ep !== undefined) this.gate.release(ep);
    }
  }

  close(): void {
    this.sender.close();
  }

  private async deliver(job: DeliveryJobData): Promise<DeliveryOutcome> {
    const tenantId = job.tenantId ?? (await deliveryTenant(this.ctx.db, job.deliveryId));
    if (!tenantId) return { result: 'gone' };
    const d = await this.loader.add(tenantId, job.deliveryId);
    if (!d) return { result: 'gone' };
    if (d.status !== 'PENDING') return { result: 'already-finished' };
    if (d.disabled || !d.payload) {
      const lastError = d.disabled ? 'endpoint disabled' : 'event not found';
      const r = {
        status: 'FAILED',
        attempts: d.attempts,
        lastStatusCode: null,
        lastError,
        nextAttemptAt: null,
      } as const;
      await withTenant(this.ctx.db, tenantId, (tx) => recordAttempt(tx, d.id, r));
      this.results.inc({ result: 'failed' });
      return { result: 'failed' };
    }

    const { statusCode, error } = await this.attempt(d);
    const attempts = d.attempts + 1;
    if (error === null) {
      await this.successes.add(tenantId, {
        id: d.id,
        attempts,
        statusCode: statusCode!,
        endpointId: d.endpointId,
        endpointWasFailing: d.failingSince !== null,
      });
      this.results.inc({ result: 'success' });
      return { result: 'succeeded' };
    }
    const schedule = this.cfg.WEBHOOK_RETRY_SCHEDULE;
    const runAt = attempts <= schedule.length ? Date.now() + withJitter(schedule[attempts - 1]!) : null;
    await this.recordFailure(tenantId, d, {
      status: runAt === null ? 'FAILED' : 'PENDING',
      attempts,
      lastStatusCode: statusCode,
      lastError: error,
      nextAttemptAt: runAt === null ? null : new Date(runAt),
    });
    this.results.inc({ result: runAt === null ? 'failed' : 'retry' });
    return runAt === null ? { result: 'failed' } : { result: 'retry', runAt };
  }

  /** One HTTP attempt with the stored event, its sealed fields opened just before signing. */
  private async attempt(d: DeliveryToSend): Promise<SendResult> {
    const p = d.payload!;
    const event = { id: p.id, type: p.type, createdAt: p.createdAt, tenantId: p.tenantId, data: p.data };
    let body = JSON.stringify(event);
    if (mayHoldSealed(body)) body = JSON.stringify({ ...event, data: unseal(this.ctx.secretBox, p.data) });
    const started = process.hrtime.bigint();
    try {
      return await this.sender.send({ url: d.url, key: this.keyFor(d.secretEnc), msgId: String(p.id), body });
    } finally {
      this.duration.observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  /** The endpoint's signing key, decrypted once per stored secret. */
  private keyFor(secretEnc: string): Buffer {
    let k = this.keys.get(secretEnc);
    if (!k) {
      if (this.keys.size > 5000) this.keys.clear();
      k = secretKey(this.ctx.secretBox.decrypt(secretEnc));
      this.keys.set(secretEnc, k);
    }
    return k;
  }

  /** Records a failed attempt, extends the endpoint's failure run and disables it past the limit. */
  private async recordFailure(tenantId: string, d: DeliveryToSend, r: AttemptRecord): Promise<void> {
    await tenantWrite(this.ctx, systemActor(tenantId), async (w) => {
      await recordAttempt(w.tx, d.id, r);
      const now = new Date();
      const since = await markEndpointFailing(w.tx, d.endpointId, now);
      if (!since || now.getTime() - since.getTime() < this.cfg.WEBHOOK_DISABLE_AFTER) return;
      const reason = `disabled automatically: every delivery failed since ${since.toISOString()}`;
      await updateEndpoint(w.tx, d.endpointId, { disabled: true, disabledReason: reason });
      w.audit({
        action: 'UPDATE',
        resource: 'webhook_endpoint',
        resourceId: d.endpointId,
        before: { disabled: false },
        after: { disabled: true, disabledReason: reason, lastError: r.lastError },
      });
      this.log.warn({ tenantId, endpointId: d.endpointId }, 'webhook endpoint disabled after continuous failures');
    });
  }
}
