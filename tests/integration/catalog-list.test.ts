// Product listing: pagination, sorting and filters on a seeded set, `q` search, query
// validation, and the query plans (every main list query is served by an index).
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken } from '../helpers/auth';
import { appClient, ownerQuery } from '../helpers/db';
import { pageIdsSql, type SearchFilter } from '../../src/modules/catalog/catalog.search.repository';
import type { ProductSort } from '../../src/modules/catalog/catalog.schemas';
import { listInventorySql } from '../../src/modules/inventory/inventory.repository';

interface P {
  id: string;
  name: string;
  sku: string;
  price: string;
  category: string | null;
  createdAt: string;
  isActive: boolean;
}

let t: TestApp;
let S: SignedUpTenant;
const seeded: P[] = [];
const CATS = ['books', 'games', 'garden', null];

beforeAll(async () => {
  t = await makeTestApp();
  S = await signUpTenant(t.app);
  for (let i = 0; i < 30; i++) {
    const res = await request(t.app)
      .post('/api/v1/products')
      .set('X-API-Key', S.apiKey)
      .send({
        name: `${['Alpha', 'beta', 'Gamma', 'delta', 'Omega'][i % 5]} Gadget ${String(i).padStart(2, '0')}`,
        sku: `LIST-${i}`,
        price: `${(i * 7) % 50}.${String((i * 13) % 100).padStart(2, '0')}`,
        category: CATS[i % 4],
        description: i === 7 ? 'Contains the word Zephyrine and 100% wool_blend' : `plain ${i}`,
      });
    expect(res.status).toBe(201);
    seeded.push(res.body.data);
  }
  // Distinct, known creation times (and one tie, resolved by id).
  for (let i = 0; i < seeded.length; i++) {
    const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i === 5 ? 4 : i)).toISOString();
    await ownerQuery('UPDATE products SET created_at = $2 WHERE id = $1', [seeded[i]!.id, at]);
    seeded[i]!.createdAt = at;
  }
  // Soft-delete two of them as staff (also bumps the cache version after the direct edits).
  const admin = await adminToken(t.app, S);
  for (const i of [3, 4]) {
    const del = await request(t.app)
      .delete(`/api/v1/products/${seeded[i]!.id}`)
      .set('Authorization', `Bearer ${admin}`);
    expect(del.status).toBe(204);
    seeded[i]!.isActive = false;
  }
});
afterAll(async () => t.close());

const active = () => seeded.filter((p) => p.isActive);
const cents = (s: string) => Math.round(Number(s) * 100);
const byCreated = (a: P, b: P) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
const byPrice = (a: P, b: P) => cents(a.price) - cents(b.price) || a.id.localeCompare(b.id);
const get = (qs: string, staff = false) =>
  request(t.app)
    .get(`/api/v1/products${qs}`)
    .set(staff ? { 'X-API-Key': S.apiKey } : { 'X-Tenant': S.subdomain });
const ids = (res: request.Response) => res.body.data.map((p: P) => p.id);

describe('GET /products — pagination and sorting', () => {
  it('pages through every active product exactly once with correct meta', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 5; page++) {
      const res = await get(`?limit=7&page=${page}`);
      expect(res.status).toBe(200);
      expect(res.body.meta).toEqual({ page, limit: 7, total: 28 });
      seen.push(...ids(res));
    }
    expect(seen).toHaveLength(28);
    expect(new Set(seen).size).toBe(28);
    expect(seen).toEqual(
      [...active()]
        .sort(byCreated)
        .reverse()
        .map((p) => p.id),
    );
    const beyond = await get('?limit=7&page=9');
    expect(beyond.body.data).toEqual([]);
    expect(beyond.body.meta.total).toBe(28);
  });

  it.each<[ProductSort, (a: P, b: P) => number]>([
    ['createdAt', byCreated],
    ['-createdAt', (a, b) => byCreated(b, a)],
    ['price', byPrice],
    ['-price', (a, b) => byPrice(b, a)],
  ])('sort=%s orders by that key with a stable id tie-breaker', async (sort, cmp) => {
    const res = await get(`?limit=100&sort=${sort}`);
    expect(ids(res)).toEqual([...active()].sort(cmp).map((p) => p.id));
  });

  it('sort=name orders by name ascending', async () => {
    const res = await get('?limit=100&sort=name');
    const names = res.body.data.map((p: P) => p.name);
    expect(names).toHaveLength(28);
    const rows = await ownerQuery<{ name: string }>(
      'SELECT name FROM products WHERE tenant_id = $1 AND is_active ORDER BY name, id',
      [S.tenantId],
    );
    expect(names).toEqual(rows.map((r) => r.name));
  });

  it('default is 20 per page, newest first', async () => {
    const res = await get('');
    expect(res.body.meta).toEqual({ page: 1, limit: 20, total: 28 });
    expect(ids(res)).toEqual(
      [...active()]
        .sort(byCreated)
        .reverse()
        .slice(0, 20)
        .map((p) => p.id),
    );
  });
});

