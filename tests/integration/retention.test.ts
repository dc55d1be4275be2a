// Retention of Idempotency-Keys: expired keys of every tenant are deleted (bounded batches,
// by the retention worker's schedule: RETENTION_CRON, else RETENTION_INTERVAL_MS); live keys
// never, not even one an in-flight request has just taken over; the look-up role's policies
// expose expired keys only.
import { Client } from 'pg';
import { makeTestApp, signUpTenant, testDbUrl, type SignedUpTenant, type TestApp } from '../helpers/app';
import { appClient, ownerQuery } from '../helpers/db';
import { withTenantRaw } from '../../src/platform/db/prisma';
import {
  claimIdempotencyKey,
  purgeExpiredIdempotencyKeys,
} from '../../src/modules/orders/orders.idempotency.repository';
import { OrdersService } from '../../src/modules/orders/orders.service';
import { startRetentionWorker } from '../../src/workers/retention';

let t: TestApp;
let A: SignedUpTenant;
let B: SignedUpTenant;

beforeAll(async () => {
  t = await makeTestApp({ REDIS_PREFIX: `${process.env.TEST_REDIS_PREFIX ?? 'test:local'}:retention` });
  A = await signUpTenant(t.app);
  B = await signUpTenant(t.app);
});
afterAll(() => t.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Inserts a key as the owner; `expiresIn` seconds from now (negative: already expired). */
async function key(tenantId: string, name: string, expiresIn: number): Promise<void> {
  await ownerQuery(
    `INSERT INTO idempotency_keys (id, tenant_id, principal, key, request_hash, response_status, response_body, expires_at)
     VALUES (gen_random_uuid(), $1, 'user:x', $2, 'h', 201, '{}', now() + make_interval(secs => $3::int))`,
    [tenantId, name, expiresIn],
  );
}

const keysOf = async (tenantId: string): Promise<string[]> =>
  (
    await ownerQuery<{ key: string }>('SELECT key FROM idempotency_keys WHERE tenant_id = $1 ORDER BY key', [tenantId])
  ).map((r) => r.key);

/** Expired keys anywhere in the shared test database (other suites leave some too). */
const expiredCount = async (): Promise<number> =>
  (await ownerQuery<{ n: number }>('SELECT count(*)::int AS n FROM idempotency_keys WHERE expires_at < now()'))[0]!.n;

describe('purging expired Idempotency-Keys', () => {
  it('deletes the expired keys of every tenant, in bounded batches, and keeps the live ones', async () => {
    await key(A.tenantId, 'a-old-1', -3600);
    await key(A.tenantId, 'a-old-2', -60);
    await key(A.tenantId, 'a-live', 3600);
    await key(B.tenantId, 'b-old', -1);
    await key(B.tenantId, 'b-live', 86_400);
    const before = await expiredCount();
    expect(before).toBeGreaterThanOrEqual(3);
    // One batch of 2: exactly 2 go, oldest first (A's hour-old key is among them).
    expect(await purgeExpiredIdempotencyKeys(t.ctx.db, 2)).toBe(2);
    expect(await expiredCount()).toBe(before - 2);
    // The service drains the rest in batches.
    expect(await new OrdersService(t.ctx).purgeExpiredIdempotencyKeys(1, 1000)).toBe(before - 2);
    expect(await expiredCount()).toBe(0);
    expect(await keysOf(A.tenantId)).toEqual(['a-live']);
    expect(await keysOf(B.tenantId)).toEqual(['b-live']);
    expect(await purgeExpiredIdempotencyKeys(t.ctx.db, 100)).toBe(0);
  });

  it('keeps an expired key that a request takes over while the purge runs', async () => {
    await key(A.tenantId, 'taken-over', -5);
    const c = await appClient();
    try {
      // A request re-using the expired key claims it (ON CONFLICT UPDATE), not yet committed.
      await c.query('BEGIN');
      await c.query("SELECT set_config('app.current_tenant_id', $1, true)", [A.tenantId]);
      const claimed = await c.query(
        `INSERT INTO idempotency_keys (id, tenant_id, principal, key, request_hash, expires_at)
         VALUES (gen_random_uuid(), $1, 'user:x', 'taken-over', 'h2', now() + interval '1 day')
         ON CONFLICT (tenant_id, principal, key) DO UPDATE
           SET request_hash = EXCLUDED.request_hash, response_status = NULL, response_body = NULL,
               expires_at = EXCLUDED.expires_at
           WHERE idempotency_keys.expires_at <= now()
         RETURNING id`,
        [A.tenantId],
      );
      expect(claimed.rowCount).toBe(1);
      const purge = purgeExpiredIdempotencyKeys(t.ctx.db, 100);
      await sleep(300); // the purge is now waiting for the row lock
      await c.query('COMMIT');
      await purge;
    } finally {
      await c.end();
    }
    const [row] = await ownerQuery<{ request_hash: string; live: boolean }>(
      "SELECT request_hash, expires_at > now() AS live FROM idempotency_keys WHERE tenant_id = $1 AND key = 'taken-over'",
      [A.tenantId],
    );
    expect(row).toEqual({ request_hash: 'h2', live: true });
  });

  it('the look-up role sees and deletes expired keys only, and the API role cannot reach other tenants', async () => {
    await key(B.tenantId, 'policy-live', 3600);
    await key(B.tenantId, 'policy-old', -10);
    const owner = new Client({ connectionString: testDbUrl() });
    await owner.connect();
    try {
      await owner.query('BEGIN');
      await owner.query('SET LOCAL ROLE commerce_definer');
      const seen = await owner.query('SELECT key FROM idempotency_keys WHERE tenant_id = $1', [B.tenantId]);
      expect(seen.rows.map((r: { key: string }) => r.key)).toEqual(['policy-old']);
      const del = await owner.query('DELETE FROM idempotency_keys WHERE tenant_id = $1', [B.tenantId]);
      expect(del.rowCount).toBe(1);
      await owner.query('ROLLBACK');
    } finally {
      await owner.end();
    }
    // As commerce_app in tenant A, B's keys are invisible (and so not deletable).
    const gone = await withTenantRaw(
      t.ctx.db,
      A.tenantId,
      async (tx) => await tx.$executeRaw`DELETE FROM idempotency_keys WHERE key LIKE 'policy-%'`,
    );
    expect(gone).toBe(0);
    expect(await keysOf(B.tenantId)).toEqual(expect.arrayContaining(['policy-live', 'policy-old']));
  });
});

describe('retention worker', () => {
  it('runs on its schedule, deletes expired keys and keeps a key claimed through the API path', async () => {
    await key(A.tenantId, 'worker-old', -30);
    const live = await withTenantRaw(t.ctx.db, A.tenantId, (tx) =>
      claimIdempotencyKey(tx, {
        tenantId: A.tenantId,
        principal: 'user:y',
        key: 'worker-live',
        requestHash: 'h',
        ttlSeconds: 3600,
      }),
    );
    expect(live).toEqual({ kind: 'new' });
    const worker = await startRetentionWorker({ ...t.ctx, config: { ...t.ctx.config, RETENTION_INTERVAL_MS: 1000 } });
    try {
      const end = Date.now() + 10_000;
      while ((await keysOf(A.tenantId)).includes('worker-old')) {
        if (Date.now() > end) throw new Error('retention worker did not delete the expired key');
        await sleep(100);
      }
    } finally {
      await worker.close();
    }
    expect(await keysOf(A.tenantId)).toContain('worker-live');
    const metrics = await t.ctx.metrics.registry.metrics();
    expect(metrics).toMatch(/retention_deleted_total\{kind="idempotency_key"\} [1-9]/);
  });

  it('runs on RETENTION_CRON when it is set, however long RETENTION_INTERVAL_MS is', async () => {
    const config = { ...t.ctx.config, RETENTION_INTERVAL_MS: 3_600_000, RETENTION_CRON: '* * * * * *' };
    const worker = await startRetentionWorker({ ...t.ctx, config });
    try {
      await sleep(1_500); // past the first run: with the hour's interval there would be no second one
      for (const name of ['cron-old-1', 'cron-old-2']) {
        await key(A.tenantId, name, -30);
        const end = Date.now() + 5_000;
        while ((await keysOf(A.tenantId)).includes(name)) {
          if (Date.now() > end) throw new Error(`the cron schedule did not delete ${name}`);
          await sleep(100);
        }
      }
    } finally {
      await worker.close();
    }
  });
});
