// The database step of a process start (runtime.ts). With MIGRATE_ON_START (the default
// outside production) it migrates, as `npm run db:migrate` does; otherwise (production: a
// deploy runs `npm run db:migrate` as a Job or Helm hook before rolling out) it only checks,
// read-only, that the schema is not behind this code and refuses to start if it is.
import { Client } from 'pg';
import { ensureDatabase, localMigrations, localRls, migrate, RLS_RECORD } from './migrate';

export interface SchemaStatus {
  /** Migrations this code has that the database has not applied. */
  pending: string[];
  /** Applied migrations whose file has changed since. */
  changed: string[];
  /** Applied migrations this code does not know: the database is ahead (a newer release migrated it). */
  unknown: string[];
  /** The stored checksum of sql/rls: 'current', 'different' (older or newer code applied them) or 'missing'. */
  rls: 'current' | 'different' | 'missing';
}

/** Reads schema_migrations over the owner connection (commerce_app may not read it); takes no lock but ACCESS SHARE. */
export async function schemaStatus(ownerUrl: string): Promise<SchemaStatus> {
  const client = new Client({
    connectionString: ownerUrl,
    connectionTimeoutMillis: 10_000,
    statement_timeout: 10_000,
  });
  await client.connect();
  try {
    const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations') AS t`);
    const rows =
      exists.rows[0]?.t == null
        ? []
        : (await client.query<{ name: string; checksum: string }>('SELECT name, checksum FROM schema_migrations')).rows;
    const done = new Map(rows.map((r) => [r.name, r.checksum]));
    const local = localMigrations();
    const known = new Set(local.map((m) => m.name));
    const rlsSum = done.get(RLS_RECORD);
    done.delete(RLS_RECORD);
    return {
      pending: local.filter((m) => !done.has(m.name)).map((m) => m.name),
      changed: local.filter((m) => done.has(m.name) && done.get(m.name) !== m.checksum).map((m) => m.name),
      unknown: [...done.keys()].filter((n) => !known.has(n)).sort(),
      rls: rlsSum === undefined ? 'missing' : rlsSum === localRls().checksum ? 'current' : 'different',
    };
  } finally {
    await client.end();
  }
}

export interface PrepareOptions {
  DATABASE_URL: string;
  DATABASE_APP_PASSWORD: string;
  MIGRATE_ON_START: boolean;
}

interface Log {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * Migrates (MIGRATE_ON_START) or checks that the schema is current. Throws, with a message
 * naming what to run, when migrations are off and the database is behind: a pending or
 * edited migration, or policies never applied. A database ahead of the code (a newer release
 * migrated it; this process is an old pod of a rolling deploy) and an RLS checksum that
 * differs (it cannot tell older from newer) only warn.
 */
export async function prepareDatabase(config: PrepareOptions, log: Log): Promise<void> {
  if (config.MIGRATE_ON_START) {
    await ensureDatabase(config.DATABASE_URL);
    const m = await migrate(config.DATABASE_URL, { appPassword: config.DATABASE_APP_PASSWORD });
    log.info({ applied: m.applied.length, rls: m.rls }, 'database migrated');
    return;
  }
  let s: SchemaStatus;
  try {
    s = await schemaStatus(config.DATABASE_URL);
  } catch (e) {
    throw new Error(
      `MIGRATE_ON_START is off and the schema could not be checked over DATABASE_URL: ${(e as Error).message}`,
    );
  }
  const problems: string[] = [];
  if (s.pending.length)
    problems.push(
      `${s.pending.length} pending migration(s): ${s.pending.slice(0, 5).join(', ')}${s.pending.length > 5 ? ', …' : ''}`,
    );
  if (s.changed.length) problems.push(`migration(s) changed after they were applied: ${s.changed.join(', ')}`);
  if (s.rls === 'missing') problems.push('row-level security policies (sql/rls) were never applied');
  if (problems.length)
    throw new Error(
      `database schema is behind this release (MIGRATE_ON_START is off): ${problems.join('; ')}. ` +
        "Run `npm run db:migrate` (the deploy's migration Job) first, or set MIGRATE_ON_START=true.",
    );
  if (s.unknown.length)
    log.warn(
      { unknown: s.unknown },
      'database has migrations this release does not know (a newer release migrated it)',
    );
  if (s.rls === 'different')
    log.warn(
      {},
      'sql/rls checksum differs from the one applied: run `npm run db:migrate` if this release changed them',
    );
  log.info({ migrations: 'current', rls: s.rls }, 'database schema checked (MIGRATE_ON_START off)');
}
