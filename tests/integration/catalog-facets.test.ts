// GET /products filters (categoryId with descendants, collectionId, handle, status,
// option.<Name>, inStock) and meta.facets, checked against a brute-force count over the
// same fixture read straight from the tables (not from product_search, which the triggers
// keep); validation; tenant isolation; cache coherence after writes; the definer look-up's
// plan under RLS.
import { Client } from 'pg';
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { appClient, ownerQuery } from '../helpers/db';

let t: TestApp;
let A: SignedUpTenant;
let B: SignedUpTenant;
const cat: Record<string, string> = {};
const col: Record<string, string> = {};

interface Truth {
  id: string;
  status: string;
  handle: string;
  priceCents: number;
  categoryIds: string[];
  collectionIds: string[];
  variants: { status: string; options: Record<string, string>; cents: number; available: number }[];
}

async function insertTree(tenantId: string, prefix: string): Promise<void> {
  // root ─┬─ child1 ── leaf
  //       └─ child2          other (a second root)
  const mk = async (name: string, parent: string | null) => {
    const [r] = await ownerQuery<{ id: string }>(
      `INSERT INTO categories (id, tenant_id, name, handle, parent_id, position, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, 0, now()) RETURNING id`,
      [tenantId, `${prefix} ${name}`, `${prefix}-${name}`, parent],
    );
    cat[`${prefix}${name}`] = r!.id;
  };
  await mk('root', null);
  await mk('child1', cat[`${prefix}root`]!);
  await mk('leaf', cat[`${prefix}child1`]!);
  await mk('child2', cat[`${prefix}root`]!);
  await mk('other', null);
  for (const k of ['k1', 'k2']) {
    const [r] = await ownerQuery<{ id: string }>(
      `INSERT INTO collections (id, tenant_id, title, handle, updated_at)
       VALUES (gen_random_uuid(), $1, $2, $3, now()) RETURNING id`,
      [tenantId, `${prefix} ${k} title`, `${prefix}-${k}`],
    );
    col[`${prefix}${k}`] = r!.id;
  }
}

const SIZES = ['S', 'M', 'L'];
const COLORS = ['Black', 'White'];

/** Product i of a tenant: a deterministic mix of options, stock, status and memberships. */
function productBody(prefix: string, i: number) {
  const leafish = ['root', 'child1', 'leaf', 'child2', 'other'];
  const categoryIds = [cat[`${prefix}${leafish[i % 5]}`]!];
  if (i % 6 === 1) categoryIds.push(cat[`${prefix}${leafish[(i + 2) % 5]}`]!);
  const collectionIds = [...(i % 4 === 1 ? [col[`${prefix}k1`]!] : []), ...(i % 5 === 2 ? [col[`${prefix}k2`]!] : [])];
  const status = i % 7 === 3 ? 'draft' : i % 11 === 5 ? 'archived' : 'active';
  const base = { name: `${prefix} product ${i}`, status, categoryIds, collectionIds };
  if (i % 3 === 0)
    return { ...base, sku: `${prefix}-${i}`, price: `${10 + i}.50`, initialQuantity: i % 4 === 0 ? 0 : 5 };
  const sizes = SIZES.filter((_, k) => (i + k) % 4 !== 0);
  const colors = i % 2 === 0 ? COLORS : ['Black'];
  const variants = sizes.flatMap((s, si) =>
    colors.map((c, ci) => ({
      sku: `${prefix}-${i}-${s}-${c}`,
      price: `${10 + i + si * 3 + ci}.00`,
      optionValues: { Size: s, Color: c },
      initialQuantity: (i + si + ci) % 3 === 0 ? 0 : 4,
    })),
  );
  const options = [
    { name: 'Size', values: sizes },
    { name: 'Color', values: colors },
  ];
  return { ...base, options, variants };
}

async function seedTenant(T: SignedUpTenant, prefix: string, n: number): Promise<void> {
  await insertTree(T.tenantId, prefix);
  for (let i = 0; i < n; i++) {
    const res = await request(t.app).post('/api/v1/products').set('X-API-Key', T.apiKey).send(productBody(prefix, i));
    expect(res.status).toBe(201);
  }
}

