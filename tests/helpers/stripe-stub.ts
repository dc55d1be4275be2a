// A local stand-in for the Stripe API speaking the official SDK's wire format: form-encoded
// POSTs under /v1 (bracket notation for nested fields), Bearer secret key, Idempotency-Key
// header. Records every request; a repeated idempotency key returns the first response
// (a different body with the same key → 400 idempotency_error, as Stripe does).
// Also builds signed webhook events (Stripe-Signature) for the app's /webhooks/stripe.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Stripe from 'stripe';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  idempotencyKey: string | undefined;
  rawBody: string;
  /** The form body decoded into nested objects: metadata[orderId]=x → {metadata: {orderId: 'x'}}. */
  body: Record<string, unknown>;
}

export interface StripeStub {
  url: string;
  requests: RecordedRequest[];
  intents: Map<string, Record<string, unknown>>;
  refunds: Array<Record<string, unknown>>;
  /** Status the next refunds get: "succeeded" (default) or "pending". */
  refundStatus: 'succeeded' | 'pending';
  /** Make the next `times` API calls answer `status` with a Stripe error body (SDK retries count). */
  failNext(status: number, times?: number): void;
  /**
   * Holds the answer to the next request to `path` until the returned `release` is called;
   * `reached` resolves when that request has arrived (so a test can look at the database
   * while the app waits on Stripe).
   */
  holdNext(path: string): { reached: Promise<void>; release: () => void };
  requestsTo(path: string): RecordedRequest[];
  close(): Promise<void>;
}

/** Decodes `a[b][c]=v&list[0]=x` into nested objects (arrays stay objects keyed by index). */
export function decodeForm(raw: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    const parts = k.split('[').map((p) => p.replace(/]$/, ''));
    let cur = out;
    parts.forEach((p, i) => {
      if (i === parts.length - 1) cur[p] = v;
      else cur = (cur[p] ??= {}) as Record<string, unknown>;
    });
  }
  return out;
}

/**
 * Stripe's own amount rules (docs.stripe.com/currencies), so that an amount the app
 * should not have sent is refused here as Stripe would: a positive integer; ISK in whole
 * krónur (multiples of 100); three-decimal currencies in multiples of 10.
 */
function amountRefusal(amount: string, currency: string): string | null {
  if (!/^[1-9]\d*$/.test(amount)) return `Invalid integer: ${amount}`;
  const n = BigInt(amount);
  if (currency === 'isk' && n % 100n !== 0n) return 'Currency ISK charged amounts must be evenly divisible by 100';
  if (['bhd', 'jod', 'kwd', 'omr', 'tnd'].includes(currency) && n % 10n !== 0n)
    return `Currency ${currency.toUpperCase()} amounts must be rounded to the nearest ten`;
  return null;
}

const id = (prefix: string) => `${prefix}_${randomBytes(12).toString('hex')}`;

export async function startStripeStub(): Promise<StripeStub> {
  const idem = new Map<string, { rawBody: string; path: string; status: number; response: unknown }>();
  let failure: { status: number; times: number } | null = null;
  let hold: { path: string; arrived: () => void; released: Promise<void> } | null = null;
  const stub: StripeStub = {
    url: '',
    requests: [],
    intents: new Map(),
    refunds: [],
    refundStatus: 'succeeded',
    failNext: (status, times = 1) => {
      failure = { status, times };
    },
    requestsTo: (path) => stub.requests.filter((r) => r.path === path),
    holdNext: (path) => {
      let arrived!: () => void;
      let release!: () => void;
      const reached = new Promise<void>((r) => (arrived = r));
      const released = new Promise<void>((r) => (release = r));
      hold = { path, arrived, released };
      return { reached, release };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };

  const handle = (method: string, path: string, body: Record<string, unknown>): [number, unknown] => {
    if (failure && failure.times > 0) {
      failure.times--;
      return [failure.status, { error: { type: 'api_error', message: 'stub failure' } }];
    }
    if (method === 'POST' && path === '/v1/payment_intents') {
      const refused = amountRefusal(String(body.amount), String(body.currency));
      if (refused)
        return [400, { error: { type: 'invalid_request_error', code: 'invalid_charge_amount', message: refused } }];
      const piId = id('pi');
      const pi = {
        id: piId,
        object: 'payment_intent',
        amount: Number(body.amount),
        amount_received: 0,
        currency: String(body.currency),
        metadata: body.metadata ?? {},
        client_secret: `${piId}_secret_${randomBytes(8).toString('hex')}`,
        status: 'requires_payment_method',
        created: Math.floor(Date.now() / 1000),
        livemode: false,
      };
      stub.intents.set(piId, pi);
      return [200, pi];
    }
    const m = /^\/v1\/payment_intents\/([^/]+)(\/cancel)?$/.exec(path);
    if (m) {
      const pi = stub.intents.get(m[1]!);
      if (!pi) return [404, { error: { type: 'invalid_request_error', code: 'resource_missing' } }];
      if (m[2]) pi.status = 'canceled';
      return [200, pi];
    }
    if (method === 'POST' && path === '/v1/refunds') {
      const pi = stub.intents.get(String(body.payment_intent));
      if (!pi) return [404, { error: { type: 'invalid_request_error', code: 'resource_missing' } }];
      const refund = {
        id: id('re'),
        object: 'refund',
        amount: body.amount !== undefined ? Number(body.amount) : pi.amount,
        currency: pi.currency,
        payment_intent: pi.id,
        status: stub.refundStatus,
        metadata: body.metadata ?? {},
      };
      stub.refunds.push(refund);
      return [200, refund];
    }
    return [404, { error: { type: 'invalid_request_error', message: `stub: no route ${method} ${path}` } }];
  };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', async () => {
      const path = (req.url ?? '/').split('?')[0]!;
      if (hold && hold.path === path) {
        const h = hold;
        hold = null;
        h.arrived();
        await h.released;
      }
      const key = req.headers['idempotency-key'] as string | undefined;
      const body = decodeForm(raw);
      stub.requests.push({
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        idempotencyKey: key,
        rawBody: raw,
        body,
      });
      let status: number;
      let response: unknown;
      const prev = key && req.method === 'POST' ? idem.get(key) : undefined;
      if (!(req.headers.authorization ?? '').startsWith('Bearer sk_')) {
        [status, response] = [401, { error: { type: 'invalid_request_error', message: 'Invalid API Key' } }];
      } else if (prev && (prev.rawBody !== raw || prev.path !== path)) {
        [status, response] = [
          400,
          {
            error: {
              type: 'idempotency_error',
              message: 'Keys for idempotent requests can only be used with the same parameters',
            },
          },
        ];
      } else if (prev) {
        [status, response] = [prev.status, prev.response];
        res.setHeader('Idempotent-Replayed', 'true');
      } else {
        [status, response] = handle(req.method ?? 'GET', path, body);
        if (key && req.method === 'POST' && status < 500) idem.set(key, { rawBody: raw, path, status, response });
      }
      res.statusCode = status;
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Request-Id', id('req'));
      res.end(JSON.stringify(response));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  stub.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return stub;
}

/** A Stripe event JSON body and its valid Stripe-Signature header for `secret`. */
export function signedStripeEvent(
  secret: string,
  type: string,
  object: Record<string, unknown>,
  opts: { id?: string; timestamp?: number } = {},
): { id: string; payload: string; signature: string } {
  const eventId = opts.id ?? id('evt');
  const payload = JSON.stringify({
    id: eventId,
    object: 'event',
    api_version: '2026-10-28.endive',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  });
  const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: opts.timestamp });
  return { id: eventId, payload, signature };
}
