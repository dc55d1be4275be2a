// The write path (src/platform/db/tenant-write.ts, ADR 0007): a write's audit rows and outbox
// events are inserted with it or not at all, in the order declared; invalidations and
// after-commit work run only after a commit, each invalidation once.
import { makeTestApp, signUpTenant, type SignedUpTenant, type TestApp } from '../helpers/app';
import { ownerQuery } from '../helpers/db';
import { Prisma } from '../../src/generated/prisma/client';
import { actorOf } from '../../src/platform/auth/types';

const systemActor = (tenantId: string) => actorOf(undefined, tenantId, null);
import { tenantWrite, tenantWriteRaw } from '../../src/modules/write-path';

let t: TestApp;
let T: SignedUpTenant;
beforeAll(async () => {
  t = await makeTestApp();
  T = await signUpTenant(t.app);
});
afterAll(() => t.close());

const versionKey = () => `${t.config.REDIS_PREFIX}:catalog:{${T.tenantId}}:v`;
const auditRows = (resourceId: string) =>
  ownerQuery<{ action: string; actor_type: string; a: number | null }>(
    `SELECT action, actor_type, (changes->'after'->>'a')::int AS a FROM audit_logs
     WHERE resource = $1 AND resource_id = $2 ORDER BY "timestamp", id`,
    ['tw-test', resourceId],
  );
const events = async (marker: string) =>
  (
    await ownerQuery<{ n: number }>(
      `SELECT (payload->'data'->>'n')::int AS n FROM outbox_events
       WHERE tenant_id = $1 AND payload->'data'->>'marker' = $2 ORDER BY created_at, id`,
      [T.tenantId, marker],
    )
  ).map((r) => r.n);

describe('tenantWrite', () => {
  it('inserts the declared audit rows and events before the commit, in order, then invalidates once and runs the after-commit work', async () => {
    await t.ctx.redis.set(versionKey(), '100');
    const marker = `m-${Math.random()}`;
    const seen: string[] = [];
    const result = await tenantWrite(t.ctx, systemActor(T.tenantId), async (w) => {
      w.audit({ action: 'CREATE', resource: 'tw-test', resourceId: marker, after: { a: 1 } });
      for (let n = 1; n <= 5; n++) w.emit('product.updated', { marker, n });
      for (let a = 2; a <= 5; a++)
        w.audit({ action: 'UPDATE', resource: 'tw-test', resourceId: marker, before: { a: a - 1 }, after: { a } });
      w.invalidate('catalog');
      w.invalidate('catalog');
      w.afterCommit(async () => {
        // Committed: another connection sees the rows; the invalidation already ran.
        seen.push(`rows:${(await auditRows(marker)).length}`, `v:${await t.ctx.redis.get(versionKey())}`);
      });
      w.afterCommit(() => void seen.push('second'));
      // Nothing is written until the callback returns.
      const [{ n }] = await w.tx.$queryRaw<{ n: number }[]>`
        SELECT count(*)::int AS n FROM audit_logs WHERE resource = 'tw-test' AND resource_id = ${marker}`;
      return n;
    });
    expect(result).toBe(0);
    // The audit log reads in (timestamp, id) order: the declared order, within one millisecond too.
    expect((await auditRows(marker)).map((r) => [r.action, r.actor_type, r.a])).toEqual([
      ['CREATE', 'system', 1],
      ['UPDATE', 'system', 2],
      ['UPDATE', 'system', 3],
      ['UPDATE', 'system', 4],
      ['UPDATE', 'system', 5],
    ]);
    // Declared within the same millisecond, still delivered in the declared order.
    expect(await events(marker)).toEqual([1, 2, 3, 4, 5]);
    expect(seen).toEqual(['rows:5', 'v:101', 'second']);
  });

  it('writes nothing, invalidates nothing and runs no after-commit work when the write fails', async () => {
    await t.ctx.redis.set(versionKey(), '200');
    const marker = `m-${Math.random()}`;
    const after = jest.fn();
    await expect(
      tenantWrite(t.ctx, systemActor(T.tenantId), async (w) => {
        w.audit({ action: 'CREATE', resource: 'tw-test', resourceId: marker });
        w.emit('product.updated', { marker, n: 1 });
        w.invalidate('catalog');
        w.afterCommit(after);
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');
    expect(await auditRows(marker)).toEqual([]);
    expect(await events(marker)).toEqual([]);
    expect(await t.ctx.redis.get(versionKey())).toBe('200');
    expect(after).not.toHaveBeenCalled();
  });

  it('raw variant: a hot path takes the inserts into its own statement, conditionally', async () => {
    const kept = `m-${Math.random()}`;
    const dropped = `m-${Math.random()}`;
    for (const [marker, when] of [
      [kept, Prisma.sql`true`],
      [dropped, Prisma.sql`false`],
    ] as const) {
      await tenantWriteRaw(t.ctx, systemActor(T.tenantId), async (w) => {
        w.emit('product.updated', { marker, n: 1 });
        w.audit({ action: 'CREATE', resource: 'tw-test', resourceId: marker });
        const ctes = w.takeInserts(when).map((s, i) => Prisma.sql`${Prisma.raw(`c${i}`)} AS (${s})`);
        await w.tx.$executeRaw`WITH ${Prisma.join(ctes, ', ')} SELECT 1`;
        // Taken: the write path does not insert them a second time.
        expect(w.takeInserts()).toEqual([]);
      });
    }
    expect(await events(kept)).toEqual([1]);
    expect(await auditRows(kept)).toHaveLength(1);
    expect(await events(dropped)).toEqual([]);
    expect(await auditRows(dropped)).toEqual([]);
  });
});