beforeAll(async () => {
  t = await makeTestApp();
  A = await signUpTenant(t.app);
  B = await signUpTenant(t.app);
  await seedTenant(A, 'a', 26);
  await seedTenant(B, 'b', 6);
  // Archive one variant of a multi-variant product straight in the table: the trigger must
  // drop its option values and price from product_search (brute force reads the tables).
  await ownerQuery(`UPDATE product_variants SET status = 'archived' WHERE tenant_id = $1 AND sku = 'a-4-M-Black'`, [
    A.tenantId,
  ]);
  // Direct SQL bypasses the write path: one API write bumps the cache version afterwards.
  await request(t.app)
    .post('/api/v1/products')
    .set('X-API-Key', A.apiKey)
    .send({ name: 'a bump', sku: 'a-bump', price: '1.00', status: 'draft' })
    .expect(201);
});
afterAll(async () => t.close());

async function truth(tenantId: string): Promise<Truth[]> {
  const products = await ownerQuery<{ id: string; status: string; handle: string; cents: string }>(
    'SELECT id, status, handle, price_cents::text AS cents FROM products WHERE tenant_id = $1',
    [tenantId],
  );
  const variants = await ownerQuery<{
    pid: string;
    status: string;
    ov: Record<string, string>;
    cents: string;
    av: number;
  }>(
    `SELECT v.product_id AS pid, v.status, v.option_values AS ov, (v.price * 1000)::bigint::text AS cents, i.available AS av
     FROM product_variants v JOIN inventory i ON i.variant_id = v.id WHERE v.tenant_id = $1`,
    [tenantId],
  );
  const pc = await ownerQuery<{ pid: string; id: string }>(
    'SELECT product_id AS pid, category_id AS id FROM product_categories WHERE tenant_id = $1',
    [tenantId],
  );
  const pl = await ownerQuery<{ pid: string; id: string }>(
    'SELECT product_id AS pid, collection_id AS id FROM product_collections WHERE tenant_id = $1',
    [tenantId],
  );
  return products.map((p) => ({
    id: p.id,
    status: p.status,
    handle: p.handle,
    priceCents: Number(p.cents),
    categoryIds: pc.filter((x) => x.pid === p.id).map((x) => x.id),
    collectionIds: pl.filter((x) => x.pid === p.id).map((x) => x.id),
    variants: variants
      .filter((v) => v.pid === p.id)
      .map((v) => ({ status: v.status, options: v.ov, cents: Number(v.cents), available: v.av })),
  }));
}

async function descendants(id: string): Promise<Set<string>> {
  const rows = await ownerQuery<{ id: string; parent: string | null }>(
    'SELECT id, parent_id AS parent FROM categories',
  );
  const out = new Set([id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const r of rows)
      if (r.parent && out.has(r.parent) && !out.has(r.id)) {
        out.add(r.id);
        grew = true;
      }
  }
  return out;
}

interface Filters {
  categoryId?: string;
  collectionId?: string;
  options?: Record<string, string[]>;
  inStock?: boolean;
  status?: string;
  staff?: boolean;
}

