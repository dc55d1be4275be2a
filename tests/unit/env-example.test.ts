// .env.example must list every variable the service reads (config.ts) and operations.md names.
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const example = readFileSync(path.join(root, '.env.example'), 'utf8');
const listed = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));

it('lists every variable of config.ts', () => {
  const config = readFileSync(path.join(root, 'src/platform/config.ts'), 'utf8');
  const block = config.slice(config.indexOf('const schema = z.object({'), config.indexOf('export type Env'));
  const vars = [...block.matchAll(/^\s{2}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]);
  expect(vars.length).toBeGreaterThan(30);
  expect(vars.filter((v) => !listed.has(v))).toEqual([]);
});

it('lists every variable of the operations contract', () => {
  const opsPath = path.resolve(root, '../shared/docs/operations.md');
  const ops = readFileSync(opsPath, 'utf8');
  const vars = [...ops.matchAll(/^\| `([A-Z][A-Z0-9_]+)`(?: \/ `([A-Z][A-Z0-9_]+)`)?/gm)]
    .flatMap((m) => [m[1], m[2]])
    .filter(Boolean);
  expect(vars.length).toBeGreaterThan(20);
  expect(vars.filter((v) => !listed.has(v!))).toEqual([]);
});
