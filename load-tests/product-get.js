// product-get: public GET /api/v1/products/:id with X-Tenant (cache warm after the first hit).
// SLO: p95 < 25 ms, p99 < 100 ms (+ LATENCY_SLACK_MS), availability 99.9 %.
//   k6 run -e BASE_URL=https://staging.example.com -e PROFILE=load load-tests/product-get.js
import http from 'k6/http';
import { check } from 'k6';
import { API, PROFILE, SLO, benchTenant, createProduct, latencyThresholds, scenarioFor } from './lib/common.js';

export const options = {
  scenarios: { product_get: scenarioFor(PROFILE, { load: 200, stress: 1500 }) },
  thresholds: {
    http_req_failed: [`rate<${(1 - SLO.availability).toFixed(4)}`],
    'http_req_duration{name:product-get}': latencyThresholds(SLO.productGet),
    checks: ['rate>0.999'],
  },
};

export function setup() {
  const tenant = benchTenant();
  const ids = [];
  for (let i = 0; i < 20; i++) ids.push(createProduct(tenant).id);
  return { tenant: tenant.subdomain, ids };
}

export default function (data) {
  const id = data.ids[Math.floor(Math.random() * data.ids.length)];
  const res = http.get(`${API}/products/${id}`, {
    headers: { 'X-Tenant': data.tenant },
    tags: { name: 'product-get' },
  });
  check(res, { 'status 200': (r) => r.status === 200, 'is the product': (r) => r.json('data.id') === id });
}
