// Amounts in the currency's ISO-4217 minor digits (contract part 2, "Money, again"): a JPY
// store shows "1500", a KWD store "1.250" and keeps its fils exactly (storage, filters,
// facets); input may carry extra zeros, any other digit beyond the currency's is a 400.
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { ownerQuery } from '../helpers/db';

let t: TestApp;
let USD: SignedUpTenant;
let JPY: SignedUpTenant;
let KWD: SignedUpTenant;
beforeAll(async () => {
  t = await makeTestApp();
  [USD, JPY, KWD] = await Promise.all([
    signUpTenant(t.app),
    signUpTenant(t.app, { currency: 'JPY' }),
    signUpTenant(t.app, { currency: 'KWD' }),
  ]);
});
afterAll(async () => t.close());

const key = (tn: SignedUpTenant) => ({ 'X-API-Key': tn.apiKey });
let seq = 0;
const sku = () => `MD-${process.pid}-${++seq}`;
const create = (tn: SignedUpTenant, body: Record<string, unknown>) =>
  request(t.app)
    .post('/api/v1/products')
    .set(key(tn))
    .send({ name: 'Tea', sku: sku(), initialQuantity: 3, ...body });

const issuePaths = (res: request.Response): string[] =>
  res.body.error.details.issues.map((i: { path: string }) => i.path);

describe('product amounts in the currency digits', () => {
  it('a JPY product shows "1500" everywhere (input "1500.00" is the same amount)', async () => {
    const res = await create(JPY, { price: '1500.00' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      price: '1500',
      currency: 'JPY',
      priceRange: { min: '1500', max: '1500' },
      variants: [{ price: '1500', compareAtPrice: null }],
    });
    const got = await request(t.app).get(`/api/v1/products/${res.body.data.id}`).set('X-Tenant', JPY.subdomain);
    expect(got.body.data.price).toBe('1500');
    const list = await request(t.app).get('/api/v1/products?facets=price').set(key(JPY));
    expect(list.status).toBe(200);
    expect(list.body.data.map((p: { price: string }) => p.price)).toEqual(['1500']);
    expect(list.body.meta.facets.price).toEqual({ min: '1500', max: '1500' });
  });

  it('a KWD product shows "1.250"; odd fils ("1.255") are kept exactly, in filters and facets too', async () => {
    const even = await create(KWD, { price: 1.25 });
    expect(even.status).toBe(201);
    expect(even.body.data).toMatchObject({
      price: '1.250',
      currency: 'KWD',
      priceRange: { min: '1.250', max: '1.250' },
    });
    const odd = await create(KWD, { price: '1.255' });
    expect(odd.status).toBe(201);
    expect(odd.body.data.price).toBe('1.255');
    const [row] = await ownerQuery<{ price: string }>('SELECT price::text AS price FROM products WHERE id = $1', [
      odd.body.data.id,
    ]);
    expect(row).toEqual({ price: '1.255' });

    const list = await request(t.app).get('/api/v1/products?facets=price&sort=price').set(key(KWD));
    expect(list.body.data.map((p: { price: string }) => p.price)).toEqual(['1.250', '1.255']);
    expect(list.body.meta.facets.price).toEqual({ min: '1.250', max: '1.255' });
    const above = await request(t.app).get('/api/v1/products?minPrice=1.251').set(key(KWD));
    expect(above.status).toBe(200);
    expect(above.body.data.map((p: { id: string }) => p.id)).toEqual([odd.body.data.id]);
  });

  it.each([
    ['JPY', '12.5', () => JPY],
    ['JPY', 1500.5, () => JPY],
    ['USD', '12.345', () => USD],
    ['USD', 12.345, () => USD],
    ['KWD', '1.2345', () => KWD],
  ])(
    '%s refuses a price with a digit beyond the currency (%p): 400 at price, nothing written',
    async (_c, price, tn) => {
      const s = sku();
      const res = await create(tn(), { sku: s, price });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(issuePaths(res)).toContain('price');
      expect(await ownerQuery('SELECT 1 FROM product_variants WHERE sku = $1', [s])).toHaveLength(0);
    },
  );

  it('price filters follow the same rule', async () => {
    const res = await request(t.app).get('/api/v1/products?minPrice=10.5').set(key(JPY));
    expect(res.status).toBe(400);
    expect(issuePaths(res)).toEqual(['minPrice']);
    expect((await request(t.app).get('/api/v1/products?maxPrice=10.00').set(key(JPY))).status).toBe(200);
  });
});

describe('shipping rates in the currency digits', () => {
  it('a JPY rate shows "500"; "500.5" is a 400 at its path', async () => {
    const ok = await request(t.app)
      .post('/api/v1/shipping-zones')
      .set(key(JPY))
      .send({ name: 'Japan', countries: ['JP'], rates: [{ name: 'Standard', amount: '500.00', freeAbove: 5000 }] });
    expect(ok.status).toBe(201);
    expect(ok.body.data.rates).toEqual([
      { id: expect.any(String), name: 'Standard', amount: '500', freeAbove: '5000' },
    ]);
    const bad = await request(t.app)
      .post('/api/v1/shipping-zones')
      .set(key(JPY))
      .send({ name: 'Korea', countries: ['KR'], rates: [{ name: 'Standard', amount: '500.5' }] });
    expect(bad.status).toBe(400);
    expect(issuePaths(bad)).toEqual(['rates.0.amount']);
  });

  it('a KWD rate keeps its fils: "0.750"', async () => {
    const res = await request(t.app)
      .post('/api/v1/shipping-zones')
      .set(key(KWD))
      .send({ name: 'Kuwait', countries: ['KW'], rates: [{ name: 'Courier', amount: 0.75, minSubtotal: '1.005' }] });
    expect(res.status).toBe(201);
    expect(res.body.data.rates[0]).toMatchObject({ amount: '0.750', minSubtotal: '1.005' });
  });
});
