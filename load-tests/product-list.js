/* global __ENV */
// product-list: public filtered + sorted list page (category, price range, sort=-price).
// A distinct maxPrice per request defeats the list cache, so the database path is measured.
// For the 100k-products case point TENANT at a tenant that has that many (seeded by the
// operator); the script's own tenant only gets SEED_PRODUCTS (default 200).
// SLO: p95 < 50 ms, p99 < 250 ms (+ LATENCY_SLACK_MS), availability 99.9 %.
import http from 'k6/http';
import { check } from 'k6';
import { API, PROFILE, SLO, benchTenant, createProduct, latencyThresholds, scenarioFor } from './lib/common.js';

export const options = {
  scenarios: { product_list: scenarioFor(PROFILE, { load: 100, stress: 800 }) },
  thresholds: {
    http_req_failed: [`rate<${(1 - SLO.availability).toFixed(4)}`],
    'http_req_duration{name:product-list}': latencyThresholds(SLO.productList),
    checks: ['rate>0.999'],
  },
};

export function setup() {
  const tenant = benchTenant();
  const seed = __ENV.TENANT ? 0 : Number(__ENV.SEED_PRODUCTS || 200);
  for (let i = 0; i < seed; i++) {
    createProduct(tenant, { price: (((i * 7919) % 99900) / 100 + 1).toFixed(2), category: `cat-${i % 20}` });
  }
  return { tenant: tenant.subdomain };
}

export default function (data) {
  const maxPrice = (500 + Math.random() * 499).toFixed(2);
  const url = `${API}/products?category=cat-3&minPrice=5.00&maxPrice=${maxPrice}&sort=-price&limit=20`;
  const res = http.get(url, { headers: { 'X-Tenant': data.tenant }, tags: { name: 'product-list' } });
  check(res, {
    'status 200': (r) => r.status === 200,
    'a page with meta': (r) => Array.isArray(r.json('data')) && r.json('meta.limit') === 20,
  });
}
