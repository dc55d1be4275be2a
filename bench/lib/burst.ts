// N requests started at once (each on its own connection), for contention scenarios:
// wall time from the first write to the last answer, status counts, latency percentiles.
import http from 'node:http';
import { summarize } from './load';

export interface BurstResult {
  wallMs: number;
  statusCounts: Record<string, number>;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export async function burst(
  url: string,
  n: number,
  /** Request i; `path` overrides the url's path (e.g. one cart per request). */
  make: (i: number) => { method: string; headers: Record<string, string>; body?: string; path?: string },
  timeoutMs = 30_000,
): Promise<BurstResult> {
  const u = new URL(url);
  if (u.hostname !== '127.0.0.1') throw new Error('bursts target 127.0.0.1 only');
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const statusCounts: Record<string, number> = {};
  const latencies: number[] = [];
  let errors = 0;
  const reqs = Array.from({ length: n }, (_, i) => make(i));
  const t0 = process.hrtime.bigint();
  await Promise.all(
    reqs.map(
      (r) =>
        new Promise<void>((resolve) => {
          const start = process.hrtime.bigint();
          const req = http.request(
            { host: u.hostname, port: u.port, path: r.path ?? u.pathname, method: r.method, headers: r.headers, agent },
            (res) => {
              res.resume();
              res.on('end', () => {
                latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
                const s = String(res.statusCode);
                statusCounts[s] = (statusCounts[s] ?? 0) + 1;
                resolve();
              });
            },
          );
          req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
          req.on('error', () => {
            errors += 1;
            resolve();
          });
          req.end(r.body);
        }),
    ),
  );
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  agent.destroy();
  const s = summarize(latencies, wallMs / 1000, statusCounts);
  return { wallMs: Math.round(wallMs), statusCounts, errors, p50: s.p50, p95: s.p95, p99: s.p99, max: s.max };
}
