/* global __ENV */
// webhook-fanout: product.created events fanned out to ENDPOINTS endpoints at RECEIVER_URL
// (a fast receiver you run, answering 2xx; it must be an https public URL unless the
// deployment sets WEBHOOK_ALLOW_PRIVATE_URLS=true). Events are created by the VUs; teardown
// polls the deliveries API until every delivery SUCCEEDED and reports deliveries/s.
// SLO / target: ≥ 1000 deliveries/s, every delivery succeeds within the run.
import http from 'k6/http';
import { check, fail, sleep } from 'k6';
import { Gauge } from 'k6/metrics';
import { API, benchTenant, createProduct, json } from './lib/common.js';

const EVENTS = Number(__ENV.EVENTS || 500);
const ENDPOINTS = Number(__ENV.ENDPOINTS || 10);
const rate = new Gauge('webhook_deliveries_per_s');
const delivered = new Gauge('webhook_deliveries_succeeded');

export const options = {
  scenarios: {
    events: { executor: 'shared-iterations', vus: 20, iterations: EVENTS, maxDuration: '5m' },
  },
  thresholds: {
    webhook_deliveries_per_s: ['value>=1000'],
    webhook_deliveries_succeeded: [`value>=${EVENTS * ENDPOINTS}`],
    http_req_failed: ['rate<0.001'],
  },
  teardownTimeout: '10m',
};

export function setup() {
  if (!__ENV.RECEIVER_URL) fail('set RECEIVER_URL to your fast webhook receiver');
  const tenant = benchTenant();
  const endpoints = [];
  for (let i = 0; i < ENDPOINTS; i++) {
    const res = http.post(
      `${API}/webhook-endpoints`,
      JSON.stringify({ url: `${__ENV.RECEIVER_URL.replace(/\/$/, '')}/hook/${i}`, events: ['product.created'] }),
      json({ 'X-API-Key': tenant.apiKey }),
    );
    if (res.status !== 201) fail(`create endpoint: ${res.status} ${res.body}`);
    endpoints.push(res.json('data.id'));
  }
  return { tenant, endpoints, start: Date.now() };
}

export default function (data) {
  createProduct(data.tenant);
}

function succeeded(data) {
  let total = 0;
  for (const id of data.endpoints) {
    const res = http.get(`${API}/webhook-endpoints/${id}/deliveries?status=SUCCEEDED&limit=1`, {
      headers: { 'X-API-Key': data.tenant.apiKey },
    });
    total += Number(res.json('meta.total') || 0);
  }
  return total;
}

export function teardown(data) {
  const expected = EVENTS * ENDPOINTS;
  let n = succeeded(data);
  const deadline = Date.now() + 9 * 60 * 1000;
  while (n < expected && Date.now() < deadline) {
    sleep(1);
    n = succeeded(data);
  }
  const seconds = (Date.now() - data.start) / 1000;
  delivered.add(n);
  rate.add(n / seconds);
  check(n, { 'every delivery succeeded': (v) => v >= expected });
  console.log(
    `${n}/${expected} deliveries succeeded in ${seconds.toFixed(1)} s = ${(n / seconds).toFixed(0)}/s (end to end, incl. event creation)`,
  );
}
