// `npm run db:migrate`: from zero, idempotent, and safe to run concurrently.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { ADMIN_URL } from '../setup/global-setup';

const root = path.resolve(__dirname, '../..');
const created: string[] = [];

function dbUrl(): string {
  const name = `commerce_migtest_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  created.push(name);
  const u = new URL(ADMIN_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

function runMigrate(url: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/platform/db/migrate-cli.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

async function query<T>(url: string, sql: string): Promise<T[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql)).rows as T[];
  } finally {
    await c.end();
  }
}

const migrationCount = readdirSync(path.join(root, 'prisma', 'migrations')).filter((d) => /^\d{14}_/.test(d)).length;

afterAll(async () => {
  const c = new Client({ connectionString: ADMIN_URL });
  await c.connect();
  for (const name of created) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await c.end();
});

describe('npm run db:migrate', () => {
  it('migrates a fresh database from zero, then a second run applies nothing', async () => {
    const url = dbUrl();
    const first = await runMigrate(url);
    expect(first.code).toBe(0);
    expect(first.out).toContain(`migrations: ${migrationCount} applied, 0 already applied`);
    const rows = await query<{ name: string }>(
      url,
      `SELECT name FROM schema_migrations WHERE name <> 'sql/rls' ORDER BY name`,
    );
    expect(rows).toHaveLength(migrationCount);
    const policies = await query<{ n: string }>(
      url,
      `SELECT count(*) AS n FROM pg_policies WHERE policyname = 'tenant_isolation'`,
    );
    expect(Number(policies[0]!.n)).toBeGreaterThanOrEqual(16);

    const second = await runMigrate(url);
    expect(second.code).toBe(0);
    expect(second.out).toContain(`migrations: 0 applied, ${migrationCount} already applied`);
  }, 60_000);

  it('a start with nothing to change leaves the policies alone: it never waits on live traffic', async () => {
    const url = dbUrl();
    expect((await runMigrate(url)).code).toBe(0);
    // A request mid-transaction on products (a writer's lock). Re-applying the policies needs
    // an exclusive lock on the table, so a start that re-applied them would wait here (and, with
    // a request locking tables in another order, deadlock it: 40P01).
    const writer = new Client({ connectionString: url });
    await writer.connect();
    try {
      await writer.query('BEGIN');
      await writer.query('LOCK TABLE products IN ROW EXCLUSIVE MODE');
      const second = await Promise.race([
        runMigrate(url),
        new Promise<{ code: number; out: string }>((r) => setTimeout(() => r({ code: -1, out: 'blocked' }), 15_000)),
      ]);
      expect(second).toEqual({ code: 0, out: expect.stringContaining('RLS policies already current') });
    } finally {
      await writer.query('ROLLBACK');
      await writer.end();
    }
  }, 60_000);

  it('two concurrent runs on a fresh database both succeed and apply each migration once', async () => {
    const url = dbUrl();
    const [x, y] = await Promise.all([runMigrate(url), runMigrate(url)]);
    expect([x.code, y.code, x.code ? x.out : '', y.code ? y.out : '']).toEqual([0, 0, '', '']);
    const rows = await query<{ name: string }>(url, `SELECT name FROM schema_migrations WHERE name <> 'sql/rls'`);
    expect(rows).toHaveLength(migrationCount);
    expect(new Set(rows.map((r) => r.name)).size).toBe(migrationCount);
  }, 60_000);

  it('fails loudly, exit 1, when the database cannot be reached', async () => {
    const r = await runMigrate('postgresql://postgres@127.0.0.1:1/nowhere');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/migration failed/);
  }, 30_000);
});
