// A start that cannot succeed ends with exit code 1 and one readable `fatal:` line saying
// what to do, never a stack trace, and leaves nothing running.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEntry } from '../helpers/process';

const NEVER_READY = /Commerce API ready/;

function fatalLines(out: string): string[] {
  return out.split('\n').filter((l) => l.startsWith('fatal: '));
}

it('NODE_ENV=production with the public database password refuses before starting anything', async () => {
  const { ready, output, exited } = await startEntry(
    'src/main.ts',
    {
      NODE_ENV: 'production',
      DATABASE_APP_PASSWORD: '',
      DATABASE_APP_URL: '',
      METRICS_TOKEN: 'a-metrics-token',
      EMBEDDED_POSTGRES: 'always', // would start one if the refusal came any later
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere',
    },
    NEVER_READY,
    20_000,
  );
  expect(await exited).toBe(1);
  const out = output();
  expect(ready).toBeNull();
  expect(fatalLines(out)).toEqual(['fatal: NODE_ENV=production refuses to start:']);
  expect(out).toContain('DATABASE_APP_PASSWORD must be set to a secret');
  expect(out).not.toMatch(/^\s+at /m);
  expect(out).not.toContain('embedded PostgreSQL');
}, 30_000);

describe('an embedded PostgreSQL that cannot start', () => {
  let blocker: Server;
  let port: number;
  let dataDir: string;

  beforeAll(async () => {
    // Something else already listens on the port EMBEDDED_POSTGRES_PORT names.
    blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    port = (blocker.address() as { port: number }).port;
    dataDir = mkdtempSync(path.join(tmpdir(), 'commerce-pgfail-'));
    chmodSync(dataDir, 0o755); // reachable by the postgres user PostgreSQL runs as when we are root
  });

  afterAll(async () => {
    await new Promise((r) => blocker.close(r));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('ends the process with one fatal line naming the cause and the way out, no stack trace', async () => {
    const { child, ready, output, exited } = await startEntry(
      'src/main.ts',
      {
        EMBEDDED_POSTGRES: 'always',
        EMBEDDED_POSTGRES_PORT: String(port),
        DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere',
        DATABASE_APP_URL: '',
        DATA_DIR: dataDir,
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
      },
      NEVER_READY,
      40_000,
    );
    try {
      expect(ready).toBeNull();
      expect(await exited).toBe(1);
      const out = output();
      expect(out).not.toMatch(/^\s+at /m);
      const fatal = fatalLines(out);
      expect(fatal).toHaveLength(1);
      expect(fatal[0]).toMatch(
        /^fatal: embedded PostgreSQL did not start \(.*Address already in use.*\); set DATABASE_URL/,
      );
      expect(out.trim().split('\n').at(-1)).toBe(fatal[0]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 60_000);
});
