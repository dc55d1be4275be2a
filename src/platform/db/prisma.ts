// The application's database access: a Prisma client connected as commerce_app
// (non-owner, no BYPASSRLS), and the only two ways to run tenant queries: withTenant() (a
// Prisma transaction) and withTenantRaw() (the same contract on the same pool, for code that
// issues SQL templates only, without Prisma's per-query compile step). Which to use, and when
// SQL is allowed at all: docs/adr/0006-data-access.md; why withTenantRaw exists: ADR 0002.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { Prisma, PrismaClient } from '../../generated/prisma/client';
import { withTimeout } from '../timeout';

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * The SQL-template part of a tenant transaction ($queryRaw / $executeRaw, nothing else). A
 * Prisma Tx (withTenant) has it and so does withTenantRaw's pg connection, so a repository
 * function that takes a SqlTx runs inside either.
 */
export interface SqlTx {
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): PromiseLike<T>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): PromiseLike<number>;
}

/** The pg pool behind each Db made by createDb (shared by Prisma and withTenantRaw). */
const pools = new WeakMap<Db, pg.Pool>();

export function createDb(appUrl: string, poolMax: number): Db {
  const pool = new pg.Pool({ connectionString: appUrl, max: poolMax });
  // Idle-client errors (server restart) must not crash the process; the next checkout reconnects.
  pool.on('error', () => undefined);
  const db = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(db, pool);
  return db;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TxOptions {
  isolationLevel?: 'ReadCommitted' | 'RepeatableRead' | 'Serializable';
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const MAX_WAIT_MS = 10_000;

/**
 * Opens a transaction, sets app.current_tenant_id for that transaction only
 * (set_config(..., true)), and runs fn in it. RLS policies key on that setting, so a
 * query inside fn can only ever see or write rows of this tenant.
 */
export async function withTenant<T>(
  db: Db,
  tenantId: string,
  fn: (tx: Tx) => Promise<T>,
  opts: TxOptions = {},
): Promise<T> {
  if (!UUID_RE.test(tenantId)) throw new Error('withTenant: tenantId must be a UUID');
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT set_config('app.current_tenant_id', ${tenantId}, true)`;
      return fn(tx);
    },
    { isolationLevel: opts.isolationLevel, timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxWait: MAX_WAIT_MS },
  );
}

/**
 * Statement names for pg's per-connection prepared statements, by SQL text. Only
 * withTenantRaw's callers use them: fixed templates with every value a parameter, so the
 * set of texts is small; past the cap, statements simply run unnamed.
 */
const statementNames = new Map<string, string>();
const MAX_NAMED_STATEMENTS = 200;
function statementName(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `wtr_${statementNames.size}`;
    statementNames.set(text, name);
  }
  return name;
}

type QueryCallback = (err: Error | null, res: pg.QueryResult) => void;

/** The parts of pg's Query and Connection that TxOpeningQuery builds on (pg 8, lib/query.js). */
interface PgQueryInternals {
  readonly name?: string;
  prepare(connection: PgConnection): void;
  hasBeenParsed(connection: PgConnection): boolean;
  handleCommandComplete(msg: unknown, connection: PgConnection): void;
  handleError(err: Error, connection: PgConnection): void;
}
interface PgConnection {
  parse(q: { text: string }): void;
  bind(b: object): void;
  execute(e: object): void;
}
const PgQuery = pg.Query as unknown as new (
  config: pg.QueryConfig & { queryMode: 'extended'; callback: QueryCallback },
) => PgQueryInternals;

/**
 * A transaction's first statement, sent with what opens the transaction in the same write and
 * round trip: `BEGIN` and `SET LOCAL app.current_tenant_id = '<uuid>'` (≡ set_config(…, true))
 * go as extended-protocol messages before the statement's own, all under ONE Sync. PostgreSQL
 * runs them in order; an error skips the rest up to the Sync, and a BEGIN that ran keeps the
 * transaction open past the Sync, so the caller's COMMIT or ROLLBACK ends it as before. Both
 * prefix commands answer only CommandComplete (no rows), counted off here before the
 * statement's own result. The statement always goes in extended mode.
 */
class TxOpeningQuery extends PgQuery {
  private prefixLeft = 2;
  private parsedHere = false;
  /**
   * Failed while its named statement's Parse was in the batch: pg may then record the statement
   * as prepared (the prefix's ParseComplete is credited to the active query) although its Parse
   * failed, so the connection's statement bookkeeping is not to be trusted any more.
   */
  uncertain = false;

  constructor(
    config: pg.QueryConfig,
    private readonly tenantLiteral: string,
    callback: QueryCallback,
  ) {
    super({ ...config, queryMode: 'extended', callback });
  }

  override prepare(connection: PgConnection): void {
    // Called corked by Query.submit: everything below leaves in one write.
    this.parsedHere = !!this.name && !this.hasBeenParsed(connection);
    connection.parse({ text: 'BEGIN' });
    connection.bind({});
    connection.execute({});
    connection.parse({ text: `SET LOCAL app.current_tenant_id = '${this.tenantLiteral}'` });
    connection.bind({});
    connection.execute({});
    super.prepare(connection);
  }

  override handleCommandComplete(msg: unknown, connection: PgConnection): void {
    if (this.prefixLeft > 0) this.prefixLeft--;
    else super.handleCommandComplete(msg, connection);
  }

  override handleError(err: Error, connection: PgConnection): void {
    this.uncertain = this.parsedHere;
    super.handleError(err, connection);
  }
}

/**
 * withTenantRaw's SqlTx on `client`. The transaction is opened by the first statement
 * (TxOpeningQuery): `begun` says whether one was sent; `discard`, that the connection should
 * not go back to the pool.
 */
function pgSqlTx(
  client: pg.PoolClient,
  tenantLiteral: string,
): SqlTx & { readonly begun: boolean; readonly discard: boolean } {
  let opening: TxOpeningQuery | undefined;
  const run = (query: TemplateStringsArray | Prisma.Sql, values: unknown[]): Promise<pg.QueryResult> => {
    const q = query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values);
    const config: pg.QueryConfig = { name: statementName(q.text), text: q.text, values: q.values };
    if (opening) return client.query(config);
    // A submittable is not a promise: its callback settles one.
    return new Promise((resolve, reject) => {
      opening = new TxOpeningQuery(config, tenantLiteral, (err, res) => (err ? reject(err) : resolve(res)));
      client.query(opening as unknown as pg.QueryConfig);
    });
  };
  return {
    get begun() {
      return opening !== undefined;
    },
    get discard() {
      return opening?.uncertain ?? false;
    },
    $queryRaw: async <T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) =>
      (await run(query, values)).rows as T,
    $executeRaw: async (query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) =>
      (await run(query, values)).rowCount ?? 0,
  };
}

/**
 * withTenant for code that issues only raw SQL ($queryRaw/$executeRaw tagged templates):
 * the same guarantees (one transaction on one pooled connection of the app role, RLS via
 * a transaction-local app.current_tenant_id, READ COMMITTED, rollback on any error), run
 * on the pg pool directly. BEGIN and the tenant setting travel with the first statement (no
 * round trip of their own), statements are prepared once per connection, and no Prisma query
 * compilation happens per statement.
 * Falls back to withTenant for a Db not made by createDb.
 */
export async function withTenantRaw<T>(
  db: Db,
  tenantId: string,
  fn: (tx: SqlTx) => Promise<T>,
  opts: { timeoutMs?: number } = {},
): Promise<T> {
  if (!UUID_RE.test(tenantId)) throw new Error('withTenant: tenantId must be a UUID');
  const pool = pools.get(db);
  if (!pool) return withTenant(db, tenantId, fn, opts);
  const client = await connectWithin(pool, MAX_WAIT_MS);
  const started = Date.now();
  // A connection whose BEGIN, ROLLBACK or COMMIT failed is discarded, not reused (and one
  // whose prepared statements pg may have mis-recorded: TxOpeningQuery.uncertain).
  let healthy = false;
  try {
    // tenantId is a validated UUID, so it can be a literal. BEGIN and the setting travel with
    // the first statement (one write, one round trip: TxOpeningQuery), not on their own.
    const tx = pgSqlTx(client, tenantId.toLowerCase());
    let result: T;
    try {
      result = await fn(tx);
      if (Date.now() - started > (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS))
        throw new Error('Transaction timed out before commit; rolled back');
    } catch (err) {
      if (!tx.begun)
        healthy = true; // nothing was sent: no transaction to end
      else
        await client.query('ROLLBACK').then(
          () => (healthy = !tx.discard),
          () => undefined,
        );
      throw err;
    }
    // A transaction that ran no statement has nothing to commit.
    if (tx.begun) await client.query('COMMIT');
    healthy = true;
    return result;
  } finally {
    client.release(!healthy);
  }
}

/** A pool connection within `ms`; one that comes after the caller gave up goes back to the pool. */
function connectWithin(pool: pg.Pool, ms: number): Promise<pg.PoolClient> {
  return withTimeout(pool.connect(), ms, `Timed out after ${ms} ms waiting for a database connection`, (c) =>
    c.release(),
  );
}
