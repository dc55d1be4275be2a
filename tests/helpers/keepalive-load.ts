// A bounded keep-alive load loop: `concurrency` clients, each sending one request after the
// other on a pooled keep-alive connection (Node's http.Agent, which never retries), recording
// how every request ended. Stops when `stop()` says so or after `maxMs`.
import http from 'node:http';

export interface Outcome {
  /** The response status, when one came. */
  status?: number;
  /** The error code, when the request failed instead (ECONNREFUSED, ECONNRESET...). */
  code?: string;
  /** Whether the request was sent on a connection an earlier request had used. */
  reused: boolean;
  /** Whether the response said `Connection: close`. */
  close: boolean;
  /** When it ended (ms since the epoch). */
  at: number;
}

export interface LoadOptions {
  port: number;
  concurrency: number;
  /** Each request: method, path, headers and body (JSON). */
  request: () => { method: string; path: string; headers: Record<string, string>; body?: unknown };
  stop: () => boolean;
  maxMs: number;
  /** Called as each request ends (progress, e.g. to wait for the load to be under way). */
  onOutcome?: (o: Outcome) => void;
}

function once(agent: http.Agent, port: number, r: ReturnType<LoadOptions['request']>): Promise<Outcome> {
  return new Promise((resolve) => {
    const body = r.body === undefined ? undefined : JSON.stringify(r.body);
    const headers: Record<string, string> = { ...r.headers };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const req = http.request({ host: '127.0.0.1', port, method: r.method, path: r.path, headers, agent }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          reused: req.reusedSocket,
          close: /close/i.test(res.headers.connection ?? ''),
          at: Date.now(),
        }),
      );
      res.on('error', (e: NodeJS.ErrnoException) =>
        resolve({ code: e.code ?? e.message, reused: req.reusedSocket, close: false, at: Date.now() }),
      );
    });
    req.setTimeout(10_000, () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) =>
      resolve({ code: e.code ?? e.message, reused: req.reusedSocket, close: false, at: Date.now() }),
    );
    req.end(body);
  });
}

export async function keepAliveLoad(opts: LoadOptions): Promise<Outcome[]> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const outcomes: Outcome[] = [];
  const deadline = Date.now() + opts.maxMs;
  const client = async () => {
    while (!opts.stop() && Date.now() < deadline) {
      const o = await once(agent, opts.port, opts.request());
      outcomes.push(o);
      opts.onOutcome?.(o);
      // A refused connection comes back at once: don't spin.
      if (o.code) await new Promise((r) => setTimeout(r, 20));
    }
  };
  try {
    await Promise.all(Array.from({ length: opts.concurrency }, client));
  } finally {
    agent.destroy();
  }
  return outcomes;
}

/** Counts of each way requests ended, e.g. { '201': 812, ECONNREFUSED: 3 }. */
export function tally(outcomes: Outcome[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const o of outcomes) {
    const k = o.code ?? String(o.status);
    t[k] = (t[k] ?? 0) + 1;
  }
  return t;
}