async function bruteForce(tenantId: string, f: Filters, optionFacets: string[]) {
  const tree = f.categoryId ? await descendants(f.categoryId) : null;
  const active = (p: Truth) => p.variants.filter((v) => v.status === 'active');
  const names = Object.keys(f.options ?? {});
  const matches = (await truth(tenantId)).filter(
    (p) =>
      (f.staff ? f.status === undefined || p.status === f.status : p.status === 'active') &&
      (!tree || p.categoryIds.some((c) => tree.has(c))) &&
      (!f.collectionId || p.collectionIds.includes(f.collectionId)) &&
      (names.length === 0 || active(p).some((v) => names.every((n) => f.options![n]!.includes(v.options[n]!)))) &&
      (f.inStock === undefined || active(p).some((v) => v.available > 0) === f.inStock),
  );
  const tally = (keys: string[]) => {
    const m = new Map<string, number>();
    for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  };
  const cents = matches.flatMap((p) => active(p).map((v) => v.cents));
  // price_cents and the variants' span are thousandths (migration 20261208001000_money_iso_digits).
  const fmt = (c: number) => (c / 1000).toFixed(2);
  return {
    ids: matches.map((p) => p.id).sort(),
    category: tally(matches.flatMap((p) => p.categoryIds)),
    collection: tally(matches.flatMap((p) => p.collectionIds)),
    price: cents.length ? { min: fmt(Math.min(...cents)), max: fmt(Math.max(...cents)) } : null,
    options: Object.fromEntries(
      optionFacets.map((n) => [
        n,
        tally(matches.flatMap((p) => [...new Set(active(p).flatMap((v) => (n in v.options ? [v.options[n]!] : [])))])),
      ]),
    ),
  };
}

function qs(f: Filters, facets: string): string {
  const p = new URLSearchParams({ limit: '100', facets });
  if (f.categoryId) p.set('categoryId', f.categoryId);
  if (f.collectionId) p.set('collectionId', f.collectionId);
  if (f.inStock !== undefined) p.set('inStock', String(f.inStock));
  if (f.status) p.set('status', f.status);
  for (const [n, vs] of Object.entries(f.options ?? {})) for (const v of vs) p.append(`option.${n}`, v);
  return p.toString();
}

const get = (T: SignedUpTenant, query: string, staff = false) =>
  request(t.app)
    .get(`/api/v1/products?${query}`)
    .set(staff ? { 'X-API-Key': T.apiKey } : { 'X-Tenant': T.subdomain });

const asMap = (list: { id?: string; value?: string; count: number }[]) =>
  new Map(list.map((e) => [e.id ?? e.value!, e.count]));

describe('GET /products facets = brute force over the same fixture', () => {
  const cases: [string, () => Filters][] = [
    ['no filter (public)', () => ({})],
    ['no filter (staff sees drafts and archived)', () => ({ staff: true })],
    ['categoryId includes descendants', () => ({ categoryId: cat['aroot'] })],
    ['categoryId of a leaf', () => ({ categoryId: cat['aleaf'] })],
    [
      'option + category with descendants + inStock',
      () => ({ options: { Size: ['M'] }, categoryId: cat['aroot'], inStock: true }),
    ],
    ['two options must hold on one variant', () => ({ options: { Size: ['M'], Color: ['White'] } })],
    ['repeated option values are alternatives', () => ({ options: { Size: ['S', 'L'] } })],
    ['collection + inStock=false', () => ({ collectionId: col['ak1'], inStock: false })],
    ['staff status=draft + option', () => ({ staff: true, status: 'draft', options: { Color: ['Black'] } })],
    ['nothing matches', () => ({ options: { Size: ['XXL'] } })],
  ];

  it.each(cases)('%s', async (_label, make) => {
    const f = make();
    const facets = 'category,collection,price,option.Size,option.Color';
    const res = await get(A, qs(f, facets), f.staff);
    expect(res.status).toBe(200);
    const want = await bruteForce(A.tenantId, f, ['Size', 'Color']);
    const got = res.body.meta.facets;
    expect(res.body.data.map((p: { id: string }) => p.id).sort()).toEqual(want.ids);
    expect(res.body.meta.total).toBe(want.ids.length);
    expect(asMap(got.category)).toEqual(want.category);
    expect(asMap(got.collection)).toEqual(want.collection);
    expect(got.price).toEqual(want.price);
    expect(asMap(got['option.Size'])).toEqual(want.options['Size']);
    expect(asMap(got['option.Color'])).toEqual(want.options['Color']);
    // Zero counts are omitted; names are the categories' names and the collections' titles.
    for (const e of [...got.category, ...got.collection, ...got['option.Size']]) expect(e.count).toBeGreaterThan(0);
    for (const e of got.category) expect(e.name).toMatch(/^a (root|child1|leaf|child2|other)$/);
    for (const e of got.collection) expect(e.name).toMatch(/^a k[12] title$/);
  });

  it('the fixture exercises the interesting cases', async () => {
    const f = await bruteForce(A.tenantId, { options: { Size: ['M'] }, categoryId: cat['aroot'], inStock: true }, []);
    expect(f.ids.length).toBeGreaterThan(1);
    const all = await bruteForce(A.tenantId, {}, []);
    const staff = await bruteForce(A.tenantId, { staff: true }, []);
    expect(staff.ids.length).toBeGreaterThan(all.ids.length);
    expect((await bruteForce(A.tenantId, { inStock: false }, [])).ids.length).toBeGreaterThan(0);
  });

  it('facets are only those asked for; the page is a page, the counts are the whole result', async () => {
    const res = await get(A, 'limit=2&facets=price');
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(2);
    expect(Object.keys(res.body.meta.facets)).toEqual(['price']);
    expect(res.body.meta.total).toBeGreaterThan(2);
    const none = await get(A, 'limit=2');
    expect(none.body.meta).toEqual({ page: 1, limit: 2, total: res.body.meta.total });
  });

  it('an archived variant no longer counts (trigger-kept search row)', async () => {
    const res = await get(
      A,
      `handle=${encodeURIComponent((await truth(A.tenantId)).find((p) => p.variants.some((v) => v.status === 'archived'))!.handle)}&facets=option.Size,option.Color`,
      true,
    );
    expect(res.body.data).toHaveLength(1);
    const color = asMap(res.body.meta.facets['option.Color']);
    const sizes = asMap(res.body.meta.facets['option.Size']);
    // a-4 has S, M (L is dropped for i=4), Black and White; M / Black is archived, M / White is not.
    expect(sizes.get('M')).toBe(1);
    expect(color.get('Black')).toBe(1);
  });

  it('public callers never see drafts, even with ?status', async () => {
    const res = await get(A, 'status=draft&limit=100');
    expect(res.status).toBe(200);
    expect(res.body.data.every((p: { status: string }) => p.status === 'active')).toBe(true);
  });
});

