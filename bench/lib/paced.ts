// Open-loop, evenly paced load: one request every 1/rate s (not autocannon's per-second
// bursts), each on a keep-alive socket from a bounded pool. Latency is measured from the
// moment a request was DUE, so a server that falls behind shows it (no coordinated omission).
import http from 'node:http';
import { summarize, type LoadResult } from './load';

export interface PacedOptions {
  url: string;
  rate: number;
  durationS: number;
  method?: string;
  headers?: Record<string, string>;
  /** Per request i: path (with query) and body to send. */
  request?: (i: number) => { path?: string; body?: string; headers?: Record<string, string> };
  maxSockets?: number;
}

export async function paced(o: PacedOptions): Promise<LoadResult> {
  const u = new URL(o.url);
  if (u.hostname !== '127.0.0.1') throw new Error(`refusing to load ${u.hostname}: benchmarks target 127.0.0.1 only`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.maxSockets ?? 64 });
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let errors = 0;
  const errorCodes: Record<string, number> = {};
  const total = Math.round(o.rate * o.durationS);
  const intervalNs = 1e9 / o.rate;
  const start = process.hrtime.bigint();
  const inflight: Promise<void>[] = [];
  const one = (i: number, due: bigint) =>
    new Promise<void>((resolve) => {
      const r = o.request?.(i) ?? {};
      const req = http.request(
        {
          host: u.hostname,
          port: u.port,
          path: r.path ?? `${u.pathname}${u.search}`,
          method: o.method ?? 'GET',
          agent,
          headers: { ...o.headers, ...r.headers },
          timeout: 10_000,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(Number(process.hrtime.bigint() - due) / 1e6);
            statusCounts[res.statusCode ?? 0] = (statusCounts[res.statusCode ?? 0] ?? 0) + 1;
            resolve();
          });
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        errors++;
        errorCodes[err.code ?? err.message] = (errorCodes[err.code ?? err.message] ?? 0) + 1;
        resolve();
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.end(r.body);
    });
  for (let i = 0; i < total; i++) {
    const due = start + BigInt(Math.round(i * intervalNs));
    const waitMs = Number(due - process.hrtime.bigint()) / 1e6;
    if (waitMs > 1) await new Promise((r) => setTimeout(r, waitMs));
    inflight.push(one(i, due));
  }
  await Promise.all(inflight);
  agent.destroy();
  const durationS = Number(process.hrtime.bigint() - start) / 1e9;
  return { ...summarize(latencies, durationS, statusCounts), errors, ...(errors ? { errorCodes } : {}) };
}
