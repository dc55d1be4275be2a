// Shared by order-create and hot-sku: one tenant, well-stocked products, signed-in customers.
import { ADDRESS, call, createProduct, pool, registerCustomer, signUpTenant, type Tenant } from '../lib/api';
import type { BenchEnv } from '../lib/env';
import type { LoadOptions } from '../lib/load';

export interface OrdersFixture {
  tenant: Tenant;
  productIds: string[];
  tokens: string[];
  /** null: POST /orders works; otherwise why the scenario is skipped. */
  missing: string | null;
}

// One customer's orders serialize on the customer's row (the unpaid-order cap's counter,
// MAX_PENDING_ORDERS_PER_CUSTOMER), so the load comes from many customers, as in a real sale:
// 10 customers would each be placing ~50 orders/s.
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 200);
const PRODUCTS = 50;

let fixture: Promise<OrdersFixture> | undefined;

export const orderBody = (productId: string): string =>
  JSON.stringify({ items: [{ productId, quantity: 1 }], shippingAddress: ADDRESS });

async function build(b: BenchEnv): Promise<OrdersFixture> {
  const tenant = await signUpTenant(b.apiUrl, 'orders');
  const empty = { tenant, productIds: [], tokens: [] };
  const probe = await call(b.apiUrl, 'POST', '/api/v1/orders', {
    headers: { 'x-api-key': tenant.apiKey },
    body: {},
    expect: [400, 401, 403, 404, 422],
  });
  if (probe.status === 404) return { ...empty, missing: 'POST /api/v1/orders does not exist yet' };
  const reg = await call(b.apiUrl, 'POST', '/api/v1/auth/register', {
    headers: { 'x-tenant': tenant.subdomain },
    body: {},
    expect: [400, 404, 422],
  });
  if (reg.status === 404) return { ...empty, missing: 'POST /api/v1/auth/register does not exist yet' };
  const productIds = (
    await pool(PRODUCTS, 8, () => createProduct(b.apiUrl, tenant, { initialQuantity: 10_000_000, price: '12.50' }))
  ).map((p) => p.id);
  const tokens = (await pool(CUSTOMERS, 4, () => registerCustomer(b.apiUrl, tenant))).map((c) => c.accessToken);
  return { tenant, productIds, tokens, missing: null };
}

export function ordersFixture(b: BenchEnv): Promise<OrdersFixture> {
  fixture ??= build(b);
  return fixture;
}

/**
 * Closed-loop POST /orders load: the fixture's customers in turn, a unique Idempotency-Key per
 * request (`keyPrefix-i`), the i-th request's body from `bodyOf(i)`.
 */
export function orderLoad(
  b: BenchEnv,
  f: OrdersFixture,
  keyPrefix: string,
  bodyOf: (i: number) => string,
): LoadOptions {
  let n = 0;
  return {
    url: `${b.apiUrl}/api/v1/orders`,
    method: 'POST',
    connections: b.settings.connections,
    duration: b.settings.duration,
    headers: { 'content-type': 'application/json' },
    setupRequest: (req) => {
      const i = n++;
      return {
        ...req,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${f.tokens[i % f.tokens.length]}`,
          'idempotency-key': `${keyPrefix}-${i}`,
        },
        body: bodyOf(i),
      };
    },
  };
}
