// METRICS_PORT: /metrics is served on a port of its own (with /health and /ready), and the API
// port answers 404 for it. (NODE_ENV=production refuses to start with neither METRICS_PORT nor
// METRICS_TOKEN: tests/unit/config-logger.test.ts.)
import { startApi } from '../helpers/api-process';

it('serves /metrics on METRICS_PORT and not on the API port', async () => {
  const api = await startApi({ METRICS_PORT: '0' });
  try {
    const m = /Commerce metrics: (http:\/\/\S+)\/metrics/.exec(api.output());
    expect({ line: m?.[0] ?? null, out: m ? '' : api.output() }).toEqual({ line: expect.any(String), out: '' });
    const metricsBase = m![1]!;
    expect(new URL(metricsBase).port).not.toBe(String(api.port));

    // A request on the API, then /metrics: 404 there, the API's counters on the metrics port.
    const status = (await fetch(`${api.base}/api/v1/products`)).status; // no tenant, no credentials
    expect(status).toBeGreaterThanOrEqual(400);
    const onApi = await fetch(`${api.base}/metrics`);
    expect(onApi.status).toBe(404);
    expect(((await onApi.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const metrics = await fetch(`${metricsBase}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(new RegExp(`http_requests_total\\{[^}]*status="${status}"`));
    expect((await fetch(`${metricsBase}/health`)).status).toBe(200);
    // The metrics port serves no API.
    expect((await fetch(`${metricsBase}/api/v1/products`)).status).toBe(404);

    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
  } finally {
    if (api.child.exitCode === null) api.child.kill('SIGKILL');
  }
}, 60_000);
