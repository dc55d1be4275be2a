// Prisma CLI configuration. Native engines cannot be downloaded on our machines, so
// the CLI uses the JS schema engine through the pg driver adapter (see
// ../shared/docs/prisma-offline.md). Only `prisma generate` and `prisma migrate diff`
// are used; migrations are applied by our own runner (`npm run db:migrate`).
import { randomBytes } from 'node:crypto';
import { defineConfig } from 'prisma/config';

// `prisma generate` needs a URL in the datasource (else it tries to download the query
// engine); it never connects, so the default is enough.
process.env.DATABASE_URL ??= 'postgresql://postgres@127.0.0.1:5432/commerce';

type Rows = unknown[][] & { charColumns?: number[] };
interface Internals {
  performIO(q: unknown): Promise<{ fields: { dataTypeID: number }[]; rows: Rows }>;
  queryRaw(q: unknown): Promise<{ columnTypes: number[]; rows: Rows }>;
  executeRaw(q: { sql: string; args: unknown[] }): Promise<number>;
  onError(e: unknown): never;
}

// prisma/prisma#27403: adapter-pg 6.x cannot read the catalog types `name` (OID 19) and
// `"char"` (OID 18) that Migrate's introspection selects. A name is read as text; a "char"
// (e.g. pg_constraint.contype of our CHECK constraints) must reach the engine as a
// Character column (ColumnTypeEnum.Character = 6), or the engine panics ("unreachable").
function readCatalogTypes<A>(adapter: A): A {
  const a = adapter as unknown as Internals;
  const performIO = a.performIO.bind(a);
  a.performIO = async (q) => {
    const r = await performIO(q);
    r.rows.charColumns = [];
    r.fields.forEach((f, i) => {
      if (f.dataTypeID === 18) r.rows.charColumns!.push(i);
      if (f.dataTypeID === 18 || f.dataTypeID === 19) f.dataTypeID = 25;
    });
    return r;
  };
  const queryRaw = a.queryRaw.bind(a);
  a.queryRaw = async (q) => {
    const r = await queryRaw(q);
    for (const i of r.rows.charColumns ?? []) r.columnTypes[i] = 6;
    return r;
  };
  return adapter;
}

// The adapter for the OWNER database, fixed so that `prisma migrate diff --from-migrations`
// works (tests/integration/prisma-schema-drift.test.ts runs it).
async function ownerAdapter() {
  const { PrismaPg } = await import('@prisma/adapter-pg');
  const { default: pg } = await import('pg');
  const url = process.env.DATABASE_URL!;

  class OwnerPg extends PrismaPg {
    override async connect() {
      return readCatalogTypes(await super.connect());
    }

    // The stock version builds the shadow pool from `{ connectionString, database }`, and pg
    // lets the connection string win: it silently used the MAIN database. It also splits a
    // script on every ";" (our migrations' comments have some), whereas PostgreSQL's simple
    // query protocol runs a whole script in one call. PRISMA_SHADOW_PREFIX lets a caller find
    // (and drop) a shadow database left behind by a crashed run.
    override async connectToShadowDb() {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const name = `${process.env.PRISMA_SHADOW_PREFIX ?? 'prisma_shadow'}_${randomBytes(6).toString('hex')}`;
      await admin.query(`CREATE DATABASE "${name}"`);
      const u = new URL(url);
      u.pathname = `/${name}`;
      const pool = new pg.Pool({ connectionString: u.toString(), max: 2, allowExitOnIdle: true });
      const adapter = readCatalogTypes(await new PrismaPg(pool, { disposeExternalPool: true }).connect());
      // Migrate applies each migration file as one executeRaw without parameters.
      const a = adapter as unknown as Internals;
      const executeRaw = a.executeRaw.bind(a);
      const runScript = async (sql: string) => {
        await pool.query(sql).catch((e: unknown) => a.onError(e));
        return 0;
      };
      a.executeRaw = (q) => (q.args.length === 0 ? runScript(q.sql) : executeRaw(q));
      adapter.executeScript = async (script: string) => void (await runScript(script));
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose();
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.end();
      };
      return adapter;
    }
  }
  return new OwnerPg({ connectionString: url, allowExitOnIdle: true });
}

export default defineConfig({
  schema: 'prisma/schema.prisma',
  experimental: { adapter: true },
  engine: 'js',
  adapter: ownerAdapter,
});