describe('GET /products — filters', () => {
  it('category', async () => {
    const res = await get('?category=games&limit=100');
    expect(ids(res).sort()).toEqual(
      active()
        .filter((p) => p.category === 'games')
        .map((p) => p.id)
        .sort(),
    );
    expect(res.body.meta.total).toBe(res.body.data.length);
  });

  it('minPrice and maxPrice are inclusive bounds', async () => {
    const min = active()[2]!.price;
    const max = active()[9]!.price;
    const [lo, hi] = cents(min) <= cents(max) ? [min, max] : [max, min];
    const res = await get(`?minPrice=${lo}&maxPrice=${hi}&limit=100&sort=price`);
    const expected = active()
      .filter((p) => cents(p.price) >= cents(lo) && cents(p.price) <= cents(hi))
      .sort(byPrice)
      .map((p) => p.id);
    expect(expected.length).toBeGreaterThan(1);
    expect(ids(res)).toEqual(expected);
    expect(ids(await get(`?minPrice=${lo}&limit=100`)).length).toBe(
      active().filter((p) => cents(p.price) >= cents(lo)).length,
    );
  });

  it('q finds by partial name, case-insensitively', async () => {
    const res = await get('?q=amm&limit=100'); // "Gamma"
    expect(res.status).toBe(200);
    expect(res.body.data.map((p: P) => p.name).every((n: string) => n.startsWith('Gamma'))).toBe(true);
    expect(res.body.meta.total).toBe(active().filter((p) => p.name.startsWith('Gamma')).length);
    const upper = await get('?q=GADGET%2007');
    expect(res.status).toBe(200);
    expect(upper.body.data.map((p: P) => p.sku)).toEqual(['LIST-7']);
  });

  it('q matches SKU and description, and takes % and _ literally', async () => {
    expect((await get('?q=list-12')).body.data.map((p: P) => p.sku)).toEqual(['LIST-12']);
    expect((await get('?q=zephyr')).body.data.map((p: P) => p.sku)).toEqual(['LIST-7']);
    expect((await get('?q=100%25%20wool_')).body.data.map((p: P) => p.sku)).toEqual(['LIST-7']);
    expect((await get('?q=%25')).body.data.map((p: P) => p.sku)).toEqual(['LIST-7']);
    expect((await get('?q=_')).body.data.map((p: P) => p.sku)).toEqual(['LIST-7']);
    expect((await get('?q=no-such-thing')).body).toMatchObject({ data: [], meta: { total: 0 } });
  });

  it('combines q, category, price range and sort', async () => {
    const res = await get('?q=gadget&category=books&minPrice=0&maxPrice=49.99&sort=-price&limit=100');
    const expected = active()
      .filter((p) => p.category === 'books')
      .sort((a, b) => byPrice(b, a))
      .map((p) => p.id);
    expect(ids(res)).toEqual(expected);
  });

  it('staff isActive filter; soft-deleted products are hidden from the public list', async () => {
    const inactive = await get('?isActive=false&limit=100', true);
    expect(ids(inactive).sort()).toEqual([seeded[3]!.id, seeded[4]!.id].sort());
    const all = await get('?limit=100', true);
    expect(all.body.meta.total).toBe(30);
    expect(ids(await get('?limit=100'))).not.toContain(seeded[3]!.id);
  });

  it.each([
    ['limit=0'],
    ['limit=101'],
    ['limit=abc'],
    ['page=0'],
    ['page=-1'],
    ['sort=random'],
    ['sort=-name'],
    ['minPrice=-1'],
    ['maxPrice=1.234'],
    ['minPrice=10&maxPrice=5'],
    ['isActive=maybe'],
    ['color=red'],
    ['q='],
    ['q=a&q=b'],
  ])('400 for ?%s', async (qs) => {
    const res = await get(`?${qs}`);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });
});

