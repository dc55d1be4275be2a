// Seeding through the public API (fetch on 127.0.0.1): tenants, products, customers,
// webhook endpoints. Every call checks its status and throws with the body otherwise.
import { randomBytes } from 'node:crypto';

export const PASSWORD = 'bench-password-Correct-Horse-1';
export const ADDRESS = { line1: '1 Bench Street', city: 'Springfield', postalCode: '12345', country: 'US' };

export interface Tenant {
  id: string;
  subdomain: string;
  apiKey: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
  }
}

export const uniq = (): string => randomBytes(5).toString('hex');

export async function call(
  base: string,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: unknown; expect?: number[] } = {},
): Promise<{ status: number; text: string; json: { data?: unknown } & Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...opts.headers },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  const expect = opts.expect ?? [200, 201];
  if (!expect.includes(res.status)) throw new ApiError(res.status, text, `${method} ${path}`);
  return { status: res.status, text, json: text ? JSON.parse(text) : {} };
}

/** 404 means the route is not there yet (the scenario is SKIPPED); anything else is a real answer. */
export async function routeExists(base: string, method: string, path: string, headers = {}): Promise<boolean> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: method === 'GET' ? undefined : '{}',
  });
  await res.text();
  if (res.status !== 404) return true;
  return false;
}

export async function signUpTenant(base: string, prefix = 'bench'): Promise<Tenant> {
  const subdomain = `${prefix}-${uniq()}`;
  const r = await call(base, 'POST', '/api/v1/tenants', {
    body: {
      name: `Bench ${subdomain}`,
      subdomain,
      admin: { email: `admin-${uniq()}@example.com`, password: PASSWORD },
    },
  });
  const d = r.json.data as { tenant: { id: string }; apiKey: string };
  return { id: d.tenant.id, subdomain, apiKey: d.apiKey };
}

export interface ProductSpec {
  name?: string;
  sku?: string;
  price?: string;
  category?: string;
  initialQuantity?: number;
  lowStockThreshold?: number;
}

export function productBody(s: ProductSpec = {}): Record<string, unknown> {
  const id = uniq();
  return {
    name: s.name ?? `Bench product ${id}`,
    sku: s.sku ?? `SKU-${id}`,
    price: s.price ?? '19.99',
    description: 'A product created by npm run bench.',
    category: s.category ?? 'bench',
    initialQuantity: s.initialQuantity ?? 1000,
    lowStockThreshold: s.lowStockThreshold ?? 0,
  };
}

/**
 * The same product with Size (S, M, L) × Color (Black, White) variants, prices stepping 2.00 per
 * size: the shape a quarter of the bulk-seeded products have (bench/lib/seed.ts).
 */
export function variantProductBody(s: ProductSpec = {}): Record<string, unknown> {
  const { sku, price, initialQuantity, lowStockThreshold, ...rest } = productBody(s);
  const sizes = ['S', 'M', 'L'];
  const colors = ['Black', 'White'];
  const variants = sizes.flatMap((size, si) =>
    colors.map((color, ci) => ({
      sku: `${String(sku)}-${si * colors.length + ci + 1}`,
      price: (Number(price) + 2 * si).toFixed(2),
      optionValues: { Size: size, Color: color },
      initialQuantity,
      lowStockThreshold,
    })),
  );
  return {
    ...rest,
    options: [
      { name: 'Size', values: sizes },
      { name: 'Color', values: colors },
    ],
    variants,
  };
}

export async function createProduct(base: string, t: Tenant, s: ProductSpec = {}): Promise<{ id: string }> {
  const r = await call(base, 'POST', '/api/v1/products', { headers: { 'x-api-key': t.apiKey }, body: productBody(s) });
  return r.json.data as { id: string };
}

export interface Customer {
  email: string;
  accessToken: string;
}

export async function registerCustomer(base: string, t: Tenant): Promise<Customer> {
  const email = `customer-${uniq()}@example.com`;
  const h = { 'x-tenant': t.subdomain };
  await call(base, 'POST', '/api/v1/auth/register', {
    headers: h,
    body: { email, password: PASSWORD, name: 'Bench Customer' },
  });
  const r = await call(base, 'POST', '/api/v1/auth/login', { headers: h, body: { email, password: PASSWORD } });
  return { email, accessToken: (r.json.data as { accessToken: string }).accessToken };
}

/** Runs fn(i) for i in [0, n) with at most `limit` in flight. */
export async function pool<T>(n: number, limit: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await fn(i);
      }
    }),
  );
  return out;
}
