// The module boundaries of docs/architecture.md, as `npm run lint` enforces them
// (no-restricted-imports in eslint.config.mjs): each rule refuses a violating import, allows
// the permitted form, and the real tree has no violation.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

interface Case {
  file: string;
  code: string;
}

// ESLint's flat config is an ES module, which Jest's CommonJS VM cannot import: the linting
// runs in one child Node process through ESLint's Node API.
const script = `
import { ESLint } from 'eslint';
const input = JSON.parse(await new Promise((r) => { let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => r(s)); }));
const eslint = new ESLint({ cwd: process.cwd() });
const ids = (results) => results.flatMap((r) => r.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => r.filePath + ': ' + m.message));
const cases = [];
for (const c of input.cases) cases.push(ids(await eslint.lintText(c.code, { filePath: c.file })).length);
const tree = ids(await eslint.lintFiles(['src']));
process.stdout.write(JSON.stringify({ cases, tree }));
`;

function lint(cases: Case[]): { cases: number[]; tree: string[] } {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    input: JSON.stringify({ cases }),
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out) as { cases: number[]; tree: string[] };
}

const refused: Case[] = [
  // platform imports no module, worker or app
  {
    file: 'src/platform/auth/authenticate.ts',
    code: "import { findTenantById } from '../../modules/tenants/tenants.repository';",
  },
  { file: 'src/platform/health.ts', code: "import { tenantLookups } from '../modules/tenants';" },
  { file: 'src/platform/runtime.ts', code: "import { createApp } from '../app';" },
  { file: 'src/platform/runtime.ts', code: "import { startWorkers } from '../workers';" },
  // a module reaches another one only through its index.ts
  {
    file: 'src/modules/catalog/catalog.service.ts',
    code: "import { takeStockCtes } from '../inventory/inventory.repository';",
  },
  {
    file: 'src/modules/catalog/catalog.service.ts',
    code: "import { x } from '../../modules/inventory/inventory.service';",
  },
  { file: 'src/modules/orders/orders.service.ts', code: "import { startWorkers } from '../../workers';" },
  // orders and payments reach each other only through index.ts (no cycle through internals)
  {
    file: 'src/modules/orders/orders.transitions.ts',
    code: "import { refund } from '../payments/payments.repository';",
  },
  {
    file: 'src/modules/payments/payments.service.ts',
    code: "import { lockOrder } from '../orders/orders.repository';",
  },
  // workers, the app and the router list use index.ts files only
  { file: 'src/workers/order-expiry.ts', code: "import { x } from '../modules/webhooks/webhooks.repository';" },
  { file: 'src/app.ts', code: "import { tenantOrigins } from './modules/tenants/tenants.origins';" },
  { file: 'src/modules/index.ts', code: "import { auditRouter } from './audit/audit.controller';" },
];

const allowed: Case[] = [
  { file: 'src/modules/catalog/catalog.service.ts', code: "import { emitLowStockIfCrossed } from '../inventory';" },
  { file: 'src/modules/catalog/catalog.service.ts', code: "import { findProduct } from './catalog.repository';" },
  { file: 'src/modules/catalog/catalog.service.ts', code: "import { withTenant } from '../../platform/db/prisma';" },
  { file: 'src/workers/order-expiry.ts', code: "import { OrdersService } from '../modules/orders';" },
  { file: 'src/app.ts', code: "import { tenantOrigins } from './modules/tenants';" },
  { file: 'src/platform/http/cors.ts', code: "import { AppError } from '../errors';" },
];

describe('module boundaries (eslint no-restricted-imports)', () => {
  let result: { cases: number[]; tree: string[] };
  beforeAll(() => {
    result = lint([...refused, ...allowed]);
  }, 120_000);

  it.each(refused.map((c, i) => [c.file, c.code, i] as const))('refuses in %s: %s', (_f, _c, i) => {
    expect(result.cases[i]).toBe(1);
  });

  it.each(allowed.map((c, i) => [c.file, c.code, refused.length + i] as const))('allows in %s: %s', (_f, _c, i) => {
    expect(result.cases[i]).toBe(0);
  });

  it('finds no violation in src/', () => {
    expect(result.tree).toEqual([]);
  });
});