describe('tenant isolation', () => {
  it("tenant B's facets count only B's products; A's category and collection ids find nothing in B", async () => {
    const res = await get(B, 'facets=category,collection,option.Size&limit=100');
    const want = await bruteForce(B.tenantId, {}, ['Size']);
    expect(res.body.data.map((p: { id: string }) => p.id).sort()).toEqual(want.ids);
    expect(asMap(res.body.meta.facets.category)).toEqual(want.category);
    expect(asMap(res.body.meta.facets['option.Size'])).toEqual(want.options['Size']);
    for (const e of res.body.meta.facets.category) expect(e.name).toMatch(/^b /);
    expect((await get(B, `categoryId=${cat['aroot']}&facets=category`)).body).toMatchObject({
      data: [],
      meta: { total: 0, facets: { category: [] } },
    });
    expect((await get(B, `collectionId=${col['ak1']}`)).body.meta.total).toBe(0);
    expect(
      (await get(B, `option.Size=M&limit=100`)).body.data.every((p: { name: string }) => p.name.startsWith('b ')),
    ).toBe(true);
  });
});

describe('read-after-write', () => {
  it('a product write is visible in the next filtered list and its facets', async () => {
    const q = `categoryId=${cat['aother']}&facets=category&limit=100`;
    const before = await get(A, q);
    const res = await request(t.app)
      .post('/api/v1/products')
      .set('X-API-Key', A.apiKey)
      .send({ name: 'a late one', sku: 'a-late', price: '3.00', initialQuantity: 1, categoryIds: [cat['aother']] });
    expect(res.status).toBe(201);
    const after = await get(A, q);
    expect(after.body.meta.total).toBe(before.body.meta.total + 1);
    expect(asMap(after.body.meta.facets.category).get(cat['aother']!)).toBe(
      (asMap(before.body.meta.facets.category).get(cat['aother']!) ?? 0) + 1,
    );
  });
});

