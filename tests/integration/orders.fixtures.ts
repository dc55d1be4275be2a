// Shared fixtures for the orders and payments tests: products (through the catalog API when
// it is mounted, else inserted as the owner), products with variants, stock reads and order bodies.
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
  // Catalog routes not mounted (yet): insert directly, with its one Default variant.
  const id = randomUUID();
  await ownerQuery(
    `INSERT INTO products (id, tenant_id, name, sku, price, image_urls, handle, updated_at)
     VALUES ($1,$2,$3,$4,$5,'{}',lower($4),now())`,
    [id, t.tenantId, name, sku, p.price],
  );
  await ownerQuery(
    `WITH v AS (INSERT INTO product_variants (id, tenant_id, product_id, sku, title, price, updated_at)
                VALUES (gen_random_uuid(), $2, $1, $5, 'Default', $6, now()) RETURNING id)
     INSERT INTO inventory (variant_id, product_id, tenant_id, on_hand, low_stock_threshold, updated_at)
     SELECT v.id, $1, $2, $3, $4, now() FROM v`,
    [id, t.tenantId, p.quantity, p.threshold ?? 0, sku, p.price],
  );
  return { id, sku, price: p.price };
}

/** A one-variant product's available stock (part 1's quantity). */
export async function stockOf(productId: string): Promise<number> {
  const rows = await ownerQuery<{ available: number }>('SELECT available FROM inventory WHERE product_id = $1', [
    productId,
  ]);
  return rows[0]!.available;
}

export interface VariantStock {
  onHand: number;
  reserved: number;
  available: number;
}

/** A variant's stock row. */
export async function variantStock(variantId: string): Promise<VariantStock> {
  const rows = await ownerQuery<{ onHand: number; reserved: number; available: number }>(
    'SELECT on_hand AS "onHand", reserved, available FROM inventory WHERE variant_id = $1',
    [variantId],
  );
  return rows[0]!;
}

export interface TestVariant {
  id: string;
  sku: string;
  title: string;
  price: string;
  optionValues: Record<string, string>;
}

/**
 * A product with a Size option and one variant per entry (through POST /products with
 * `options` and `variants`).
 */
export async function createVariantProduct(
  app: Express,
  t: SignedUpTenant,
  variants: Array<{ size: string; price: string; quantity: number; threshold?: number }>,
  name?: string,
): Promise<{ id: string; name: string; variants: TestVariant[] }> {
  const tag = randomBytes(5).toString('hex');
  const productName = name ?? `Shirt ${tag}`;
  const res = await request(app)
    .post('/api/v1/products')
    .set('X-API-Key', t.apiKey)
    .send({
      name: productName,
      options: [{ name: 'Size', values: variants.map((v) => v.size) }],
      variants: variants.map((v) => ({
        sku: `VAR-${tag}-${v.size}`,
        price: v.price,
        optionValues: { Size: v.size },
        initialQuantity: v.quantity,
        lowStockThreshold: v.threshold ?? 0,
      })),
    });
  if (res.status !== 201) throw new Error(`create variant product: ${res.status} ${JSON.stringify(res.body)}`);
  const data = res.body.data as { id: string; variants: TestVariant[] };
  return {
    id: data.id,
    name: productName,
    variants: data.variants.map((v) => ({
      id: v.id,
      sku: v.sku,
      title: v.title,
      price: v.price,
      optionValues: v.optionValues,
    })),
  };
}

export async function outboxTypes(tenantId: string, orderId?: string): Promise<string[]> {
  const rows = await ownerQuery<{ type: string }>(
    `SELECT type FROM outbox_events WHERE tenant_id = $1 AND ($2::text IS NULL OR payload->'data'->>'id' = $2 OR payload->'data'->>'orderId' = $2)
     ORDER BY created_at, id`,
    [tenantId, orderId ?? null],
  );
  return rows.map((r) => r.type);
}

export const orderBody = (
  items: Array<{ productId?: string; variantId?: string; quantity: number }>,
  customerId?: string,
) => ({
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
