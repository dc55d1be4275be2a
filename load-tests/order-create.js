/* global __ENV */
// order-create: customers placing 1-line orders on well-stocked products, one unique
// Idempotency-Key per request. SLO: p95 < 100 ms, p99 < 250 ms (+ LATENCY_SLACK_MS), no
// errors. (The single-box bench target is stricter: ≥ 500 orders/s, p95 < 50 ms.)
// Orders are real: use a staging deployment or a dedicated bench tenant.
import http from 'k6/http';
import { check } from 'k6';
import exec from 'k6/execution';
import {
  ADDRESS,
  API,
  PROFILE,
  SLO,
  benchTenant,
  createProduct,
  customerToken,
  json,
  latencyThresholds,
  scenarioFor,
} from './lib/common.js';

export const options = {
  scenarios: { order_create: scenarioFor(PROFILE, { load: 100, stress: 600 }) },
  thresholds: {
    http_req_failed: ['rate<0.001'],
    'http_req_duration{name:order-create}': latencyThresholds(SLO.orderCreate),
    checks: ['rate>0.999'],
  },
};

export function setup() {
  const tenant = benchTenant();
  const products = [];
  for (let i = 0; i < 20; i++) products.push(createProduct(tenant, { initialQuantity: 10000000, price: '12.50' }).id);
  const tokens = [];
  for (let i = 0; i < Number(__ENV.CUSTOMERS || 10); i++) tokens.push(customerToken(tenant));
  return { products, tokens, run: `${Date.now()}` };
}

export default function (data) {
  const n = exec.scenario.iterationInTest;
  const body = {
    items: [{ productId: data.products[n % data.products.length], quantity: 1 }],
    shippingAddress: ADDRESS,
  };
  const res = http.post(
    `${API}/orders`,
    JSON.stringify(body),
    Object.assign(
      json({
        Authorization: `Bearer ${data.tokens[n % data.tokens.length]}`,
        'Idempotency-Key': `k6-${data.run}-${n}`,
      }),
      { tags: { name: 'order-create' } },
    ),
  );
  check(res, { 'status 201': (r) => r.status === 201, 'order is PENDING': (r) => r.json('data.status') === 'PENDING' });
}
