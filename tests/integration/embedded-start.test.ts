// The zero-setup start path: with the configured PostgreSQL unreachable and
// EMBEDDED_POSTGRES=always, the process starts a real embedded PostgreSQL on a port of its
// own, migrates it, serves /ready 200, and stops it again on SIGTERM (exit 0).
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { canConnect } from '../../src/platform/embedded';

const root = path.resolve(__dirname, '../..');

it('starts an embedded PostgreSQL, serves, and stops it on SIGTERM', async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'commerce-embedded-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as the postgres user when we are root
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      EMBEDDED_POSTGRES: 'always',
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere',
      DATABASE_APP_URL: '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      REDIS_PREFIX: `embedded-test-${process.pid}`,
      LOG_LEVEL: 'info',
    },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 45_000;
    while (!/Commerce API ready: (\S+)/.test(out) && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 200));
    }
    const m = /Commerce API ready: http:\/\/[^:]+:(\d+)\//.exec(out);
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
