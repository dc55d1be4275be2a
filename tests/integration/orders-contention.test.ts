// Stock under contention: never oversold, no deadlocks, no 5xx. Requests go over real HTTP
// to one listening server (up to 200 connections at once), with a larger database pool.
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { registerCustomer, type TestUser } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { createProduct, orderBody, stockOf } from './orders.fixtures';

let t: TestApp;
let server: Server;
let base: string;
let tenant: SignedUpTenant;
let customer: TestUser;

beforeAll(async () => {
  t = await makeTestApp({ DATABASE_POOL_MAX: '40' });
  server = t.app.listen(0, '127.0.0.1');
  await new Promise<void>((r) => server.once('listening', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  tenant = await signUpTenant(t.app);
  customer = await registerCustomer(t.app, tenant);
});
afterAll(async () => {
  agent.destroy();
  await new Promise<void>((r) => server.close(() => r()));
  await t.close();
});

// All requests are issued at once; the agent caps open sockets so a loaded machine's listen
// backlog never resets connections (the app still sees ~200 concurrent requests).
const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });

function post(body: unknown): Promise<{ status: number; code?: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}/api/v1/orders`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${customer.accessToken}`,
        },
      },
      (res) => {
        let raw = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (raw += c));
        res.on('end', () => {
          const json = JSON.parse(raw) as { error?: { code?: string } };
          resolve({ status: res.statusCode ?? 0, code: json.error?.code });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

const tally = (rs: Array<{ status: number }>) =>
  rs.reduce<Record<number, number>>((m, r) => ((m[r.status] = (m[r.status] ?? 0) + 1), m), {});

it('1000 concurrent single-unit orders on 100 in stock: exactly 100 created, 900 × 409 INSUFFICIENT_STOCK, stock 0', async () => {
  const p = await createProduct(t.app, tenant, { price: '9.99', quantity: 100 });
  const results = await Promise.all(
    Array.from({ length: 1000 }, () => post(orderBody([{ productId: p.id, quantity: 1 }]))),
  );
  expect(tally(results)).toEqual({ 201: 100, 409: 900 });
  expect(results.filter((r) => r.status === 409).every((r) => r.code === 'INSUFFICIENT_STOCK')).toBe(true);
  expect(await stockOf(p.id)).toBe(0);
  const [n] = await ownerQuery<{ n: number; units: number }>(
    'SELECT count(*)::int AS n, coalesce(sum(quantity), 0)::int AS units FROM order_items WHERE product_id = $1',
    [p.id],
  );
  expect(n).toEqual({ n: 100, units: 100 });
}, 120_000);

it('multi-line orders with lines in opposite orders, concurrently: no deadlock, no 5xx, stock consistent', async () => {
  const a = await createProduct(t.app, tenant, { price: '1.00', quantity: 150 });
  const b = await createProduct(t.app, tenant, { price: '2.00', quantity: 150 });
  const c = await createProduct(t.app, tenant, { price: '3.00', quantity: 150 });
  const orders = Array.from({ length: 300 }, (_, i) => {
    const lines = [
      { productId: a.id, quantity: 1 },
      { productId: b.id, quantity: 1 },
      { productId: c.id, quantity: 1 },
    ];
    return orderBody(i % 2 === 0 ? lines : [...lines].reverse());
  });
  const results = await Promise.all(orders.map(post));
  const counts = tally(results);
  expect(Object.keys(counts).every((s) => Number(s) < 500)).toBe(true);
  expect(counts[201]).toBe(150);
  expect(counts[409]).toBe(150);
  for (const p of [a, b, c]) expect(await stockOf(p.id)).toBe(0);
  const logs = t.logs.filter((l) => l.includes('deadlock'));
  expect(logs).toEqual([]);
}, 120_000);
