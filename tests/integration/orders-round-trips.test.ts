// Order creation stays at its round trips (ADR 0002, 0010) on the write path (ADR 0007):
// BEGIN+SET LOCAL tenant+claim+read (one write), take stock+write everything, COMMIT. Low-stock events of the
// lines that crossed their threshold add ONE statement, however many lines crossed.
import pg from 'pg';
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { registerCustomer, type TestUser } from '../helpers/auth';
import { createProduct, orderBody, outboxTypes, postOrder } from './orders.fixtures';

let t: TestApp;
let tenant: SignedUpTenant;
let alice: TestUser;
beforeAll(async () => {
  t = await makeTestApp();
  tenant = await signUpTenant(t.app);
  alice = await registerCustomer(t.app, tenant);
});
afterAll(() => t.close());

/** The round trips withTenantRaw made during `fn`: its prepared statements (the first one
 * opening the transaction: `BEGIN+` before its text), COMMIT. */
async function orderStatements(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const original = pg.Client.prototype.query;
  const spy = jest.spyOn(pg.Client.prototype, 'query').mockImplementation(function (
    this: pg.Client,
    ...args: unknown[]
  ) {
    const q = args[0] as string | { text: string; name?: string };
    const text = typeof q === 'string' ? q : q.text;
    const opensTx = typeof q === 'object' && q.constructor.name === 'TxOpeningQuery';
    if (text === 'COMMIT' || /^BEGIN/.test(text) || (typeof q === 'object' && q.name?.startsWith('wtr_')))
      seen.push(`${opensTx ? 'BEGIN+' : ''}${text.trim().split(/\s+/).slice(0, 2).join(' ')}`);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as never);
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return seen;
}

describe('POST /orders round trips', () => {
  it('is 3 round trips; lines crossing their threshold add one statement for all their events', async () => {
    const [a, b] = await Promise.all([
      createProduct(t.app, tenant, { price: '5.00', quantity: 100, threshold: 10 }),
      createProduct(t.app, tenant, { price: '7.00', quantity: 100, threshold: 10 }),
    ]);
    let res: { status: number; body: { data: { id: string } } } | undefined;
    const plain = await orderStatements(async () => {
      res = await postOrder(t.app, { bearer: alice.accessToken }, orderBody([{ productId: a.id, quantity: 1 }]));
    });
    expect(res!.status).toBe(201);
    expect(plain).toHaveLength(3);
    expect(plain[0]).toMatch(/^BEGIN\+/);
    expect(plain.slice(1).some((s) => s.startsWith('BEGIN'))).toBe(false);
    expect(plain[2]).toBe('COMMIT');

    // Both lines cross their threshold: 99 → 9 and 100 → 5.
    const crossing = await orderStatements(async () => {
      res = await postOrder(
        t.app,
        { bearer: alice.accessToken },
        orderBody([
          { productId: a.id, quantity: 90 },
          { productId: b.id, quantity: 95 },
        ]),
      );
    });
    expect(res!.status).toBe(201);
    expect(crossing).toHaveLength(4);
    const lowStock = (await outboxTypes(tenant.tenantId)).filter((x) => x === 'inventory.low_stock');
    expect(lowStock).toHaveLength(2);
  });
});
