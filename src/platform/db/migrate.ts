// Migration runner: applies prisma/migrations/*/migration.sql in order (each once, recorded
// in schema_migrations), then re-applies sql/rls/*.sql (idempotent roles, grants, policies,
// functions) only when a migration ran or those files' checksum differs from the one stored
// in schema_migrations (row 'sql/rls'): re-applying them takes ACCESS EXCLUSIVE locks on the
// tenant tables, which a run against an up-to-date database must never take. Everything runs
// under a PostgreSQL advisory lock, so concurrent runs are safe. Deploys run it as a step of
// its own (`npm run db:migrate`); processes run it on start only with MIGRATE_ON_START
// (startup.ts).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

const LOCK_KEY = 723_451_901; // arbitrary, fixed: "commerce migrations"

export interface MigrateResult {
  applied: string[];
  alreadyApplied: number;
  /** 'applied': sql/rls ran; 'current': skipped, nothing it defines could have changed. */
  rls: 'applied' | 'current';
}

/** The schema_migrations row recording the checksum of the sql/rls files last applied. */
export const RLS_RECORD = 'sql/rls';

/** Every prisma/migrations/<name>/migration.sql, in order, with the checksum each is recorded under. */
export function localMigrations(root = projectRoot()): Array<{ name: string; sql: string; checksum: string }> {
  const migDir = path.join(root, 'prisma', 'migrations');
  return readdirSync(migDir)
    .filter((n) => existsSync(path.join(migDir, n, 'migration.sql')))
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(migDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/** The sql/rls files, in order, and the one checksum over all of them. */
export function localRls(root = projectRoot()): { sql: string[]; checksum: string } {
  const rlsDir = path.join(root, 'sql', 'rls');
  const sql = readdirSync(rlsDir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => readFileSync(path.join(rlsDir, f), 'utf8'));
  return { sql, checksum: createHash('sha256').update(sql.join('\0')).digest('hex') };
}

export function projectRoot(): string {
  // Works from src/ (tsx, jest) and from dist/src/ (built).
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return dir;
}

/** Creates the database named in url if it does not exist (connecting to "postgres"). */
export async function ensureDatabase(url: string): Promise<void> {
  const u = new URL(url);
  const name = decodeURIComponent(u.pathname.slice(1));
  u.pathname = '/postgres';
  const c = new Client({ connectionString: u.toString() });
  await c.connect();
  try {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (r.rowCount === 0) {
      try {
        await c.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } catch (e) {
        if (!['42P04', '23505'].includes((e as { code?: string }).code ?? '')) throw e; // created concurrently
      }
    }
  } finally {
    await c.end();
  }
}

export async function migrate(
  ownerUrl: string,
  opts: { appPassword?: string; log?: (msg: string) => void } = {},
): Promise<MigrateResult> {
  const log = opts.log ?? (() => undefined);
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map(
      (await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations')).rows.map(
        (r) => [r.name, r.checksum],
      ),
    );
    const migrations = localMigrations();
    const applied: string[] = [];
    for (const { name, sql, checksum: sum } of migrations) {
      const prev = done.get(name);
      if (prev !== undefined) {
        if (prev !== sum) throw new Error(`migration ${name} was changed after it was applied`);
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)', [name, sum]);
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${name} failed: ${(e as Error).message}`);
      }
      applied.push(name);
      log(`applied migration ${name}`);
    }
    const { sql: rlsSql, checksum: rlsSum } = localRls();
    // Re-applying policies takes an exclusive lock on every tenant table, in file order; on a
    // live database that blocks traffic and can deadlock a request that locks two of them in
    // another order (seen: 40P01 on POST /products while a second process started). So the
    // phase runs only when it can change something: a migration ran, or the files changed.
    const rlsCurrent = applied.length === 0 && done.get(RLS_RECORD) === rlsSum;
    if (rlsCurrent && opts.appPassword === undefined)
      return { applied, alreadyApplied: migrations.length, rls: 'current' };
    // Roles are cluster-wide: migrations of other databases on the same server may alter
    // them at the same moment ("tuple concurrently updated"). The phase is idempotent, so retry.
    for (let attempt = 1; ; attempt++) {
      await client.query('BEGIN');
      try {
        if (!rlsCurrent) {
          for (const sql of rlsSql) await client.query(sql);
          await client.query(
            `INSERT INTO schema_migrations (name, checksum) VALUES ($1, $2)
             ON CONFLICT (name) DO UPDATE SET checksum = EXCLUDED.checksum, applied_at = now()`,
            [RLS_RECORD, rlsSum],
          );
        }
        if (opts.appPassword !== undefined) {
          const lit = (await client.query<{ q: string }>('SELECT quote_literal($1) AS q', [opts.appPassword])).rows[0]!
            .q;
          await client.query(`ALTER ROLE commerce_app PASSWORD ${lit}`);
        }
        await client.query('COMMIT');
        break;
      } catch (e) {
        await client.query('ROLLBACK');
        const err = e as { code?: string; message?: string };
        const transient =
          ['40001', '40P01', '23505', '42710', 'XX000'].includes(err.code ?? '') &&
          /concurrent|deadlock|duplicate|already exists|serializ/i.test(err.message ?? '');
        if (!transient || attempt >= 8) throw e;
        log(`roles/policies phase retry ${attempt}: ${err.message}`);
        await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
      }
    }
    return { applied, alreadyApplied: migrations.length - applied.length, rls: rlsCurrent ? 'current' : 'applied' };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    await client.end();
  }
}
