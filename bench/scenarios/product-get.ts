// product-get: public GET /api/v1/products/:id with X-Tenant, cache warm.
// Targets: rps ≥ 0.5 × bare Express serving the same body; p99 < 25 ms; no errors.
import { call, createProduct, signUpTenant } from '../lib/api';
import type { BenchEnv } from '../lib/env';
import type { LoadOptions } from '../lib/load';
import type { ScenarioOutcome } from '../lib/report';
import { baselines, measured, ms, ratios, skipped, warmupSeconds, type Scenario } from './common';

async function run(b: BenchEnv): Promise<ScenarioOutcome> {
  const name = 'product-get';
  const tenant = await signUpTenant(b.apiUrl);
  let productId: string;
  try {
    productId = (await createProduct(b.apiUrl, tenant, { initialQuantity: 500 })).id;
  } catch (e) {
    if ((e as { status?: number }).status === 404) return skipped(name, 'POST /api/v1/products does not exist yet');
    throw e;
  }
  const path = `/api/v1/products/${productId}`;
  const headers = { 'x-tenant': tenant.subdomain };
  const first = await call(b.apiUrl, 'GET', path, { headers, expect: [200, 404] });
  if (first.status === 404) return skipped(name, 'GET /api/v1/products/:id does not exist yet');
  const opts: LoadOptions = {
    url: `${b.apiUrl}${path}`,
    connections: b.settings.connections,
    duration: b.settings.duration,
    headers,
  };
  const bl = await baselines(b, opts, first.json);
  const api = await measured(opts, warmupSeconds(b));
  const r = ratios(api, bl);
  return {
    scenario: name,
    status: 'DONE',
    runs: [{ label: 'api (cache warm)', result: api }],
    baselines: bl,
    ratio: r,
    targets: [
      { measure: 'rps / bare Express', target: '≥ 0.5', actual: `${r.vsExpress}`, pass: r.vsExpress >= 0.5 },
      { measure: 'p99', target: '< 25 ms', actual: ms(api.p99), pass: api.p99 < 25 },
      {
        measure: 'errors + non-2xx',
        target: '0',
        actual: `${api.errors + api.non2xx}`,
        pass: api.errors + api.non2xx === 0,
      },
    ],
    details: { bodyBytes: first.text.length, productId },
  };
}

export const productGet: Scenario = { name: 'product-get', run };
