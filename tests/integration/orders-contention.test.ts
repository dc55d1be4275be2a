// Stock under contention: never oversold, no deadlocks, no 5xx. Requests go over real HTTP
// to one listening server (up to 200 connections at once), with a larger database pool.
import http, { type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { registerCustomer, type TestUser } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';
import { createProduct, createVariantProduct, orderBody, stockOf, variantStock } from './orders.fixtures';

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

function post(
  body: unknown,
  opts: { method?: string; path?: string; apiKey?: string } = {},
): Promise<{ status: number; code?: string; id?: string }> {
  const payload = JSON.stringify(body);
  const auth: Record<string, string> = opts.apiKey
    ? { 'x-api-key': opts.apiKey }
    : { authorization: `Bearer ${customer.accessToken}` };
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${opts.path ?? '/api/v1/orders'}`,
      {
        method: opts.method ?? 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          ...auth,
        },
      },
      (res) => {
        let raw = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (raw += c));
        res.on('end', () => {
          const json = JSON.parse(raw) as { data?: { id?: string }; error?: { code?: string } };
          resolve({ status: res.statusCode ?? 0, code: json.error?.code, id: json.data?.id });
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
  const results = await Promise.all(orders.map((body) => post(body)));
  const counts = tally(results);
  expect(Object.keys(counts).every((s) => Number(s) < 500)).toBe(true);
  expect(counts[201]).toBe(150);
  expect(counts[409]).toBe(150);
  for (const p of [a, b, c]) expect(await stockOf(p.id)).toBe(0);
  const logs = t.logs.filter((l) => l.includes('deadlock'));
  expect(logs).toEqual([]);
}, 120_000);

it('1000 concurrent orders on 100 in stock of ONE variant of a multi-variant product: exactly 100, the rest 409; then cancel and fulfil move the reservation', async () => {
  const p = await createVariantProduct(t.app, tenant, [
    { size: 'S', price: '5.00', quantity: 50 },
    { size: 'M', price: '5.00', quantity: 100 },
    { size: 'L', price: '5.00', quantity: 50 },
  ]);
  const M = p.variants[1]!;
  // The staff path is uncapped (a customer's own orders are capped by MAX_PENDING_ORDERS_PER_CUSTOMER).
  const results = await Promise.all(
    Array.from({ length: 1000 }, () =>
      post(orderBody([{ variantId: M.id, quantity: 1 }], customer.id), { apiKey: tenant.apiKey }),
    ),
  );
  expect(tally(results)).toEqual({ 201: 100, 409: 900 });
  expect(results.filter((r) => r.status === 409).every((r) => r.code === 'INSUFFICIENT_STOCK')).toBe(true);
  expect(await variantStock(M.id)).toEqual({ onHand: 100, reserved: 100, available: 0 });
  for (const other of [p.variants[0]!, p.variants[2]!])
    expect(await variantStock(other.id)).toEqual({ onHand: 50, reserved: 0, available: 50 });
  const [n] = await ownerQuery<{ n: number; units: number }>(
    'SELECT count(*)::int AS n, coalesce(sum(quantity), 0)::int AS units FROM order_items WHERE variant_id = $1',
    [M.id],
  );
  expect(n).toEqual({ n: 100, units: 100 });

  // Concurrently: 20 cancelled (PENDING), 30 paid then fulfilled. Available comes back only
  // from the cancelled; fulfilled units leave on hand and reserved together.
  const ids = results.filter((r) => r.status === 201).map((r) => r.id!);
  const staff = { apiKey: tenant.apiKey };
  const cancels = ids.slice(0, 20).map((id) => post({}, { ...staff, method: 'DELETE', path: `/api/v1/orders/${id}` }));
  const fulfils = ids.slice(20, 50).map(async (id) => {
    const path = `/api/v1/orders/${id}/status`;
    const paid = await post({ status: 'PAID' }, { ...staff, method: 'PATCH', path });
    return paid.status === 200 ? post({ status: 'FULFILLED' }, { ...staff, method: 'PATCH', path }) : paid;
  });
  const moved = await Promise.all([...cancels, ...fulfils]);
  expect(tally(moved)).toEqual({ 200: 50 });
  expect(await variantStock(M.id)).toEqual({ onHand: 70, reserved: 50, available: 20 });
  expect(t.logs.filter((l) => l.includes('deadlock'))).toEqual([]);
}, 120_000);