describe('query plans', () => {
  // A big tenant (20k rows) next to the seeded one, analysed, so the planner's choice is real.
  let big: string;
  beforeAll(async () => {
    const B = await signUpTenant(t.app);
    big = B.tenantId;
    // Rows as the API writes them: a product, its one "Default" variant, the variant's stock.
    await ownerQuery(
      `INSERT INTO products (id, tenant_id, name, sku, description, price, category, image_urls, handle, status, created_at, updated_at)
       SELECT gen_random_uuid(), $1, 'Item ' || g || ' ' || md5(g::text), 'BIG-' || g, 'bulk item ' || g,
              (g % 5000) / 7.0, 'cat' || (g % 40), '{}', 'item-' || g, CASE WHEN g % 10 <> 0 THEN 'active' ELSE 'archived' END,
              now() - g * interval '1 second', now()
       FROM generate_series(1, 20000) g`,
      [big],
    );
    await ownerQuery(
      `INSERT INTO product_variants (id, tenant_id, product_id, sku, title, price, position, status, updated_at)
       SELECT gen_random_uuid(), tenant_id, id, sku, 'Default', price, 0, 'active', now() FROM products WHERE tenant_id = $1`,
      [big],
    );
    await ownerQuery(
      `INSERT INTO inventory (variant_id, product_id, tenant_id, on_hand, low_stock_threshold, updated_at)
       SELECT id, product_id, tenant_id, (abs(hashtext(sku)) % 200), 10, now() FROM product_variants WHERE tenant_id = $1`,
      [big],
    );
    for (const table of ['products', 'product_variants', 'inventory', 'product_search'])
      await ownerQuery(`ANALYZE ${table}`);
  });

  async function plan(tenantId: string, sql: { text: string; values: unknown[] }): Promise<string> {
    const c = await appClient();
    try {
      await c.query('BEGIN');
      await c.query("SELECT set_config('app.current_tenant_id', $1, true)", [tenantId]);
      const r = await c.query(
        `EXPLAIN ${process.env.SHOW_PLANS === 'analyze' ? '(ANALYZE) ' : ''}${sql.text}`,
        sql.values,
      );
      await c.query('ROLLBACK');
      const text = r.rows.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n');
      if (process.env.SHOW_PLANS) console.log(`${sql.text}\n${JSON.stringify(sql.values)}\n${text}`);
      return text;
    } finally {
      await c.end();
    }
  }

  const f = (x: Partial<SearchFilter>): SearchFilter => ({ tenantId: big, ...x });
  it.each<[string, Partial<SearchFilter>, ProductSort, RegExp]>([
    [
      'public default (active, newest first)',
      { isActive: true },
      '-createdAt',
      /Index (Only )?Scan Backward using products_tenant_id_(is_active_)?created_at/,
    ],
    [
      'staff default (all, newest first)',
      {},
      '-createdAt',
      /Index (Only )?Scan Backward using products_tenant_id_created_at_id_idx/,
    ],
    [
      'public by price',
      { isActive: true },
      'price',
      /Index (Only )?Scan using products_tenant_id_(is_active_)?price_cents_id_idx/,
    ],
    ['public by name', { isActive: true }, 'name', /Index (Only )?Scan using products_tenant_id_(is_active_)?name/],
    ['staff by price desc', {}, '-price', /Index (Only )?Scan Backward using products_tenant_id_price_cents_id_idx/],
    [
      'category',
      { isActive: true, category: 'cat7' },
      '-createdAt',
      /products_tenant_id_category_is_active_created_at_idx/,
    ],
    [
      'price range',
      { isActive: true, minPrice: '10.00', maxPrice: '12.00' },
      'price',
      /Index Cond: \(.*price_cents >= '10000'::bigint\) AND \(.*price_cents <= '12000'::bigint\)/,
    ],
    [
      'inStock (search row and stock by primary key, only for the rows the page needs)',
      { isActive: true, inStock: true },
      '-createdAt',
      /products_tenant_id_(is_active_)?created_at[\s\S]*product_search_pkey[\s\S]*inventory_pkey/,
    ],
    [
      'q (search ids, then primary key)',
      { isActive: true, q: md5Fragment() },
      '-createdAt',
      /Function Scan on app_product_search_ids[\s\S]*Index Scan (using|on) products_pkey[\s\S]*Index Cond: \(id = ANY/,
    ],
  ])('%s is served by an index, never a sequential scan', async (_l, filter, sort, index) => {
    const text = await plan(big, pageIdsSql(f(filter), sort, 0, 20));
    expect(text).not.toMatch(/Seq Scan/);
    expect(text).toMatch(index);
  });

  it('the q search function uses the trigram index with exactly the indexed expression', async () => {
    const [fn] = await ownerQuery<{ src: string }>(
      "SELECT prosrc AS src FROM pg_proc WHERE proname = 'app_product_search_ids'",
    );
    expect(fn!.src).toContain("lower(p.name || ' ' || p.sku || ' ' || coalesce(p.description, '')) LIKE p_pattern");
    const [idx] = await ownerQuery<{ def: string }>(
      "SELECT pg_get_indexdef('products_search_trgm_idx'::regclass) AS def",
    );
    expect(idx!.def).toContain(
      "lower(((((name || ' '::text) || sku) || ' '::text) || COALESCE(description, ''::text)))",
    );
    // Plan the body exactly as the function runs it: as commerce_definer, tenant set.
    const c = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await c.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL ROLE commerce_definer');
      await c.query("SELECT set_config('app.current_tenant_id', $1, true)", [big]);
      const r = await c.query(`EXPLAIN ${fn!.src.replace('p_pattern', '$1')}`, [`%${md5Fragment()}%`]);
      await c.query('ROLLBACK');
      const text = r.rows.map((x: Record<string, string>) => x['QUERY PLAN']).join('\n');
      if (process.env.SHOW_PLANS) console.log(text);
      expect(text).not.toMatch(/Seq Scan/);
      expect(text).toMatch(/Bitmap Index Scan on products_search_trgm_idx/);
    } finally {
      await c.end();
    }
  });

  it('GET /inventory?lowStock=true reads only low rows (partial index), products by primary key', async () => {
    const text = await plan(big, listInventorySql(big, true, 0, 20));
    expect(text).not.toMatch(/Seq Scan on (inventory|products)/);
    expect(text).toMatch(/inventory_low_stock_idx/);
    expect(text).toMatch(/Index Scan using products_pkey/);
  });

  it("GET /inventory sorts the tenant's stock, then reads products by primary key only for the page", async () => {
    // (The big tenant holds nearly every inventory row here, so scanning the table is right.)
    const text = await plan(big, listInventorySql(big, false, 0, 20));
    expect(text).not.toMatch(/Seq Scan on products|Hash Join/);
    expect(text).toMatch(/Limit[\s\S]*Nested Loop[\s\S]*Sort[\s\S]*Index Scan using products_pkey/);
    expect(text).not.toMatch(/JIT/);
  });

  it('the API answers the q search on the big tenant through the same query', async () => {
    const B = await ownerQuery<{ subdomain: string }>('SELECT subdomain FROM tenants WHERE id = $1', [big]);
    const res = await request(t.app).get(`/api/v1/products?q=${md5Fragment()}`).set('X-Tenant', B[0]!.subdomain);
    expect(res.status).toBe(200);
    expect(res.body.data.map((p: P) => p.sku)).toEqual(['BIG-12345']);
  });
});

/** 12 characters of md5('12345'), unique among the 20k seeded names. */
function md5Fragment(): string {
  return createHash('md5').update('12345').digest('hex').slice(4, 16);
}
