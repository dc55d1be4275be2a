// Tenant context stays transaction-local (issue 18, PgBouncer in transaction mode): a
// server connection is shared by many clients between transactions, so a session-level
// setting would leak one tenant's context into another's. Nothing in src/ may call
// set_config(…) with a third argument other than true, or run a plain `SET …` statement
// (only `SET LOCAL`). Statement-initial SET only: `UPDATE … SET` and `DO UPDATE SET` are fine.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '..', '..', 'src');

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) return n === 'generated' ? [] : tsFiles(p);
    return n.endsWith('.ts') ? [p] : [];
  });
}

/** Removes // and /* *\/ comments (not `//` inside a URL such as http://). */
function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/(^|[^:'"`\w])\/\/.*$/gm, '$1');
}

/** The top-level, comma-separated arguments of the call whose "(" is at open. */
function callArgs(code: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let cur = '';
  for (let i = open + 1; i < code.length; i++) {
    const ch = code[i]!;
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    if (ch === ')' || ch === ']' || ch === '}') {
      if (depth === 0) break;
      depth--;
    }
    if (ch === ',' && depth === 0) {
      args.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  args.push(cur.trim());
  return args;
}

const TRUE_ARG = /^(true|'true'|"true"|\$\{\s*true\s*\})$/i;

/** set_config calls whose third argument is not literally true (false, a variable, missing). */
export function sessionSetConfigs(code: string): string[] {
  const found: string[] = [];
  for (const m of stripComments(code).matchAll(/\bset_config\s*\(/gi)) {
    const open = m.index + m[0].length - 1;
    const args = callArgs(stripComments(code), open);
    if (!TRUE_ARG.test(args[2] ?? '')) found.push(`set_config(${args.join(', ')})`);
  }
  return found;
}

/**
 * Statement-initial SET that is not SET LOCAL: right after the opening quote or backtick of a
 * string (after optional whitespace) or after a `;` separating statements. `SET` in an UPDATE
 * or ON CONFLICT … DO UPDATE follows other SQL, so it never matches; nor does Lua's 'SET', (a
 * quoted word followed by a quote, not by whitespace and a name). SQL keywords in src/ are
 * upper case; a lower-case `set` counts when it reads as SQL (`set name =`, `set role`,
 * `set session …`), so that prose in messages ("set METRICS_TOKEN or …") does not.
 */
export function sessionSets(code: string): string[] {
  const text = stripComments(code);
  const found = new Map<number, string>();
  const patterns = [
    /(?:['"`]|;)\s*(SET\s+(?!LOCAL\b)(?:SESSION\s+)?[A-Za-z_][\w.]*)/g,
    /(?:['"`]|;)\s*(set\s+(?!local\b)[a-z_][\w.]*\s*=)/gi,
    /(?:['"`]|;)\s*(set\s+(?:role|session)\s+\w+)/gi,
  ];
  for (const re of patterns)
    for (const m of text.matchAll(re))
      if (!found.has(m.index)) found.set(m.index, m[1]!.replace(/\s+/g, ' ').replace(/\s*=$/, ''));
  return [...found.values()];
}

describe('the matchers', () => {
  it('find session-level set_config calls and accept transaction-local ones', () => {
    expect(sessionSetConfigs("SELECT set_config('app.current_tenant_id', $1, false)")).toHaveLength(1);
    expect(sessionSetConfigs("tx.$executeRaw`SELECT set_config('app.x', ${id}, ${false})`")).toHaveLength(1);
    expect(sessionSetConfigs("q(`SELECT set_config('app.x', $1, 'false')`)")).toHaveLength(1);
    expect(sessionSetConfigs("q(`SELECT set_config('app.x', $1, $2)`, [id, local])")).toHaveLength(1);
    expect(sessionSetConfigs("tx.$executeRaw`SELECT set_config('app.x', ${fn(a, b)}, true)`")).toEqual([]);
    expect(sessionSetConfigs("q(`SELECT set_config('app.x', $1, TRUE)`)")).toEqual([]);
    expect(sessionSetConfigs('// set_config(x, y, false) in a comment')).toEqual([]);
  });

  it('find plain SET statements and ignore SET LOCAL, UPDATE … SET and Lua', () => {
    expect(sessionSets("client.query(`SET app.current_tenant_id = '${id}'`)")).toEqual(['SET app.current_tenant_id']);
    expect(sessionSets("client.query('set search_path = x')")).toEqual(['set search_path']);
    expect(sessionSets("client.query('set role commerce_app')")).toEqual(['set role commerce_app']);
    expect(sessionSets("throw new Error('set METRICS_TOKEN or METRICS_PORT')")).toEqual([]);
    expect(sessionSets("describe('Set when the order ships')")).toEqual([]);
    expect(sessionSets('q(`BEGIN; SET SESSION statement_timeout = 5`)')).toEqual(['SET SESSION statement_timeout']);
    expect(sessionSets('q(`BEGIN;\n  SET role commerce_app`)')).toEqual(['SET role']);
    expect(sessionSets("q(`SET LOCAL app.current_tenant_id = '${id}'`)")).toEqual([]);
    expect(sessionSets('q(`BEGIN; SET LOCAL app.x = 1`)')).toEqual([]);
    expect(sessionSets('tx.$executeRaw`UPDATE products SET updated_at = now()`')).toEqual([]);
    expect(sessionSets('q(`UPDATE inventory i\n    SET on_hand = 1`)')).toEqual([]);
    expect(sessionSets('q(`INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO UPDATE SET a = EXCLUDED.a`)')).toEqual([]);
    expect(sessionSets("redis.call('SET', KEYS[1], v, 'EX', ARGV[2])")).toEqual([]);
    expect(sessionSets('// set the tenant; set it once')).toEqual([]);
  });
});

describe('src/', () => {
  const files = tsFiles(SRC);

  it('has TypeScript files to scan', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('never calls set_config(…) with a third argument other than true', () => {
    const bad = files.flatMap((f) =>
      sessionSetConfigs(readFileSync(f, 'utf8')).map((s) => `${path.relative(SRC, f)}: ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('never runs a plain SET statement: only SET LOCAL', () => {
    const bad = files.flatMap((f) => sessionSets(readFileSync(f, 'utf8')).map((s) => `${path.relative(SRC, f)}: ${s}`));
    expect(bad).toEqual([]);
  });
});
