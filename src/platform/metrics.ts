// Prometheus metrics: one registry per app instance (tests run several in one process).
import type { Request, Response } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

type HttpLabels = { method: string; route: string; status: string };

export class Metrics {
  readonly registry = new Registry();
  /** Per (method, status, route) label set: its labels object, reused, and its request count. */
  readonly httpSeries = new Map<string, { labels: HttpLabels; count: number }>();
  // Counted in httpSeries per request and copied into the counter when Prometheus scrapes.
  readonly httpRequests: Counter<keyof HttpLabels> = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
    collect: () => {
      this.httpRequests.reset();
      for (const s of this.httpSeries.values()) this.httpRequests.inc(s.labels, s.count);
    },
  });
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Counter<L>;
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  gauge<L extends string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Gauge<L>;
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    buckets?: number[],
  ): Histogram<L> {
    const existing = this.registry.getSingleMetric(name);
    if (existing) return existing as Histogram<L>;
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }
}

/** The matched route template ("/api/v1/products/:id"), never the raw path. */
export function routeTemplate(req: Request): string {
  const route = (req as { route?: { path?: unknown } }).route;
  if (route && typeof route.path === 'string') return `${req.baseUrl}${route.path}`;
  return 'unmatched';
}

/** Counts a finished request and observes its duration (called by the request prelude). Routes
 * are templates, so the label sets are few: each is built once and reused. */
export function recordRequest(m: Metrics, req: Request, res: Response, seconds: number): void {
  const route = routeTemplate(req);
  const key = `${req.method} ${res.statusCode} ${route}`;
  let series = m.httpSeries.get(key);
  if (!series) {
    series = { labels: { method: req.method, route, status: String(res.statusCode) }, count: 0 };
    m.httpSeries.set(key, series);
  }
  series.count++;
  m.httpDuration.observe(series.labels, seconds);
}
