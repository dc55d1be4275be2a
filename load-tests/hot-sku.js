/* global __ENV */
// hot-sku: 1000 concurrent single-unit orders (1000 VUs, one iteration each) on a product with
// 100 in stock. Pass: exactly 100 created (201), the rest 409 INSUFFICIENT_STOCK, no 5xx,
// final stock 0. Profiles do not apply (the burst is the test).
import http from 'k6/http';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import exec from 'k6/execution';
import { ADDRESS, API, benchTenant, createProduct, customerToken, json } from './lib/common.js';

const N = Number(__ENV.ORDERS || 1000);
const STOCK = Number(__ENV.STOCK || 100);
const created = new Counter('hot_sku_created');
const conflicts = new Counter('hot_sku_409');
const serverErrors = new Counter('hot_sku_5xx');

export const options = {
  scenarios: {
    burst: { executor: 'per-vu-iterations', vus: N, iterations: 1, maxDuration: '60s' },
  },
  thresholds: {
    hot_sku_created: [`count==${STOCK}`],
    hot_sku_5xx: ['count==0'],
    'iteration_duration{scenario:burst}': ['max<3000'],
    checks: ['rate==1'],
  },
};

export function setup() {
  const tenant = benchTenant();
  const product = createProduct(tenant, { initialQuantity: STOCK, price: '9.99' });
  const tokens = [];
  for (let i = 0; i < 10; i++) tokens.push(customerToken(tenant));
  return { apiKey: tenant.apiKey, productId: product.id, tokens, run: `${Date.now()}` };
}

export default function (data) {
  const n = exec.vu.idInTest;
  const body = { items: [{ productId: data.productId, quantity: 1 }], shippingAddress: ADDRESS };
  const res = http.post(
    `${API}/orders`,
    JSON.stringify(body),
    json({ Authorization: `Bearer ${data.tokens[n % data.tokens.length]}`, 'Idempotency-Key': `hot-${data.run}-${n}` }),
  );
  if (res.status === 201) created.add(1);
  else if (res.status === 409) conflicts.add(1);
  else if (res.status >= 500) serverErrors.add(1);
  check(res, {
    '201 or 409 INSUFFICIENT_STOCK': (r) =>
      r.status === 201 || (r.status === 409 && r.json('error.code') === 'INSUFFICIENT_STOCK'),
  });
}

export function teardown(data) {
  const res = http.get(`${API}/products/${data.productId}`, { headers: { 'X-API-Key': data.apiKey } });
  check(res, { 'final stock is 0': (r) => r.json('data.inventory.quantity') === 0 });
}
