// Structure of the operations config: Prometheus alert rules (ops/prometheus/alerts.yml),
// the Grafana dashboard (ops/grafana/commerce-api.json) and the local stack
// (docker-compose.yml). Every metric an expression uses must be one the code really
// registers (its name is found in src/), so a renamed metric breaks this test instead of
// silently breaking an alert; the stack publishes nothing but the API beyond 127.0.0.1 and
// uses no password that cannot be changed from the environment.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) return n === 'generated' ? [] : tsFiles(p);
    return n.endsWith('.ts') ? [p] : [];
  });
}

const SRC = tsFiles(path.join(ROOT, 'src'))
  .map((f) => readFileSync(f, 'utf8'))
  .join('\n');
const PROM_CLIENT_DEFAULTS = readdirSync(path.join(ROOT, 'node_modules/prom-client/lib/metrics'))
  .filter((f) => f.endsWith('.js'))
  .map((f) => readFileSync(path.join(ROOT, 'node_modules/prom-client/lib/metrics', f), 'utf8'))
  .join('\n');

const KEYWORDS = new Set(['and', 'or', 'unless', 'offset', 'bool', 'by', 'without', 'on', 'ignoring', 'inf', 'nan']);

/** Metric names referenced by a PromQL expression (functions, labels, keywords removed). */
export function metricNames(expr: string): string[] {
  const e = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ');
  const names = new Set<string>();
  for (const m of e.matchAll(/(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    if (m[2] || KEYWORDS.has(m[1]!.toLowerCase())) continue; // a function call or keyword
    names.add(m[1]!);
  }
  return [...names];
}

/** True when src/ registers the metric (histogram series suffixes map to the histogram). */
export function registered(metric: string): boolean {
  const candidates = [metric, metric.replace(/_(bucket|count|sum)$/, '')];
  return candidates.some((name) => {
    if (new RegExp(`['"\`]${name}['"\`]`).test(SRC)) return true;
    // Namespaced names built as `${ns}_cache_hits_total` with namespace: 'catalog'.
    for (const t of SRC.matchAll(/`\$\{\w+\}(_[a-z0-9_]+)`/g)) {
      const suffix = t[1]!;
      if (name.endsWith(suffix) && SRC.includes(`namespace: '${name.slice(0, -suffix.length)}'`)) return true;
    }
    // prom-client default process/nodejs metrics, when src/ enables them.
    return (
      SRC.includes('collectDefaultMetrics(') &&
      /^(process|nodejs)_/.test(name) &&
      PROM_CLIENT_DEFAULTS.includes(`'${name}'`)
    );
  });
}

interface Rule {
  alert?: string;
  record?: string;
  expr?: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const alerts = parse(readFileSync(path.join(ROOT, 'ops/prometheus/alerts.yml'), 'utf8')) as {
  groups: Array<{ name: string; rules: Rule[] }>;
};
const rules = alerts.groups.flatMap((g) => g.rules);

const dashboard = JSON.parse(readFileSync(path.join(ROOT, 'ops/grafana/commerce-api.json'), 'utf8')) as {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: Array<{
    id: number;
    type: string;
    title: string;
    gridPos: { x: number; y: number; w: number; h: number };
    targets?: Array<{ refId: string; expr: string }>;
  }>;
};

describe('metric-name extraction used by these checks', () => {
  it('finds metric names and ignores functions, labels, keywords and durations', () => {
    expect(
      metricNames(
        'histogram_quantile(0.95, sum by (le, route) (rate(http_request_duration_seconds_bucket{route=~"/a.*"}[5m] offset 1w))) > 1.5 and sum(rate(x_total[1h])) > 1e-9',
      ).sort(),
    ).toEqual(['http_request_duration_seconds_bucket', 'x_total']);
  });

  it('accepts metrics the code registers and rejects names it does not', () => {
    expect(registered('http_requests_total')).toBe(true);
    expect(registered('http_request_duration_seconds_bucket')).toBe(true);
    expect(registered('catalog_cache_hits_total')).toBe(true);
    expect(registered('no_such_metric_total')).toBe(false);
    expect(registered('webhook_deliveries_failed_total')).toBe(false);
  });
});

describe('ops/prometheus/alerts.yml', () => {
  it('has named groups of rules with unique alert names, including the six the SLO doc relies on', () => {
    expect(alerts.groups.length).toBeGreaterThan(0);
    for (const g of alerts.groups) {
      expect(typeof g.name).toBe('string');
      expect(g.rules.length).toBeGreaterThan(0);
    }
    const names = rules.map((r) => r.alert);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        'HighErrorRate',
        'LatencyP95Regression',
        'WebhookDeliveryBacklog',
        'OutboxLag',
        'LowStock',
        'PaymentFailureSpike',
      ]),
    );
  });

  it.each(rules.map((r) => [r.alert ?? '(unnamed)', r] as const))(
    '%s has expr, a duration in for, labels.severity and summary/description annotations',
    (_name, r) => {
      expect(typeof r.alert).toBe('string');
      expect(typeof r.expr).toBe('string');
      expect(r.expr!.trim().length).toBeGreaterThan(0);
      expect(r.for).toMatch(/^\d+[smhdw]$/);
      expect(['page', 'ticket', 'info']).toContain(r.labels?.severity);
      expect(r.annotations?.summary?.length).toBeGreaterThan(0);
      expect(r.annotations?.description?.length).toBeGreaterThan(0);
      expect(r.expr!.split('(').length).toBe(r.expr!.split(')').length); // balanced parentheses
    },
  );

  it.each(rules.map((r) => [r.alert ?? '(unnamed)', r.expr ?? ''] as const))(
    '%s only uses metrics registered in src/',
    (_name, expr) => {
      const used = metricNames(expr);
      expect(used.length).toBeGreaterThan(0);
      expect(used.filter((m) => !registered(m))).toEqual([]);
    },
  );
});

