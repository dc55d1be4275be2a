// Shared fixtures for the orders and payments tests: products (through the catalog API when
// it is mounted, else inserted as the owner) and order bodies.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import type { SignedUpTenant } from '../helpers/app';
import { ownerQuery } from '../helpers/db';

export const address = { line1: '1 Main St', city: 'Springfield', postalCode: '12345', country: 'US' };

export interface TestProduct {
  id: string;
  sku: string;
  price: string;
}

export async function createProduct(
  app: Express,
  t: SignedUpTenant,
  p: { price: string; quantity: number; name?: string; threshold?: number },
): Promise<TestProduct> {
  const sku = `SKU-${randomBytes(5).toString('hex')}`;
  const name = p.name ?? `Product ${sku}`;
  const res = await request(app)
    .post('/api/v1/products')
    .set('X-API-Key', t.apiKey)
    .send({ name, sku, price: p.price, initialQuantity: p.quantity, lowStockThreshold: p.threshold ?? 0 });
  if (res.status === 201) return { id: res.body.data.id, sku, price: p.price };
  if (res.status !== 404) throw new Error(`create product: ${res.status} ${JSON.stringify(res.body)}`);
  // Catalog routes not mounted (yet): insert directly.
  const id = randomUUID();
  await ownerQuery(
    `INSERT INTO products (id, tenant_id, name, sku, price, image_urls, updated_at) VALUES ($1,$2,$3,$4,$5,'{}',now())`,
    [id, t.tenantId, name, sku, p.price],
  );
  await ownerQuery(
    `INSERT INTO inventory (product_id, tenant_id, quantity, low_stock_threshold, updated_at) VALUES ($1,$2,$3,$4,now())`,
    [id, t.tenantId, p.quantity, p.threshold ?? 0],
  );
  return { id, sku, price: p.price };
}

export async function stockOf(productId: string): Promise<number> {
  const rows = await ownerQuery<{ quantity: number }>('SELECT quantity FROM inventory WHERE product_id = $1', [
    productId,
  ]);
  return rows[0]!.quantity;
}

export async function outboxTypes(tenantId: string, orderId?: string): Promise<string[]> {
  const rows = await ownerQuery<{ type: string }>(
    `SELECT type FROM outbox_events WHERE tenant_id = $1 AND ($2::text IS NULL OR payload->'data'->>'id' = $2 OR payload->'data'->>'orderId' = $2)
     ORDER BY created_at, id`,
    [tenantId, orderId ?? null],
  );
  return rows.map((r) => r.type);
}

export const orderBody = (items: Array<{ productId: string; quantity: number }>, customerId?: string) => ({
  items,
  shippingAddress: address,
  ...(customerId ? { customerId } : {}),
});

/** POST /orders as a customer (bearer) or staff (API key + customerId). */
export function postOrder(
  app: Express,
  auth: { bearer?: string; apiKey?: string },
  body: unknown,
  idempotencyKey?: string,
): request.Test {
  let r = request(app).post('/api/v1/orders');
  if (auth.bearer) r = r.set('Authorization', `Bearer ${auth.bearer}`);
  if (auth.apiKey) r = r.set('X-API-Key', auth.apiKey);
  if (idempotencyKey !== undefined) r = r.set('Idempotency-Key', idempotencyKey);
  return r.send(body as object);
}