describe('product_search stays in step with the catalog tables (triggers)', () => {
  /** Rows where product_search differs from what the tables say (expected: none). */
  async function drift(tenantId: string): Promise<unknown[]> {
    return ownerQuery(
      `WITH want AS (
         SELECT p.id, p.status, p.name, p.price_cents, p.created_at,
           COALESCE((SELECT array_agg(DISTINCT left(p.tenant_id::text, 8) || chr(31) || e.key || chr(31) || e.value)
                     FROM product_variants v, jsonb_each_text(v.option_values) e
                     WHERE v.product_id = p.id AND v.status = 'active'), '{}') AS tokens,
           COALESCE((SELECT array_agg(category_id ORDER BY category_id) FROM product_categories WHERE product_id = p.id), '{}') AS cats,
           COALESCE((SELECT array_agg(collection_id ORDER BY collection_id) FROM product_collections WHERE product_id = p.id), '{}') AS cols,
           (SELECT array_agg(v.id ORDER BY v.id) FROM product_variants v WHERE v.product_id = p.id AND v.status = 'active') AS variants,
           (SELECT min((v.price * 1000)::bigint) FROM product_variants v WHERE v.product_id = p.id AND v.status = 'active') AS lo,
           (SELECT max((v.price * 1000)::bigint) FROM product_variants v WHERE v.product_id = p.id AND v.status = 'active') AS hi
         FROM products p WHERE p.tenant_id = $1)
       SELECT w.id FROM want w FULL JOIN product_search s ON s.product_id = w.id
       WHERE (s.tenant_id = $1 OR w.id IS NOT NULL) AND (w.id IS NULL OR s.product_id IS NULL
          OR (w.status, w.name, w.price_cents, w.created_at, w.cats, w.cols, w.lo, w.hi)
             IS DISTINCT FROM (s.status, s.name, s.price_cents, s.created_at, s.category_ids, s.collection_ids,
                               s.min_price_cents, s.max_price_cents)
          OR (SELECT array_agg(x ORDER BY x) FROM unnest(s.option_tokens) x) IS DISTINCT FROM
             (SELECT array_agg(x ORDER BY x) FROM unnest(w.tokens) x)
          OR (SELECT array_agg(x ORDER BY x) FROM unnest(s.active_variant_ids) x) IS DISTINCT FROM w.variants)`,
      [tenantId],
    );
  }

  it('after product, variant, membership and category writes', async () => {
    expect(await drift(A.tenantId)).toEqual([]);
    const key = { 'X-API-Key': A.apiKey };
    const made = await request(t.app)
      .post('/api/v1/products')
      .set(key)
      .send({
        name: 'a sync probe',
        categoryIds: [cat['aleaf']],
        collectionIds: [col['ak2']],
        options: [{ name: 'Size', values: ['S', 'XL'] }],
        variants: [
          { sku: 'a-sync-s', price: '5.00', optionValues: { Size: 'S' }, initialQuantity: 1 },
          { sku: 'a-sync-xl', price: '9.00', optionValues: { Size: 'XL' } },
        ],
      });
    expect(made.status).toBe(201);
    const id = made.body.data.id as string;
    const xl = made.body.data.variants.find((v: { sku: string }) => v.sku === 'a-sync-xl').id as string;
    expect(await drift(A.tenantId)).toEqual([]);
    // Name, status, memberships.
    const patched = await request(t.app)
      .patch(`/api/v1/products/${id}`)
      .set(key)
      .send({ name: 'a sync probe 2', status: 'draft', categoryIds: [cat['achild2']], collectionIds: [] });
    expect(patched.status).toBe(200);
    expect(await drift(A.tenantId)).toEqual([]);
    // A variant's price and its removal.
    expect(
      (await request(t.app).patch(`/api/v1/products/${id}/variants/${xl}`).set(key).send({ price: '11.00' })).status,
    ).toBe(200);
    expect(await drift(A.tenantId)).toEqual([]);
    const admin = await request(t.app).delete(`/api/v1/products/${id}/variants/${xl}`).set(key);
    expect([204, 403]).toContain(admin.status); // ADMIN only; an API key may not be one
    await ownerQuery(`UPDATE product_variants SET status = 'archived' WHERE id = $1`, [xl]);
    expect(await drift(A.tenantId)).toEqual([]);
    const [row] = await ownerQuery<{ tokens: string[]; hi: string }>(
      'SELECT option_tokens AS tokens, max_price_cents::text AS hi FROM product_search WHERE product_id = $1',
      [id],
    );
    expect(row!.tokens.map((x) => x.split('\u001f').slice(1).join('='))).toEqual(['Size=S']);
    expect(row!.hi).toBe('5000'); // 5.00 in thousandths
    // A category deleted: its memberships cascade, and the search rows follow.
    await ownerQuery('DELETE FROM categories WHERE id = $1', [cat['achild2']]);
    expect(await drift(A.tenantId)).toEqual([]);
    // A product deleted for good (tenant offboarding): its row goes with it.
    await ownerQuery('DELETE FROM products WHERE id = $1', [id]);
    expect(await ownerQuery('SELECT 1 FROM product_search WHERE product_id = $1', [id])).toEqual([]);
    expect(await drift(A.tenantId)).toEqual([]);
  });

  it("two transactions changing one product's memberships at once: the later refresh reads the earlier commit", async () => {
    const made = await request(t.app)
      .post('/api/v1/products')
      .set('X-API-Key', A.apiKey)
      .send({ name: 'a race probe', sku: 'a-race', price: '2.00', categoryIds: [cat['aleaf'], cat['aother']] });
    expect(made.status).toBe(201);
    const id = made.body.data.id as string;
    const open = async () => {
      const c = await appClient();
      await c.query('BEGIN');
      await c.query("SELECT set_config('app.current_tenant_id', $1, true)", [A.tenantId]);
      return c;
    };
    const t1 = await open();
    const t2 = await open();
    try {
      await t1.query('INSERT INTO product_categories (tenant_id, product_id, category_id) VALUES ($1, $2, $3)', [
        A.tenantId,
        id,
        cat['achild1'],
      ]);
      // T2's refresh must wait for T1's (it locks the search row first), then read T1's commit.
      const second = t2.query('DELETE FROM product_categories WHERE product_id = $1 AND category_id = $2', [
        id,
        cat['aother'],
      ]);
      await new Promise((r) => setTimeout(r, 300));
      await t1.query('COMMIT');
      await second;
      await t2.query('COMMIT');
    } finally {
      await t1.end();
      await t2.end();
    }
    const [row] = await ownerQuery<{ cats: string[] }>(
      'SELECT category_ids::text[] AS cats FROM product_search WHERE product_id = $1',
      [id],
    );
    expect([...row!.cats].sort()).toEqual([cat['aleaf']!, cat['achild1']!].sort());
    expect(await drift(A.tenantId)).toEqual([]);
  });
});

