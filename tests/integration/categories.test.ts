// Categories: a tree per tenant with handles and positions. CRUD, handle generation and
// conflicts, cycle refusal (also under concurrent moves), deletion lifting children, roles,
// public reads, tenant isolation, and 400s that change nothing.
import request from 'supertest';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { adminToken, registerCustomer } from '../helpers/auth';
import { ownerQuery } from '../helpers/db';

let t: TestApp;
let A: SignedUpTenant;
let B: SignedUpTenant;
beforeAll(async () => {
  t = await makeTestApp();
  [A, B] = await Promise.all([signUpTenant(t.app), signUpTenant(t.app)]);
});
afterAll(async () => t.close());

interface Category {
  id: string;
  name: string;
  handle: string;
  parentId: string | null;
  position: number;
  description: string | null;
}

/** An API key is a MERCHANT: it may create and update, not delete. */
const key = (tn: SignedUpTenant) => ({ 'X-API-Key': tn.apiKey });
const pub = (tn: SignedUpTenant) => ({ 'X-Tenant': tn.subdomain });
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

let nameSeq = 0;
const uniqueName = (label = 'Cat') => `${label} ${process.pid} ${++nameSeq}`;

async function create(tn: SignedUpTenant, body: Record<string, unknown> = {}): Promise<Category> {
  const res = await request(t.app)
    .post('/api/v1/categories')
    .set(key(tn))
    .send({ name: uniqueName(), ...body });
  if (res.status !== 201) throw new Error(`create category: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data as Category;
}

const patch = (tn: SignedUpTenant, id: string, body: Record<string, unknown>) =>
  request(t.app).patch(`/api/v1/categories/${id}`).set(key(tn)).send(body);

const parentOf = async (id: string): Promise<string | null> =>
  (await ownerQuery<{ parent_id: string | null }>('SELECT parent_id FROM categories WHERE id = $1', [id]))[0]!
    .parent_id;

const categoryCount = async (tn: SignedUpTenant): Promise<number> =>
  (await ownerQuery<{ n: number }>('SELECT count(*)::int AS n FROM categories WHERE tenant_id = $1', [tn.tenantId]))[0]!
    .n;

describe('POST /categories', () => {
  it('creates a root with a handle from its name, position after the last root, and an audit row', async () => {
    const tn = await signUpTenant(t.app);
    const res = await request(t.app)
      .post('/api/v1/categories')
      .set(key(tn))
      .send({ name: '  Café & Crème Shirts! ', description: 'Hot drinks on cotton' });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      success: true,
      error: null,
      data: {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Café & Crème Shirts!',
        handle: 'cafe-creme-shirts',
        parentId: null,
        position: 0,
        description: 'Hot drinks on cotton',
      },
    });
    const second = await create(tn, { name: 'Second' });
    expect(second).toMatchObject({ handle: 'second', position: 1, parentId: null, description: null });
    const audit = await ownerQuery<{ action: string; resource: string }>(
      'SELECT action::text AS action, resource FROM audit_logs WHERE tenant_id = $1 AND resource_id = $2',
      [tn.tenantId, res.body.data.id],
    );
    expect(audit).toEqual([{ action: 'CREATE', resource: 'category' }]);
  });

  it('suffixes a generated handle on a clash: shoes, shoes-2, shoes-3', async () => {
    const handles: string[] = [];
    for (let i = 0; i < 3; i++) handles.push((await create(B, { name: 'Shoes' })).handle);
    expect(handles).toEqual(['shoes', 'shoes-2', 'shoes-3']);
  });

  it('generates distinct handles for concurrent creates with the same name', async () => {
    const tn = await signUpTenant(t.app);
    const res = await Promise.all(
      Array.from({ length: 6 }, () => request(t.app).post('/api/v1/categories').set(key(tn)).send({ name: 'Hats' })),
    );
    expect(res.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(res.map((r) => r.body.data.handle).sort()).toEqual([
      'hats',
      'hats-2',
      'hats-3',
      'hats-4',
      'hats-5',
      'hats-6',
    ]);
  });

  it('takes an explicit handle, and 409 HANDLE_CONFLICT for a taken one (same tenant only)', async () => {
    const handle = `kids-${process.pid}-${++nameSeq}`;
    const first = await create(A, { handle });
    expect(first.handle).toBe(handle);
    const before = await categoryCount(A);
    const dup = await request(t.app).post('/api/v1/categories').set(key(A)).send({ name: 'Other', handle });
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatchObject({ code: 'HANDLE_CONFLICT', details: { field: 'handle' } });
    expect(await categoryCount(A)).toBe(before);
    // Another store may use the same handle.
    expect((await create(B, { handle })).handle).toBe(handle);
  });

  it('creates a child under a parent of the store; its position counts among its siblings', async () => {
    const root = await create(A);
    const c1 = await create(A, { parentId: root.id });
    const c2 = await create(A, { parentId: root.id });
    const c3 = await create(A, { parentId: root.id, position: 7 });
    expect([c1, c2, c3].map((c) => [c.parentId, c.position])).toEqual([
      [root.id, 0],
      [root.id, 1],
      [root.id, 7],
    ]);
    expect((await create(A, { parentId: root.id })).position).toBe(8);
  });

  const named = (body: Record<string, unknown>) => ({ name: 'Valid name', ...body });
  it.each([
    ['no name', {}],
    ['empty name', { name: '   ' }],
    ['name with a control character', { name: 'a\u0007b' }],
    ['name over 200 characters', { name: 'x'.repeat(201) }],
    ['upper-case handle', named({ handle: 'Shoes' })],
    ['handle with a double hyphen', named({ handle: 'a--b' })],
    ['handle with a trailing hyphen', named({ handle: 'a-' })],
    ['handle with a space', named({ handle: 'a b' })],
    ['handle over 200 characters', named({ handle: 'h'.repeat(201) })],
    ['parentId not a uuid', named({ parentId: 'root' })],
    ['negative position', named({ position: -1 })],
    ['fractional position', named({ position: 1.5 })],
    ['position as a string', named({ position: '1' })],
    ['description over 5000 characters', named({ description: 'd'.repeat(5001) })],
    ['an unknown field', named({ color: 'red' })],
  ])('400 for %s, and nothing is created', async (_l, body) => {
    const before = await categoryCount(A);
    const res = await request(t.app).post('/api/v1/categories').set(key(A)).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(await categoryCount(A)).toBe(before);
  });

  it("400 on parentId for an unknown category and for another store's category", async () => {
    const theirs = await create(B);
    const before = await categoryCount(A);
    for (const parentId of ['00000000-0000-4000-8000-000000000000', theirs.id]) {
      const res = await request(t.app).post('/api/v1/categories').set(key(A)).send({ name: uniqueName(), parentId });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_ERROR');
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toEqual(['parentId']);
    }
    expect(await categoryCount(A)).toBe(before);
  });
});

describe('GET /categories', () => {
  let tn: SignedUpTenant;
  let tree: Record<string, Category>;
  beforeAll(async () => {
    tn = await signUpTenant(t.app);
    // Created out of order: the list orders by the tree and by position, not by creation.
    const women = await create(tn, { name: 'Women', position: 2 });
    const men = await create(tn, { name: 'Men', position: 1 });
    const sale = await create(tn, { name: 'Sale', position: 1 }); // same position as Men: by name
    const shirts = await create(tn, { name: 'Shirts', parentId: men.id, position: 5 });
    const coats = await create(tn, { name: 'Coats', parentId: men.id, position: 0 });
    const linen = await create(tn, { name: 'Linen', parentId: shirts.id });
    const dresses = await create(tn, { name: 'Dresses', parentId: women.id });
    tree = { women, men, sale, shirts, coats, linen, dresses };
  });

  const names = (res: request.Response) => (res.body.data as Category[]).map((c) => c.name);

  it('lists the whole tree depth-first (parent before children, siblings by position then name), publicly', async () => {
    const res = await request(t.app).get('/api/v1/categories').set(pub(tn));
    expect(res.status).toBe(200);
    expect(names(res)).toEqual(['Men', 'Coats', 'Shirts', 'Linen', 'Sale', 'Women', 'Dresses']);
    expect(res.body.meta).toEqual({ page: 1, limit: 20, total: 7 });
    expect(res.body.data[0]).toEqual(tree.men);
  });

  it('pages through the tree order', async () => {
    const p2 = await request(t.app).get('/api/v1/categories?page=2&limit=3').set(pub(tn));
    expect(names(p2)).toEqual(['Linen', 'Sale', 'Women']);
    expect(p2.body.meta).toEqual({ page: 2, limit: 3, total: 7 });
  });

  it('?parentId=null lists the roots; ?parentId=<id> the direct children', async () => {
    const roots = await request(t.app).get('/api/v1/categories?parentId=null').set(pub(tn));
    expect(names(roots)).toEqual(['Men', 'Sale', 'Women']);
    expect(roots.body.meta.total).toBe(3);
    const kids = await request(t.app).get(`/api/v1/categories?parentId=${tree.men!.id}`).set(pub(tn));
    expect(names(kids)).toEqual(['Coats', 'Shirts']);
    expect(kids.body.meta.total).toBe(2);
  });

  it('?handle finds one category', async () => {
    const res = await request(t.app).get('/api/v1/categories?handle=linen').set(pub(tn));
    expect(res.body.data).toEqual([tree.linen]);
    const none = await request(t.app).get('/api/v1/categories?handle=nothing-here').set(pub(tn));
    expect(none.body.data).toEqual([]);
    expect(none.body.meta.total).toBe(0);
  });

  it('every role reads: customer token, API key, admin', async () => {
    const customer = await registerCustomer(t.app, tn);
    for (const h of [bearer(customer.accessToken), key(tn), bearer(await adminToken(t.app, tn))]) {
      const list = await request(t.app).get('/api/v1/categories').set(h);
      expect(names(list)).toHaveLength(7);
      const one = await request(t.app).get(`/api/v1/categories/${tree.shirts!.id}`).set(h);
      expect(one.status).toBe(200);
      expect(one.body.data).toEqual(tree.shirts);
    }
  });

  it.each([
    ['parentId=root', 'parentId'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['page=0', 'page'],
    ['handle=Not%20A%20Handle', 'handle'],
    ['sort=name', ''],
  ])('400 for ?%s', async (qs, path) => {
    const res = await request(t.app).get(`/api/v1/categories?${qs}`).set(pub(tn));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
  });

  it('400 for a malformed id; 404 for an unknown id and without a tenant 400', async () => {
    expect((await request(t.app).get('/api/v1/categories/nope').set(pub(tn))).status).toBe(400);
    const unknown = await request(t.app).get('/api/v1/categories/00000000-0000-4000-8000-000000000000').set(pub(tn));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    expect((await request(t.app).get('/api/v1/categories')).status).toBe(400);
  });
});

describe('PATCH /categories/:id', () => {
  it('renames (the handle stays), re-positions, changes the handle, moves and makes a root', async () => {
    const root = await create(A, { name: 'Garden' });
    const other = await create(A);
    const c = await create(A, { name: 'Tools', parentId: root.id });
    const renamed = await patch(A, c.id, { name: 'Hand tools', position: 3, description: 'Small ones' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data).toEqual({ ...c, name: 'Hand tools', position: 3, description: 'Small ones' });
    const newHandle = `hand-tools-${process.pid}-${++nameSeq}`;
    expect((await patch(A, c.id, { handle: newHandle })).body.data.handle).toBe(newHandle);
    // Its own handle again is no conflict.
    expect((await patch(A, c.id, { handle: newHandle })).status).toBe(200);
    expect((await patch(A, c.id, { parentId: other.id })).body.data.parentId).toBe(other.id);
    expect((await patch(A, c.id, { parentId: null })).body.data.parentId).toBeNull();
    expect((await patch(A, c.id, { description: null })).body.data.description).toBeNull();
    const got = await request(t.app).get(`/api/v1/categories/${c.id}`).set(pub(A));
    expect(got.body.data).toEqual({ ...c, name: 'Hand tools', handle: newHandle, parentId: null, position: 3 });
    const audit = await ownerQuery<{ action: string }>(
      `SELECT action::text AS action FROM audit_logs WHERE tenant_id = $1 AND resource = 'category' AND resource_id = $2
       ORDER BY "timestamp", id`,
      [A.tenantId, c.id],
    );
    expect(audit.map((a) => a.action)).toEqual(['CREATE', 'UPDATE', 'UPDATE', 'UPDATE', 'UPDATE', 'UPDATE', 'UPDATE']);
  });

  it('409 HANDLE_CONFLICT for a handle another category has; nothing changes', async () => {
    const a = await create(A);
    const b = await create(A);
    const res = await patch(A, b.id, { handle: a.handle, name: 'Renamed too' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('HANDLE_CONFLICT');
    const got = await request(t.app).get(`/api/v1/categories/${b.id}`).set(pub(A));
    expect(got.body.data).toEqual(b);
  });

  describe('cycles → 409 CATEGORY_CYCLE, nothing changed', () => {
    let chain: Category[];
    beforeAll(async () => {
      // r > c1 > c2 > c3 > c4
      chain = [await create(A, { name: 'Chain root' })];
      for (let i = 1; i <= 4; i++) chain.push(await create(A, { parentId: chain[i - 1]!.id }));
    });

    it.each([
      ['itself', 0, 0],
      ['its child', 0, 1],
      ['a deep descendant', 0, 4],
      ['a grandchild (from the middle)', 1, 3],
      ['itself (a leaf)', 4, 4],
    ])('under %s', async (_l, moved, under) => {
      const id = chain[moved]!.id;
      const before = await parentOf(id);
      const res = await patch(A, id, { parentId: chain[under]!.id, name: 'Should not stick' });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('CATEGORY_CYCLE');
      expect(await parentOf(id)).toBe(before);
      const got = await request(t.app).get(`/api/v1/categories/${id}`).set(pub(A));
      expect(got.body.data).toEqual(chain[moved]);
    });

    it('moving a node under a sibling branch or an ancestor is fine', async () => {
      const c3 = chain[3]!;
      const res = await patch(A, c3.id, { parentId: chain[0]!.id });
      expect(res.status).toBe(200);
      // Now r > c1 > c2 and r > c3 > c4: c1 may go under c4 (r > c3 > c4 > c1 > c2), and then c3
      // may not go under c2, which has become its descendant.
      expect((await patch(A, chain[1]!.id, { parentId: chain[4]!.id })).status).toBe(200);
      expect((await patch(A, chain[3]!.id, { parentId: chain[2]!.id })).body.error.code).toBe('CATEGORY_CYCLE');
    });
  });

  it('two crossing moves at once (A under B, B under A): exactly one wins, never a cycle', async () => {
    for (let round = 0; round < 8; round++) {
      const a = await create(A, { name: uniqueName('Cross') });
      const b = await create(A, { name: uniqueName('Cross') });
      const [ra, rb] = await Promise.all([patch(A, a.id, { parentId: b.id }), patch(A, b.id, { parentId: a.id })]);
      expect([ra.status, rb.status].sort()).toEqual([200, 409]);
      expect([ra, rb].find((r) => r.status === 409)!.body.error.code).toBe('CATEGORY_CYCLE');
      const parents = [await parentOf(a.id), await parentOf(b.id)];
      expect(parents.filter((p) => p !== null)).toHaveLength(1);
    }
  });

  it('three moves closing a triangle at once: at most two win, never a cycle', async () => {
    for (let round = 0; round < 5; round++) {
      const [x, y, z] = [await create(A), await create(A), await create(A)];
      const res = await Promise.all([
        patch(A, x.id, { parentId: y.id }),
        patch(A, y.id, { parentId: z.id }),
        patch(A, z.id, { parentId: x.id }),
      ]);
      expect(res.map((r) => r.status).sort()).toEqual([200, 200, 409]);
      const cyclic = await ownerQuery<{ n: number }>(
        `WITH RECURSIVE up AS (SELECT id, parent_id, 0 AS depth FROM categories WHERE id = $1
           UNION ALL SELECT c.id, c.parent_id, up.depth + 1 FROM categories c JOIN up ON c.id = up.parent_id WHERE up.depth < 10)
         SELECT count(*)::int AS n FROM up`,
        [x.id],
      );
      expect(cyclic[0]!.n).toBeLessThanOrEqual(3);
    }
  });

  it.each([
    ['an empty body', {}],
    ['an unknown field', { parent: null }],
    ['a bad handle', { handle: '-x' }],
    ['a null name', { name: null }],
    ['a null handle', { handle: null }],
    ['a null position', { position: null }],
  ])('400 for %s, nothing changed', async (_l, body) => {
    const c = await create(A);
    const res = await patch(A, c.id, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_ERROR');
    expect((await request(t.app).get(`/api/v1/categories/${c.id}`).set(pub(A))).body.data).toEqual(c);
  });

  it('400 for an unknown parent; 404 for an unknown category', async () => {
    const c = await create(A);
    const res = await patch(A, c.id, { parentId: '00000000-0000-4000-8000-000000000000' });
    expect(res.status).toBe(400);
    expect(await parentOf(c.id)).toBeNull();
    expect((await patch(A, '00000000-0000-4000-8000-000000000000', { name: 'x' })).status).toBe(404);
  });
});

describe('DELETE /categories/:id', () => {
  const del = async (tn: SignedUpTenant, id: string) =>
    request(t.app)
      .delete(`/api/v1/categories/${id}`)
      .set(bearer(await adminToken(t.app, tn)));

  it('moves the children up to its parent, keeps their positions, drops product memberships, keeps products', async () => {
    const root = await create(A, { name: 'Del root' });
    const mid = await create(A, { name: 'Del mid', parentId: root.id });
    const k1 = await create(A, { parentId: mid.id, position: 4 });
    const k2 = await create(A, { parentId: mid.id, position: 9 });
    const grandkid = await create(A, { parentId: k1.id });
    const product = await request(t.app)
      .post('/api/v1/products')
      .set(key(A))
      .send({
        name: 'Member',
        sku: `CAT-DEL-${process.pid}-${++nameSeq}`,
        price: '1.00',
        categoryIds: [mid.id, root.id],
      });
    expect(product.status).toBe(201);
    const productId = product.body.data.id as string;
    const categoryIdsOf = async () =>
      (
        (await request(t.app).get(`/api/v1/products/${productId}`).set(pub(A))).body.data.categoryIds as string[]
      ).sort();
    // Read (and cache) the product view before the delete.
    expect(await categoryIdsOf()).toEqual([mid.id, root.id].sort());

    const res = await del(A, mid.id);
    expect(res.status).toBe(204);
    expect((await request(t.app).get(`/api/v1/categories/${mid.id}`).set(pub(A))).status).toBe(404);
    const kids = await request(t.app).get(`/api/v1/categories?parentId=${root.id}`).set(pub(A));
    expect(kids.body.data).toEqual([
      { ...k1, parentId: root.id },
      { ...k2, parentId: root.id },
    ]);
    expect(await parentOf(grandkid.id)).toBe(k1.id);
    const members = await ownerQuery<{ category_id: string }>(
      'SELECT category_id FROM product_categories WHERE product_id = $1',
      [productId],
    );
    expect(members).toEqual([{ category_id: root.id }]);
    // The product stays, and its (cached) view no longer lists the deleted category.
    expect(await categoryIdsOf()).toEqual([root.id]);
    const audit = await ownerQuery<{ action: string; resource_id: string }>(
      `SELECT action::text AS action, resource_id FROM audit_logs
       WHERE tenant_id = $1 AND resource = 'category' AND resource_id = ANY($2) AND action <> 'CREATE'`,
      [A.tenantId, [mid.id, k1.id, k2.id]],
    );
    expect(audit.map((a) => `${a.action} ${a.resource_id}`).sort()).toEqual(
      [`DELETE ${mid.id}`, `UPDATE ${k1.id}`, `UPDATE ${k2.id}`].sort(),
    );

    // Deleting a root makes its children roots.
    expect((await del(A, root.id)).status).toBe(204);
    expect(await parentOf(k1.id)).toBeNull();
    expect(await parentOf(k2.id)).toBeNull();
  });

  it('is ADMIN only: the API key (MERCHANT) and a customer get 403, no credentials 401; unknown id 404', async () => {
    const c = await create(A);
    expect((await request(t.app).delete(`/api/v1/categories/${c.id}`).set(key(A))).status).toBe(403);
    const customer = await registerCustomer(t.app, A);
    expect((await request(t.app).delete(`/api/v1/categories/${c.id}`).set(bearer(customer.accessToken))).status).toBe(
      403,
    );
    expect((await request(t.app).delete(`/api/v1/categories/${c.id}`).set(pub(A))).status).toBe(401);
    expect(await parentOf(c.id)).toBeNull(); // still there
    expect((await del(A, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('roles and tenant isolation', () => {
  it('a customer and a public caller cannot write (403 / 401); nothing is created', async () => {
    const customer = await registerCustomer(t.app, A);
    const c = await create(A);
    const before = await categoryCount(A);
    const asCustomer = bearer(customer.accessToken);
    expect((await request(t.app).post('/api/v1/categories').set(asCustomer).send({ name: 'x' })).status).toBe(403);
    expect((await request(t.app).patch(`/api/v1/categories/${c.id}`).set(asCustomer).send({ name: 'x' })).status).toBe(
      403,
    );
    expect((await request(t.app).post('/api/v1/categories').set(pub(A)).send({ name: 'x' })).status).toBe(401);
    expect(await categoryCount(A)).toBe(before);
  });

  it("tenant B's credentials see nothing of tenant A's categories", async () => {
    const fresh = await signUpTenant(t.app);
    const mine = await create(A);
    for (const h of [key(fresh), pub(fresh), bearer(await adminToken(t.app, fresh))]) {
      const list = await request(t.app).get('/api/v1/categories').set(h);
      expect(list.status).toBe(200);
      expect(list.body.data).toEqual([]);
      expect(list.body.meta.total).toBe(0);
      expect((await request(t.app).get(`/api/v1/categories/${mine.id}`).set(h)).status).toBe(404);
      expect((await request(t.app).get(`/api/v1/categories?parentId=${mine.id}`).set(h)).body.data).toEqual([]);
    }
    expect((await patch(fresh, mine.id, { name: 'Hijacked' })).status).toBe(404);
    const adminB = bearer(await adminToken(t.app, fresh));
    expect((await request(t.app).delete(`/api/v1/categories/${mine.id}`).set(adminB)).status).toBe(404);
    // Nor can B hang its own category under A's.
    const res = await request(t.app).post('/api/v1/categories').set(key(fresh)).send({ name: 'x', parentId: mine.id });
    expect(res.status).toBe(400);
    expect((await request(t.app).get(`/api/v1/categories/${mine.id}`).set(pub(A))).body.data).toEqual(mine);
  });
});

describe('cache', () => {
  it('every category write bumps the tenant catalog cache version (product views show categoryIds)', async () => {
    const versionKey = `${t.config.REDIS_PREFIX}:catalog:{${A.tenantId}}:v`;
    const version = () => t.ctx.redis.get(versionKey);
    let v = await version();
    const c = await create(A);
    expect(await version()).not.toBe(v);
    v = await version();
    await patch(A, c.id, { name: 'Bumped' });
    expect(await version()).not.toBe(v);
    v = await version();
    await request(t.app)
      .delete(`/api/v1/categories/${c.id}`)
      .set(bearer(await adminToken(t.app, A)));
    expect(await version()).not.toBe(v);
  });
});
