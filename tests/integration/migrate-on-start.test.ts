// Migrations as a step of their own (issue 18): MIGRATE_ON_START decides whether a process
// migrates when it starts (default on, off in production, where the deploy runs
// `npm run db:migrate`); with it off, start-up only checks the schema and refuses a database
// that is behind. A start against an up-to-date database takes no ACCESS EXCLUSIVE lock: it
// completes while another transaction holds a lock on a tenant table; the policies are
// re-applied only when the stored checksum of sql/rls differs.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig } from '../../src/platform/config';
import { ensureDatabase, localMigrations, localRls, migrate, RLS_RECORD } from '../../src/platform/db/migrate';
import { prepareDatabase, schemaStatus } from '../../src/platform/db/startup';
import { startApi } from '../helpers/api-process';
import { startEntry } from '../helpers/process';
import { ADMIN_URL } from '../setup/global-setup';

const created: string[] = [];

/** A database of this test's own (dropped in afterAll), created empty. */
async function freshDb(): Promise<string> {
  const name = `commerce_migtest_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  created.push(name);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  await ensureDatabase(u.toString());
  return u.toString();
}

/** A migrated database. The password is the one every test run uses: commerce_app is cluster-wide. */
async function migratedDb(): Promise<string> {
  const url = await freshDb();
  await migrate(url, { appPassword: 'commerce_app' });
  return url;
}

async function connect(url: string): Promise<Client> {
  const c = new Client({ connectionString: url });
  await c.connect();
  return c;
}

async function query<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = await connect(url);
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** Another session's transaction holding ACCESS SHARE on orders (a request reading it): only ACCESS EXCLUSIVE waits for it. */
async function holdOrders(url: string): Promise<Client> {
  const c = await connect(url);
  await c.query('BEGIN');
  await c.query('LOCK TABLE orders IN ACCESS SHARE MODE');
  await c.query('SELECT count(*) FROM orders');
  return c;
}

async function release(c: Client): Promise<void> {
  await c.query('ROLLBACK');
  await c.end();
}

function appUrl(url: string, password: string): string {
  const u = new URL(url);
  u.username = 'commerce_app';
  u.password = password;
  return u.toString();
}

/** The promise's value, or 'timeout' if it is still pending after ms. */
function within<T>(p: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), ms)))]).finally(() =>
    clearTimeout(timer),
  );
}

/** pg_locks is server-wide: only this database's locks (other test runs share the server). */
const THIS_DB = `database = (SELECT oid FROM pg_database WHERE datname = current_database())`;

const silent = { info: () => undefined, warn: () => undefined };
const startOpts = (url: string, migrateOnStart: boolean) => ({
  DATABASE_URL: url,
  DATABASE_APP_PASSWORD: 'commerce_app',
  MIGRATE_ON_START: migrateOnStart,
});

afterAll(async () => {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  for (const name of created) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await c.end();
});

describe('MIGRATE_ON_START', () => {
  const prod = { NODE_ENV: 'production', DATABASE_APP_PASSWORD: 's3cret', METRICS_TOKEN: 'm' };

  it('defaults to on in development and test, off in production; the variable overrides both', () => {
    expect(loadConfig({}).MIGRATE_ON_START).toBe(true);
    expect(loadConfig({ NODE_ENV: 'test' }).MIGRATE_ON_START).toBe(true);
    expect(loadConfig(prod).MIGRATE_ON_START).toBe(false);
    expect(loadConfig({ ...prod, MIGRATE_ON_START: 'true' }).MIGRATE_ON_START).toBe(true);
    expect(loadConfig({ MIGRATE_ON_START: 'false' }).MIGRATE_ON_START).toBe(false);
    expect(loadConfig({ MIGRATE_ON_START: '' }).MIGRATE_ON_START).toBe(true);
    expect(() => loadConfig({ MIGRATE_ON_START: 'sometimes' })).toThrow(/MIGRATE_ON_START/);
  });
});

describe('start-up with migrations off', () => {
  it('refuses an empty database, naming the pending migrations and what to run', async () => {
    const url = await freshDb();
    await expect(prepareDatabase(startOpts(url, false), silent)).rejects.toThrow(
      /database schema is behind this release \(MIGRATE_ON_START is off\): \d+ pending migration\(s\).*npm run db:migrate/,
    );
    // It only looked: nothing was created.
    expect(await query(url, `SELECT to_regclass('schema_migrations') AS t`)).toEqual([{ t: null }]);
  }, 60_000);

  it('starts on an up-to-date database, refuses one missing its newest migration, warns on one ahead', async () => {
    const url = await migratedDb();
    await expect(prepareDatabase(startOpts(url, false), silent)).resolves.toBeUndefined();
    expect(await schemaStatus(url)).toEqual({ pending: [], changed: [], unknown: [], rls: 'current' });

    const newest = localMigrations().at(-1)!.name;
    await query(url, 'DELETE FROM schema_migrations WHERE name = $1', [newest]);
    await expect(prepareDatabase(startOpts(url, false), silent)).rejects.toThrow(
      new RegExp(`1 pending migration\\(s\\): ${newest}`),
    );
    await query(url, 'UPDATE schema_migrations SET checksum = $2 WHERE name <> $1', [RLS_RECORD, 'edited']);
    await query(url, `INSERT INTO schema_migrations (name, checksum) VALUES ($1, 'x')`, [newest]);
    await expect(prepareDatabase(startOpts(url, false), silent)).rejects.toThrow(/changed after they were applied/);

    // A newer release migrated it (a rolling deploy's old pod restarts): start, with a warning.
    const url2 = await migratedDb();
    await query(url2, `INSERT INTO schema_migrations (name, checksum) VALUES ('29991231000000_future', 'x')`);
    await query(url2, 'UPDATE schema_migrations SET checksum = $2 WHERE name = $1', [RLS_RECORD, 'newer']);
    const warnings: string[] = [];
    await prepareDatabase(startOpts(url2, false), { info: () => undefined, warn: (_o, m) => warnings.push(m) });
    expect(warnings).toEqual([
      expect.stringContaining('migrations this release does not know'),
      expect.stringContaining('sql/rls checksum differs'),
    ]);
  }, 60_000);

  it('NODE_ENV=production: the process exits 1 with one fatal line when a migration is pending', async () => {
    const url = await freshDb();
    const { ready, output, exited } = await startEntry(
      'src/api.ts',
      {
        NODE_ENV: 'production',
        DATABASE_URL: url,
        // A non-default app password without touching the cluster-wide role's (no migration runs anyway).
        DATABASE_APP_PASSWORD: '',
        DATABASE_APP_URL: appUrl(url, 'not-the-default'),
        METRICS_TOKEN: 'a-metrics-token',
        EMBEDDED_POSTGRES: 'never',
        EMBEDDED_REDIS: 'never',
        PORT: '0',
        HOST: '127.0.0.1',
        MIGRATE_ON_START: '',
      },
      /Commerce API ready/,
      30_000,
    );
    expect(await exited).toBe(1);
    expect(ready).toBeNull();
    const fatal = output()
      .split('\n')
      .filter((l) => l.startsWith('fatal: '));
    expect(fatal).toEqual([
      expect.stringMatching(/^fatal: database schema is behind this release .*npm run db:migrate/),
    ]);
    expect(output()).not.toMatch(/^\s+at /m);
    expect(await query(url, `SELECT to_regclass('schema_migrations') AS t`)).toEqual([{ t: null }]);
  }, 60_000);
});

describe('a second start against an up-to-date database', () => {
  it('takes no ACCESS EXCLUSIVE lock: it completes while a transaction holds ACCESS SHARE on orders', async () => {
    const url = await migratedDb();
    const holder = await holdOrders(url);
    try {
      // The migrate step itself, as `npm run db:migrate` runs it.
      const m = await within(migrate(url, { appPassword: 'commerce_app' }), 10_000);
      expect(m).toEqual({ applied: [], alreadyApplied: localMigrations().length, rls: 'current' });
      // The start-up step, with migrations on (development) and off (production).
      expect(await within(prepareDatabase(startOpts(url, true), silent), 10_000)).toBeUndefined();
      expect(await within(prepareDatabase(startOpts(url, false), silent), 10_000)).toBeUndefined();
      // Nobody is waiting on the holder's lock.
      const waiting = await query(
        url,
        `SELECT mode FROM pg_locks WHERE NOT granted AND locktype = 'relation' AND ${THIS_DB}`,
      );
      expect(waiting).toEqual([]);
    } finally {
      await release(holder);
    }
  }, 60_000);

  it('a whole API process starts (and is ready) while the lock is held', async () => {
    const url = await migratedDb();
    const holder = await holdOrders(url);
    let api: Awaited<ReturnType<typeof startApi>> | undefined;
    try {
      api = await startApi({ DATABASE_URL: url, DATABASE_APP_URL: '' });
      const res = await fetch(`${api.base}/health`);
      expect(res.status).toBe(200);
    } finally {
      if (api) {
        api.child.kill('SIGTERM');
        await api.exited;
      }
      await release(holder);
    }
  }, 90_000);

  it('re-applies the policies when the stored sql/rls checksum differs (and that one does wait for the lock)', async () => {
    const url = await migratedDb();
    await query(url, 'UPDATE schema_migrations SET checksum = $2 WHERE name = $1', [RLS_RECORD, 'stale']);
    const holder = await holdOrders(url);
    const run = migrate(url, { appPassword: 'commerce_app' });
    let released = false;
    try {
      // Re-applying takes ACCESS EXCLUSIVE on the tenant tables: it queues behind the holder.
      expect(await within(run, 3_000)).toBe('timeout');
      const waiting = await query<{ relname: string; mode: string }>(
        url,
        `SELECT c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE NOT l.granted AND l.${THIS_DB}`,
      );
      expect(waiting).toEqual([{ relname: 'orders', mode: 'AccessExclusiveLock' }]);
      await release(holder);
      released = true;
      expect(await within(run, 30_000)).toEqual({
        applied: [],
        alreadyApplied: localMigrations().length,
        rls: 'applied',
      });
    } finally {
      if (!released) await release(holder);
      await run.catch(() => undefined);
    }
    const stored = await query<{ checksum: string }>(url, 'SELECT checksum FROM schema_migrations WHERE name = $1', [
      RLS_RECORD,
    ]);
    expect(stored).toEqual([{ checksum: localRls().checksum }]);
    // And the next start is quiet again.
    const holder2 = await holdOrders(url);
    try {
      expect(await within(migrate(url, { appPassword: 'commerce_app' }), 10_000)).toMatchObject({ rls: 'current' });
    } finally {
      await release(holder2);
    }
  }, 90_000);
});
