// orders → payments is one-way (issue 13): orders use payments' small API through its
// index.ts; payments reach orders only through the OrdersForPayments port they are given.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = (m: string) => join(__dirname, '../../src/modules', m);
const imports = (m: string) =>
  readdirSync(dir(m))
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) =>
      [...readFileSync(join(dir(m), f), 'utf8').matchAll(/from '([^']+)'/g)].map((x) => ({ file: f, from: x[1]! })),
    );

describe('orders ↔ payments', () => {
  it('payments import nothing from orders', () => {
    expect(imports('payments').filter((i) => /(^|\/)orders(\/|$)/.test(i.from))).toEqual([]);
  });

  it('orders reach payments only through its index (no provider or repository of payments)', () => {
    const fromPayments = imports('orders').filter((i) => /(^|\/)payments(\/|$)/.test(i.from));
    expect(fromPayments.length).toBeGreaterThan(0);
    for (const i of fromPayments) expect(i.from).toBe('../payments');
  });
});
