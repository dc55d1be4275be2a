// The artifacts integrators get from openapi.yaml: the typed SDK (built with tsc, then used
// against a running server from sign-up to a paid order), the Postman smoke collection run by
// Newman against the same server, and a check that both match the committed spec.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import { parse } from 'yaml';
import { makeTestApp, uniqueSubdomain, type TestApp } from '../helpers/app';

const ROOT = path.resolve(__dirname, '../..');
let t: TestApp;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  t = await makeTestApp();
  server = await new Promise<Server>((resolve) => {
    const s = t.app.listen(0, '127.0.0.1', () => resolve(s));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await t.close();
});

it('the committed SDK schema and Postman collections are what openapi.yaml generates', () => {
  // In a child process: openapi-typescript loads ES modules that jest's CommonJS runtime cannot.
  const check = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate-clients.ts', '--check'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(check.stderr).toBe('');
  expect(check.status).toBe(0);
});

it('the Postman collection has a request for every operation of the spec', () => {
  const spec = parse(readFileSync(path.join(ROOT, 'openapi.yaml'), 'utf8')) as { paths: Record<string, object> };
  const methods = new Set(['get', 'post', 'put', 'patch', 'delete']);
  const operations = Object.values(spec.paths).flatMap((ops) => Object.keys(ops).filter((m) => methods.has(m)));
  type Item = { item?: Item[]; request?: unknown };
  const collection = JSON.parse(
    readFileSync(path.join(ROOT, 'docs/postman/commerce-api.postman_collection.json'), 'utf8'),
  ) as Item;
  const count = (i: Item): number => (i.request ? 1 : 0) + (i.item ?? []).reduce((n, c) => n + count(c), 0);
  expect(count(collection)).toBe(operations.length);
});

it('the SDK builds and takes a store from sign-up to a paid order', async () => {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'sdk/tsconfig.json'], { cwd: ROOT });
  // The built JavaScript, typed by the source it was built from.
  const sdk = require(path.join(ROOT, 'sdk/dist/index.js')) as typeof import('../../sdk/index');

  const subdomain = uniqueSubdomain('sdk');
  const anon = sdk.createCommerceClient({ baseUrl });
  const signUp = await anon.POST('/api/v1/tenants', {
    body: {
      name: 'SDK Store',
      subdomain,
      admin: { email: `owner@${subdomain}.example.com`, password: 'correct-horse-battery' },
    },
  });
  expect(signUp.response.status).toBe(201);
  const merchant = sdk.createCommerceClient({ baseUrl, apiKey: signUp.data!.data.apiKey });

  const product = await merchant.POST('/api/v1/products', {
    body: { name: 'Trail Backpack', sku: 'BP-30L', price: '129.99', initialQuantity: 25 },
  });
  expect(product.response.status).toBe(201);
  const productId = product.data!.data.id;

  const store = sdk.createCommerceClient({ baseUrl, tenant: subdomain });
  const listed = await store.GET('/api/v1/products', { params: { query: { q: 'backpack' } } });
  expect(listed.data!.data.map((p) => p.id)).toEqual([productId]);

  const credentials = { email: 'jane@example.com', password: 'jane-secret-pass' };
  expect((await store.POST('/api/v1/auth/register', { body: { ...credentials, name: 'Jane' } })).response.status).toBe(
    201,
  );
  const login = await store.POST('/api/v1/auth/login', { body: credentials });
  const tokens = login.data!.data as { accessToken: string };
  const customer = sdk.createCommerceClient({ baseUrl, accessToken: () => tokens.accessToken });

  const order = await customer.POST('/api/v1/orders', {
    params: { header: { 'Idempotency-Key': `sdk-${subdomain}` } },
    body: {
      items: [{ productId, quantity: 2 }],
      shippingAddress: { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' },
    },
  });
  expect(order.response.status).toBe(201);
  expect(order.data!.data).toMatchObject({ status: 'PENDING', totalAmount: '259.98' });
  const orderId = order.data!.data.id;

  const paid = await merchant.PATCH('/api/v1/orders/{id}/status', {
    params: { path: { id: orderId } },
    body: { status: 'PAID' },
  });
  expect(paid.data!.data.status).toBe('PAID');
  const seen = await customer.GET('/api/v1/orders/{id}', { params: { path: { id: orderId } } });
  expect(seen.data!.data.status).toBe('PAID');

  // Errors come back typed as the error envelope.
  const missing = await customer.GET('/api/v1/orders/{id}', {
    params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
  });
  expect(missing.response.status).toBe(404);
  expect(missing.error).toMatchObject({ success: false, error: { code: 'NOT_FOUND' } });
});

it('Newman runs the Postman smoke collection from sign-up to a paid order', async () => {
  const newman = require('newman') as {
    run(o: object, cb: (err: Error | null, summary: NewmanSummary) => void): void;
  };
  interface NewmanSummary {
    run: {
      stats: { requests: { total: number; failed: number }; assertions: { total: number; failed: number } };
      failures: Array<{ error: { message: string }; source?: { name?: string } }>;
    };
  }
  const summary = await new Promise<NewmanSummary>((resolve, reject) =>
    newman.run(
      {
        collection: path.join(ROOT, 'docs/postman/smoke.postman_collection.json'),
        envVar: [{ key: 'baseUrl', value: baseUrl }],
        reporters: [],
        timeoutRequest: 10_000,
      },
      (err, s) => (err ? reject(err) : resolve(s)),
    ),
  );
  expect(summary.run.failures.map((f) => `${f.source?.name}: ${f.error.message}`)).toEqual([]);
  expect(summary.run.stats.requests).toMatchObject({ total: 8, failed: 0 });
  expect(summary.run.stats.assertions).toMatchObject({ total: 8, failed: 0 });
});
