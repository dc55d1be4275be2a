/* global __ENV */
// checkout: full guest checkouts, as the bench's `checkout` scenario (bench/scenarios/checkout.ts):
// POST /carts with one item (X-Tenant), PATCH e-mail + shipping address, GET shipping-rates,
// POST shipping-method, POST complete (Idempotency-Key). Each iteration is one checkout with a
// distinct guest e-mail. setup() creates 20 products (10M stock), a US/CA shipping zone with two
// rates and a US tax rate (skip those with ZONE=0 when the tenant already has them).
// SLO per step: p95 < 30 ms (+ LATENCY_SLACK_MS); no failed checkout. The bench target
// (single box): ≥ 0.5 × the POST /orders rate, p95 < 30 ms per step at 50 checkouts/s.
// Orders are real: use a staging deployment or a dedicated bench tenant.
import http from 'k6/http';
import { check, fail } from 'k6';
import exec from 'k6/execution';
import { ADDRESS, API, PROFILE, benchTenant, createProduct, json, ms, scenarioFor } from './lib/common.js';

const STEPS = ['create-cart', 'set-address', 'list-rates', 'set-shipping', 'complete'];
const stepThreshold = () => {
  const t = [`p(95)<${ms(30)}`];
  return PROFILE === 'stress' ? t.map((x) => ({ threshold: x, abortOnFail: false })) : t;
};

export const options = {
  scenarios: { checkout: scenarioFor(PROFILE, { load: 50, stress: 200 }) },
  thresholds: Object.assign(
    {
      http_req_failed: ['rate<0.001'],
      checks: ['rate>0.999'],
    },
    ...STEPS.map((s) => ({ [`http_req_duration{name:${s}}`]: stepThreshold() })),
  ),
};

export function setup() {
  const tenant = benchTenant();
  const admin = json({ 'X-API-Key': tenant.apiKey });
  if (__ENV.ZONE !== '0') {
    const zone = {
      name: 'k6 domestic',
      countries: ['US', 'CA'],
      rates: [
        { name: 'Standard', amount: '5.00', freeAbove: '100.00' },
        { name: 'Express', amount: '15.00', minSubtotal: '1.00' },
      ],
    };
    const z = http.post(`${API}/shipping-zones`, JSON.stringify(zone), admin);
    if (z.status !== 201 && z.status !== 409) fail(`shipping zone: HTTP ${z.status} ${z.body}`);
    const tax = { country: 'US', name: 'US sales tax', rate: '8.875', appliesToShipping: true };
    const t = http.post(`${API}/tax-rates`, JSON.stringify(tax), admin);
    if (t.status !== 201 && t.status !== 409) fail(`tax rate: HTTP ${t.status} ${t.body}`);
  }
  const variants = [];
  for (let i = 0; i < 20; i++) {
    const p = createProduct(tenant, { initialQuantity: 10000000, price: '12.50' });
    variants.push(p.variants[0].id);
  }
  return { tenant: tenant.subdomain, variants, run: `${Date.now()}` };
}

export default function (data) {
  const n = exec.scenario.iterationInTest;
  const h = (name, extra = {}) =>
    Object.assign(json(Object.assign({ 'X-Tenant': data.tenant }, extra)), { tags: { name } });
  const created = http.post(
    `${API}/carts`,
    JSON.stringify({ items: [{ variantId: data.variants[n % data.variants.length], quantity: 1 }] }),
    h('create-cart'),
  );
  if (!check(created, { 'cart created': (r) => r.status === 201 })) return;
  const cart = created.json('data.id');
  const patched = http.patch(
    `${API}/carts/${cart}`,
    JSON.stringify({ email: `k6-guest-${data.run}-${n}@example.com`, shippingAddress: ADDRESS }),
    h('set-address'),
  );
  if (!check(patched, { 'address set': (r) => r.status === 200 })) return;
  const rates = http.get(`${API}/carts/${cart}/shipping-rates`, h('list-rates'));
  if (!check(rates, { 'rates listed': (r) => r.status === 200 && r.json('data.0.id') })) return;
  const method = http.post(
    `${API}/carts/${cart}/shipping-method`,
    JSON.stringify({ rateId: rates.json('data.0.id') }),
    h('set-shipping'),
  );
  if (!check(method, { 'shipping set': (r) => r.status === 200 || r.status === 201 })) return;
  const done = http.post(
    `${API}/carts/${cart}/complete`,
    null,
    h('complete', { 'Idempotency-Key': `k6-checkout-${data.run}-${n}` }),
  );
  check(done, {
    'order created': (r) => r.status === 201,
    'order is PENDING': (r) => r.json('data.order.status') === 'PENDING',
  });
}
