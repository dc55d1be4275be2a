// Open-loop, evenly paced load: one request every 1/rate s (not autocannon's per-second
// bursts), each on a keep-alive socket from a bounded pool. Latency is measured from the
// moment a request was DUE, so a server that falls behind shows it (no coordinated omission).
import { summarize, type LoadResult } from './load';
import { RawHttpPool } from './raw-http';

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
  // Keep-alive sockets opened as needed (one request in flight each), written and read by the
  // lean client of raw-http.ts so the generator takes as little CPU as it can from the machine
  // under test.
  const pool = new RawHttpPool(u.hostname, Number(u.port), o.maxSockets);
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  let errors = 0;
  const errorCodes: Record<string, number> = {};
  const total = Math.round(o.rate * o.durationS);
  const intervalNs = 1e9 / o.rate;
  const start = process.hrtime.bigint();
  const inflight: Promise<void>[] = [];
  const one = (i: number, due: bigint): Promise<void> => {
    const r = o.request?.(i) ?? {};
    return pool
      .request({
        method: o.method ?? 'GET',
        path: r.path ?? `${u.pathname}${u.search}`,
        headers: { ...o.headers, ...r.headers },
        body: r.body,
      })
      .then(
        (res) => {
          latencies.push(Number(process.hrtime.bigint() - due) / 1e6);
          statusCounts[res.status] = (statusCounts[res.status] ?? 0) + 1;
        },
        (err: NodeJS.ErrnoException) => {
          errors++;
          errorCodes[err.code ?? err.message] = (errorCodes[err.code ?? err.message] ?? 0) + 1;
        },
      );
  };
  for (let i = 0; i < total; i++) {
    const due = start + BigInt(Math.round(i * intervalNs));
    const waitMs = Number(due - process.hrtime.bigint()) / 1e6;
    if (waitMs > 1) await new Promise((r) => setTimeout(r, waitMs));
    inflight.push(one(i, due));
  }
  await Promise.all(inflight);
  pool.close();
  const durationS = Number(process.hrtime.bigint() - start) / 1e9;
  return { ...summarize(latencies, durationS, statusCounts), errors, ...(errors ? { errorCodes } : {}) };
}