describe('validation', () => {
  it.each([
    ['facets=colour'],
    ['facets=category,bogus'],
    ['facets=option.'],
    ['facets=option.A,option.B,option.C,option.D'],
    ['categoryId=nope'],
    ['collectionId=123'],
    ['handle=Not%20A%20Handle'],
    ['status=deleted'],
    ['inStock=yes'],
    ['option.=M'],
    ['option.Size='],
    ['options=x'],
    ['option.A=1&option.B=1&option.C=1&option.D=1'],
    [Array.from({ length: 21 }, (_, i) => `option.Size=v${i}`).join('&')],
  ])('400 for ?%s', async (query) => {
    const res = await get(A, query);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
  });
});

describe('query plans under RLS', () => {
  /** Runs `sql` as commerce_app (tenant A) with auto_explain on, returning the nested plans it logged. */
  async function nestedPlans(
    sql: string,
    params: unknown[],
  ): Promise<{ rows: Record<string, unknown>[]; plans: string }> {
    const c = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    const logged: string[] = [];
    c.on('notice', (n) => logged.push(n.message ?? ''));
    await c.connect();
    try {
      await c.query("LOAD 'auto_explain'");
      await c.query('SET auto_explain.log_min_duration = 0');
      await c.query('SET auto_explain.log_nested_statements = on');
      await c.query('SET client_min_messages = log');
      await c.query('BEGIN');
      await c.query('SET LOCAL ROLE commerce_app');
      // The fixture is tiny: a sequential scan would win on cost; this asks whether an index CAN serve.
      await c.query('SET LOCAL enable_seqscan = off');
      await c.query("SELECT set_config('app.current_tenant_id', $1, true)", [A.tenantId]);
      const r = await c.query(sql, params);
      await c.query('ROLLBACK');
      return { rows: r.rows, plans: logged.join('\n') };
    } finally {
      await c.end();
    }
  }

  it('the search rows come from the GIN indexes through the definer function, for the current tenant only', async () => {
    const { rows, plans } = await nestedPlans(
      'SELECT product_id FROM app_product_search_rows(true, NULL, NULL, NULL, $1::uuid[], NULL, $2::jsonb)',
      [[cat['aroot'], cat['achild1']], JSON.stringify([['Size\u001fM']])],
    );
    expect(plans).toMatch(/Bitmap Index Scan on product_search_(category_ids|option_tokens)_idx/);
    // Each kind of condition alone (the tiny fixture lets the planner pick one index for both).
    const byCategory = await nestedPlans(
      'SELECT product_id FROM app_product_search_rows(NULL, NULL, NULL, NULL, $1::uuid[], NULL, NULL)',
      [[cat['aroot']]],
    );
    expect(byCategory.plans).toMatch(/Bitmap Index Scan on product_search_category_ids_idx/);
    const byCollection = await nestedPlans(
      'SELECT product_id FROM app_product_search_rows(NULL, NULL, NULL, NULL, NULL, $1::uuid, NULL)',
      [col['ak1']],
    );
    expect(byCollection.plans).toMatch(/Bitmap Index Scan on product_search_collection_ids_idx/);
    const want = (await truth(A.tenantId)).filter(
      (p) =>
        p.status === 'active' &&
        p.categoryIds.some((c) => c === cat['aroot'] || c === cat['achild1']) &&
        p.variants.some((v) => v.status === 'active' && v.options['Size'] === 'M'),
    );
    expect(want.length).toBeGreaterThan(0);
    expect(rows.map((x) => x['product_id']).sort()).toEqual(want.map((p) => p.id).sort());
  });

  it('the same predicates straight under RLS cannot use those indexes (why the function exists)', async () => {
    const { plans } = await nestedPlans(
      'EXPLAIN SELECT product_id FROM product_search s WHERE s.tenant_id = $1 AND s.category_ids && $2::uuid[]',
      [A.tenantId, [cat['aroot']]],
    );
    expect(plans).not.toMatch(/product_search_category_ids_idx/);
  });

  it("tenant B calling the function with A's category ids gets nothing", async () => {
    const c = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await c.connect();
    try {
      await c.query('BEGIN');
      await c.query('SET LOCAL ROLE commerce_app');
      await c.query("SELECT set_config('app.current_tenant_id', $1, true)", [B.tenantId]);
      const r = await c.query(
        'SELECT count(*)::int AS n FROM app_product_search_rows(NULL, NULL, NULL, NULL, $1::uuid[], NULL, NULL)',
        [
          Object.entries(cat)
            .filter(([k]) => k.startsWith('a'))
            .map(([, v]) => v),
        ],
      );
      const none = await c.query("SELECT set_config('app.current_tenant_id', '', true)");
      expect(none.rowCount).toBe(1);
      const r2 = await c.query(
        'SELECT count(*)::int AS n FROM app_product_search_rows(NULL, NULL, NULL, NULL, $1::uuid[], NULL, NULL)',
        [[cat['aroot']]],
      );
      await c.query('ROLLBACK');
      expect(r.rows[0].n).toBe(0);
      expect(r2.rows[0].n).toBe(0);
    } finally {
      await c.end();
    }
  });
});
