/* global __ENV */
// Shared k6 helpers: profiles (smoke/load/stress), SLO thresholds, and seeding through the
// public API. Environment:
//   BASE_URL        e.g. https://api.example.com (required; no trailing slash)
//   PROFILE         smoke | load | stress (default smoke)
//   TENANT, API_KEY an existing bench tenant's subdomain and secret key (sk_…); when unset,
//                   setup() signs up a fresh tenant through POST /api/v1/tenants
//   LATENCY_SLACK_MS added to every latency threshold (network RTT between k6 and the API)
import http from 'k6/http';
import { check, fail } from 'k6';

export const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:3000').replace(/\/$/, '');
export const API = `${BASE_URL}/api/v1`;
export const PROFILE = __ENV.PROFILE || 'smoke';
const SLACK = Number(__ENV.LATENCY_SLACK_MS || 0);

/** Latency objectives of docs/slo.md, in ms (server-side objectives + the operator's slack). */
export const SLO = {
  productGet: { p95: 25, p99: 100 },
  productList: { p95: 50, p99: 250 },
  orderCreate: { p95: 100, p99: 250 },
  availability: 0.999,
};

export const ms = (n) => n + SLACK;

/** A constant-arrival-rate scenario sized by PROFILE: smoke (1 min, low), load, stress (ramping). */
export function scenarioFor(profile, rates, exec = 'default') {
  if (profile === 'smoke') {
    return { executor: 'constant-vus', vus: 2, duration: '1m', exec, tags: { profile } };
  }
  if (profile === 'load') {
    return {
      executor: 'constant-arrival-rate',
      rate: rates.load,
      timeUnit: '1s',
      duration: '10m',
      preAllocatedVUs: Math.ceil(rates.load / 10),
      maxVUs: rates.load * 2,
      exec,
      tags: { profile },
    };
  }
  if (profile === 'stress') {
    return {
      executor: 'ramping-arrival-rate',
      startRate: rates.load,
      timeUnit: '1s',
      preAllocatedVUs: rates.load,
      maxVUs: rates.stress * 2,
      stages: [
        { target: rates.load, duration: '2m' },
        { target: rates.stress, duration: '5m' },
        { target: rates.stress, duration: '5m' },
        { target: 0, duration: '1m' },
      ],
      exec,
      tags: { profile },
    };
  }
  fail(`unknown PROFILE ${profile} (smoke | load | stress)`);
}

/** Stress runs look for the breaking point: keep errors visible but don't abort on latency. */
export function latencyThresholds(slo) {
  const t = [`p(95)<${ms(slo.p95)}`, `p(99)<${ms(slo.p99)}`];
  return PROFILE === 'stress' ? t.map((x) => ({ threshold: x, abortOnFail: false })) : t;
}

export const json = (headers = {}) => ({ headers: Object.assign({ 'Content-Type': 'application/json' }, headers) });

export function uniq() {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1e9).toString(36)}`;
}

function must(res, status, what) {
  if (!check(res, { [`${what}: ${status}`]: (r) => r.status === status })) {
    fail(`${what}: HTTP ${res.status} ${String(res.body).slice(0, 300)}`);
  }
  return res.json('data');
}

export const PASSWORD = 'k6-bench-password-Correct-Horse-1';

/** The bench tenant: TENANT/API_KEY from the environment, or a new one signed up here. */
export function benchTenant() {
  if (__ENV.TENANT && __ENV.API_KEY) return { subdomain: __ENV.TENANT, apiKey: __ENV.API_KEY };
  const subdomain = `k6-${uniq()}`;
  const body = {
    name: `k6 ${subdomain}`,
    subdomain,
    admin: { email: `admin-${uniq()}@example.com`, password: PASSWORD },
  };
  const d = must(http.post(`${API}/tenants`, JSON.stringify(body), json()), 201, 'sign up tenant');
  return { subdomain, apiKey: d.apiKey, id: d.tenant.id };
}

export function createProduct(tenant, extra = {}) {
  const id = uniq();
  const body = Object.assign(
    {
      name: `k6 product ${id}`,
      sku: `K6-${id}`,
      price: '19.99',
      category: 'k6',
      description: 'Created by a k6 load test',
      initialQuantity: 1000,
      lowStockThreshold: 0,
    },
    extra,
  );
  return must(
    http.post(`${API}/products`, JSON.stringify(body), json({ 'X-API-Key': tenant.apiKey })),
    201,
    'create product',
  );
}

/** Registers a customer through X-Tenant and logs in; returns the access token. */
export function customerToken(tenant) {
  const email = `k6-${uniq()}@example.com`;
  const h = json({ 'X-Tenant': tenant.subdomain });
  must(
    http.post(`${API}/auth/register`, JSON.stringify({ email, password: PASSWORD, name: 'k6' }), h),
    201,
    'register',
  );
  return must(http.post(`${API}/auth/login`, JSON.stringify({ email, password: PASSWORD }), h), 200, 'login')
    .accessToken;
}

export const ADDRESS = { line1: '1 Load Street', city: 'Springfield', postalCode: '12345', country: 'US' };
