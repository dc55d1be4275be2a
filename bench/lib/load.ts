// Load generation with autocannon (in this process; the servers under test are children).
// p95 is computed exactly: every response's latency (autocannon's own float-ms measurement,
// from request write to last byte) is recorded through the 'response' event, sorted, and
// read at the nearest-rank percentile. autocannon's own summary has no p95.
import autocannon from 'autocannon';

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds; with `amount` unset the run lasts this long (bounded by maxRequests too). */
  duration?: number;
  /** Exact number of requests (duration ignored, bounded by timeoutMs). */
  amount?: number;
  maxRequests?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (req: autocannon.Request, context: Record<string, unknown>) => autocannon.Request;
  /** Hard stop for amount-bounded runs. */
  timeoutMs?: number;
  /**
   * Open the throttle at this many requests/s across all connections (autocannon
   * overallRate). Latency targets are measured at a stated rate: with N connections held
   * open and no rate, mean latency is simply N ÷ throughput (Little's law).
   */
  rate?: number;
}

export interface LoadResult {
  requests: number;
  durationS: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  /** Connection errors + timeouts. */
  errors: number;
  /** Paced runs: what the errors were (e.g. ECONNRESET), when there were any. */
  errorCodes?: Record<string, number>;
  non2xx: number;
  statusCounts: Record<string, number>;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

const round = (n: number, d = 2): number => Math.round(n * 10 ** d) / 10 ** d;

export function summarize(latencies: number[], durationS: number, statusCounts: Record<string, number>) {
  const sorted = Float64Array.from(latencies).sort();
  const sum = latencies.reduce((a, b) => a + b, 0);
  return {
    requests: latencies.length,
    durationS: round(durationS),
    rps: round(latencies.length / Math.max(durationS, 0.001), 1),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1]! : 0),
    mean: round(latencies.length ? sum / latencies.length : 0),
    non2xx: Object.entries(statusCounts)
      .filter(([s]) => !s.startsWith('2'))
      .reduce((a, [, n]) => a + n, 0),
    statusCounts,
  };
}

export async function load(o: LoadOptions): Promise<LoadResult> {
  const u = new URL(o.url);
  if (u.hostname !== '127.0.0.1') throw new Error(`refusing to load ${u.hostname}: benchmarks target 127.0.0.1 only`);
  const latencies: number[] = [];
  const statusCounts: Record<string, number> = {};
  const opts: autocannon.Options = {
    url: o.url,
    connections: o.connections,
    method: o.method ?? 'GET',
    headers: o.headers,
    body: o.body,
    timeout: 10,
  };
  if (o.amount !== undefined) opts.amount = o.amount;
  else {
    opts.duration = o.duration ?? 10;
    opts.maxOverallRequests = o.maxRequests ?? 500_000;
  }
  if (o.rate !== undefined) opts.overallRate = o.rate;
  if (o.setupRequest) opts.requests = [{ setupRequest: o.setupRequest }];
  const started = process.hrtime.bigint();
  const instance = autocannon(opts);
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    statusCounts[status] = (statusCounts[status] ?? 0) + 1;
  });
  const guard = setTimeout(() => instance.stop(), o.timeoutMs ?? ((o.duration ?? 60) + 30) * 1000);
  const r = await instance;
  clearTimeout(guard);
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const durationS = o.amount !== undefined ? wall : r.duration || wall;
  return { ...summarize(latencies, durationS, statusCounts), errors: r.errors + r.timeouts };
}
