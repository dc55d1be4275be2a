// The HTTP side of a webhook delivery: one signed POST to a merchant endpoint through the
// SSRF-guarded resolver, bounded by WEBHOOK_TIMEOUT_MS, reduced to a status code or a fixed
// failure phrase. Keep-alive sockets are reused across deliveries.
import http from 'node:http';
import https from 'node:https';
import { guardedLookup, parseWebhookUrl, UrlRefusedError } from '../../platform/ssrf';
import { sign } from './webhooks.signing';

export const USER_AGENT = 'CommerceAPI-Webhooks/1.0 (+https://www.standardwebhooks.com)';

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

/** One attempt's result: `error` null means a 2xx answer. */
export interface SendResult {
  statusCode: number | null;
  error: string | null;
}

export interface SignedMessage {
  url: string;
  key: Buffer;
  msgId: string;
  body: string;
}

export class WebhookSender {
  // No per-origin socket cap: many tenants may share one receiving host; fairness comes from
  // the per-endpoint slot limit (endpoint-gate.ts).
  private readonly agents: Record<'http:' | 'https:', http.Agent>;

  constructor(private readonly opts: { allowPrivate: boolean; timeoutMs: number }) {
    const agentOpts = { keepAlive: true, maxFreeSockets: 256, lookup: guardedLookup(opts.allowPrivate) };
    this.agents = { 'http:': new http.Agent(agentOpts), 'https:': new https.Agent(agentOpts) };
  }

  async send(m: SignedMessage): Promise<SendResult> {
    const ts = Math.floor(Date.now() / 1000);
    try {
      const url = parseWebhookUrl(m.url, this.opts.allowPrivate);
      const status = await this.post(
        url,
        {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(m.body)),
          'user-agent': USER_AGENT,
          'webhook-id': m.msgId,
          'webhook-timestamp': String(ts),
          'webhook-signature': sign(m.key, m.msgId, ts, m.body),
        },
        m.body,
      );
      // The status only: the body is the receiver's (a proxy's error page may name addresses).
      return { statusCode: status, error: status >= 200 && status < 300 ? null : `status ${status}` };
    } catch (err) {
      return { statusCode: null, error: describeFailure(err) };
    }
  }

  /**
   * The whole exchange (connect, send, answer) is bounded: the timer destroys the request, which
   * also frees its socket; a Promise.race would leave the request running.
   */
  private post(url: URL, headers: Record<string, string>, body: string): Promise<number> {
    const timeoutMs = this.opts.timeoutMs;
    return new Promise((resolve, reject) => {
      const mod = url.protocol === 'https:' ? https : http;
      const req = mod.request(
        url,
        { method: 'POST', headers, agent: this.agents[url.protocol as 'http:' | 'https:'] },
        (res) => {
          // Only the status is recorded; the body is drained so the socket can be reused.
          res.resume();
          res.on('end', () => {
            clearTimeout(timer);
            resolve(res.statusCode ?? 0);
          });
          res.on('error', reject);
        },
      );
      const timer = setTimeout(
        () => req.destroy(Object.assign(new Error(`timed out after ${timeoutMs} ms`), { code: TIMEOUT })),
        timeoutMs,
      );
      req.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      req.end(body);
    });
  }

  close(): void {
    this.agents['http:'].destroy();
    this.agents['https:'].destroy();
  }
}
