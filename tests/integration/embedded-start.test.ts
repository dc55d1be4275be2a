// The zero-setup start path: with the configured PostgreSQL unreachable and
// EMBEDDED_POSTGRES=always, the process starts a real embedded PostgreSQL on a port of its
// own, migrates it, serves /ready 200, and stops it again on SIGTERM (exit 0).
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { canConnect } from '../../src/platform/embedded';
import { startEntry } from '../helpers/process';

it('starts an embedded PostgreSQL, serves, and stops it on SIGTERM', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'commerce-embedded-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as the postgres user when we are root
  const {
    child,
    ready: m,
    output,
    exited,
  } = await startEntry(
    'src/main.ts',
    {
      EMBEDDED_POSTGRES: 'always',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere',
      DATABASE_APP_URL: '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      REDIS_PREFIX: `embedded-test-${process.pid}`,
      LOG_LEVEL: 'info',
    },
    /Commerce API ready: http:\/\/[^:]+:(\d+)\//,
    45_000,
  );
  try {
    const out = output();
    expect({ started: m !== null, out: m ? '' : out }).toEqual({ started: true, out: '' });
    expect(out).toContain('started an embedded PostgreSQL');
    const pgPort = Number(/embedded PostgreSQL on 127\.0\.0\.1:(\d+)/.exec(out)![1]);
    expect(pgPort).not.toBe(5432);
    const ready = await fetch(`http://127.0.0.1:${m![1]}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', db: 'ok', redis: 'ok' });
    const signUp = await fetch(`http://127.0.0.1:${m![1]}/api/v1/tenants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Embedded',
        subdomain: 'embedded-shop',
        admin: { email: 'e@example.com', password: 'correct-horse-battery' },
      }),
    });
    expect(signUp.status).toBe(201);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await canConnect('127.0.0.1', pgPort, 500)).toBe(false);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}, 90_000);
