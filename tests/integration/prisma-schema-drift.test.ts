// schema.prisma declares every column the SQL migrations create, so `prisma migrate diff`
// (the command that drafts new migrations, see docs/adr/0006-data-access.md) proposes to
// drop nothing they made. Two checks: Prisma's own diff from the migrations to the schema,
// and the columns of this run's migrated test database against those schema.prisma declares.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';

const root = path.resolve(__dirname, '../..');
const schemaPath = path.join(root, 'prisma', 'schema.prisma');
const ownerUrl = process.env.TEST_DATABASE_URL!;
// prisma.config.ts names its shadow databases after this prefix; a crashed run leaves one.
const shadowPrefix = `prisma_shadow_${process.env.TEST_RUN_ID ?? process.pid}`;

// Differences the diff may report, each with its reason. Empty today: Prisma 6.19's diff
// leaves alone what schema.prisma cannot express (partial and expression indexes, GIN
// storage parameters such as fastupdate = off, CHECK constraints, fillfactor), and every
// column, including the two generated ones (@ignore + dbgenerated), is declared.
const TOLERATED: ReadonlyMap<string, string> = new Map<string, string>([]);

const tmp = mkdtempSync(path.join(tmpdir(), 'prisma-drift-'));

afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  const c = new Client({ connectionString: ownerUrl });
  await c.connect();
  const left = await c.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [
    shadowPrefix,
  ]);
  for (const { datname } of left.rows) await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  await c.end();
});

/** `prisma migrate diff --from-migrations … --to-schema-datamodel <schema> --script`, as SQL statements. */
function diffFromMigrations(schema: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const args = ['migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema-datamodel', schema];
    const child = spawn(
      process.execPath,
      [path.join(root, 'node_modules/prisma/build/index.js'), ...args, '--script'],
      {
        cwd: root,
        env: {
          ...process.env,
          DATABASE_URL: ownerUrl,
          PRISMA_SHADOW_PREFIX: shadowPrefix,
          PRISMA_HIDE_UPDATE_MESSAGE: '1',
        },
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      // An empty script (no "-- This is an empty migration." either) is the failure mode of a
      // broken engine set-up that still exits 0: never read it as "no drift".
      if (code !== 0 || !out.includes('--'))
        return reject(new Error(`prisma migrate diff exited ${code}:\n${err}${out}`));
      const sql = out.replace(/^--.*$/gm, '');
      resolve(
        sql
          .split(/;\s*$/m)
          .map((s) => s.replace(/\s+/g, ' ').trim())
          .filter(Boolean),
      );
    });
  });
}

/** table → columns, as schema.prisma declares them (scalar fields, @map honoured, relations skipped). */
function declaredColumns(schema: string): Map<string, Set<string>> {
  const models = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)];
  const modelNames = new Set(models.map((m) => m[1]));
  const tables = new Map<string, Set<string>>();
  for (const [, name, body] of models) {
    const table = /@@map\("([^"]+)"\)/.exec(body!)?.[1] ?? name!;
    const cols = new Set<string>();
    for (const line of body!.split('\n')) {
      const field = /^\s*(\w+)\s+(\w+)/.exec(line);
      if (!field || modelNames.has(field[2]!)) continue;
      cols.add(/@map\("([^"]+)"\)/.exec(line)?.[1] ?? field[1]!);
    }
    tables.set(table, cols);
  }
  return tables;
}

describe('schema.prisma and the SQL migrations', () => {
  it('declares every table and column of the migrated database', async () => {
    const declared = declaredColumns(readFileSync(schemaPath, 'utf8'));
    const c = new Client({ connectionString: ownerUrl });
    await c.connect();
    const { rows } = await c
      .query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`, // the runner's own ledger
      )
      .finally(() => c.end());
    expect(rows.length).toBeGreaterThan(100);
    const missing = rows
      .filter((r) => !declared.get(r.table_name)?.has(r.column_name))
      .map((r) => `${r.table_name}.${r.column_name}`);
    expect(missing).toEqual([]);
  });

  it('prisma migrate diff proposes nothing (no DROP), and does see a column schema.prisma lacks', async () => {
    // The control: the same schema without inventory.is_low must make the diff drop it, which
    // proves the shadow database really was migrated and compared.
    const withoutIsLow = path.join(tmp, 'schema.prisma');
    writeFileSync(withoutIsLow, readFileSync(schemaPath, 'utf8').replace(/^\s*isLow\s.*$/m, ''));
    const [statements, control] = await Promise.all([diffFromMigrations(schemaPath), diffFromMigrations(withoutIsLow)]);

    expect(control).toContain('ALTER TABLE "inventory" DROP COLUMN "is_low"');
    expect(statements.filter((s) => /\bDROP\b/i.test(s) && !TOLERATED.has(s))).toEqual([]);
    expect(statements.filter((s) => !TOLERATED.has(s))).toEqual([]);
  });
});