describe('ops/grafana/commerce-api.json', () => {
  it('is a dashboard with a uid, a title and panels on the 24-column grid with unique ids', () => {
    expect(dashboard.uid).toBe('commerce-api');
    expect(dashboard.title.length).toBeGreaterThan(0);
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(30);
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of dashboard.panels) {
      expect(p.title.length).toBeGreaterThan(0);
      expect(['timeseries', 'stat', 'gauge', 'table']).toContain(p.type);
      expect(p.gridPos.x + p.gridPos.w).toBeLessThanOrEqual(24);
      expect(p.gridPos.h).toBeGreaterThan(0);
    }
  });

  it.each(dashboard.panels.map((p) => [p.title, p] as const))(
    'panel "%s" has targets whose metrics exist in src/',
    (_title, p) => {
      expect(p.targets?.length).toBeGreaterThan(0);
      for (const t of p.targets!) {
        expect(t.refId).toMatch(/^[A-Z]$/);
        const used = metricNames(t.expr);
        expect(used.length).toBeGreaterThan(0);
        expect(used.filter((m) => !registered(m))).toEqual([]);
      }
    },
  );

  it('covers the metrics the alerts use (every alerted metric has a panel)', () => {
    const panelMetrics = new Set(
      dashboard.panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricNames(t.expr))),
    );
    const base = (m: string) => m.replace(/_(bucket|count|sum)$/, '');
    const shown = new Set([...panelMetrics].map(base));
    const alerted = new Set(rules.flatMap((r) => metricNames(r.expr ?? '')).map(base));
    expect([...alerted].filter((m) => !shown.has(m))).toEqual([]);
  });
});

interface ComposeService {
  command?: string[];
  ports?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
}
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
};
const svc = (name: string): ComposeService => compose.services[name]!;

/** `${NAME:-default}` (the value from the environment, with a development default), else undefined. */
const fromEnv = (value: string | undefined, name: string) =>
  new RegExp(`^\\$\\{${name}:-([^}]+)\\}$`).exec(value ?? '')?.[1];

describe('docker-compose.yml', () => {
  it('publishes PostgreSQL and Redis on 127.0.0.1 only', () => {
    expect(svc('postgres').ports).toEqual(['127.0.0.1:5432:5432']);
    expect(svc('redis').ports).toEqual(['127.0.0.1:6379:6379']);
  });

  it('gives Redis a password from REDIS_PASSWORD, which its healthcheck and the API use', () => {
    const cmd = svc('redis').command!;
    const password = cmd[cmd.indexOf('--requirepass') + 1];
    expect(cmd).toContain('--requirepass');
    expect(fromEnv(password, 'REDIS_PASSWORD')?.length).toBeGreaterThanOrEqual(12);
    const check = svc('redis').healthcheck!.test;
    expect(check[check.indexOf('-a') + 1]).toBe(password);
    expect(svc('api').environment!.REDIS_URL).toBe(`redis://:${password}@redis:6379`);
  });

  it('takes the database passwords from the environment, never the public "commerce_app" by default', () => {
    const env = svc('api').environment!;
    const appPassword = fromEnv(env.DATABASE_APP_PASSWORD, 'DATABASE_APP_PASSWORD');
    expect(appPassword).toBeDefined();
    expect(appPassword).not.toBe('commerce_app');
    const owner = svc('postgres').environment!.POSTGRES_PASSWORD;
    expect(fromEnv(owner, 'POSTGRES_PASSWORD')).toBeDefined();
    expect(env.DATABASE_URL).toBe(`postgresql://postgres:${owner}@postgres:5432/commerce`);
    expect(fromEnv(env.NODE_ENV, 'NODE_ENV')).toBe('development');
  });
});
