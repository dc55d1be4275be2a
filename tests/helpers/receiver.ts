// A local HTTP receiver for webhook tests: records every request (raw body and headers)
// and answers per path with a programmable status and delay.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** Decides the answer to the n-th request (0-based) on a path. */
export type Responder = (req: Received, n: number) => { status: number; delayMs?: number } | number;

export interface Receiver {
  port: number;
  url(path: string): string;
  received: Received[];
  on(path: string): Received[];
  respond(path: string, fn: Responder): void;
  /** Resolves when pred(received) holds; rejects after timeoutMs with what arrived so far. */
  waitFor(pred: (all: Received[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const responders = new Map<string, Responder>();
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0]!;
      const r: Received = { path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      received.push(r);
      const n = counts.get(path) ?? 0;
      counts.set(path, n + 1);
      const fn = responders.get(path);
      const out = fn ? fn(r, n) : 200;
      const { status, delayMs = 0 } = typeof out === 'number' ? { status: out } : out;
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'text/plain' });
        res.end(status < 300 ? 'ok' : 'nope');
      };
      if (delayMs > 0) setTimeout(answer, delayMs);
      else answer();
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    on: (path) => received.filter((r) => r.path === path),
    respond: (path, fn) => void responders.set(path, fn),
    async waitFor(pred, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (!pred(received)) {
        if (Date.now() > until) {
          const seen = received.map((r) => `${r.path} ${r.headers['webhook-id'] ?? ''}`).join('\n');
          throw new Error(`receiver: condition not met in ${timeoutMs} ms; received ${received.length}:\n${seen}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
