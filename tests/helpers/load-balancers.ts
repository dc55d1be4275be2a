// Runs the shipped ops/nginx/commerce.conf and ops/haproxy/commerce.cfg in front of test API
// processes: the same files, only their ports changed, from a temporary directory; installs
// nginx and HAProxy (Debian packages) when missing.
import { execSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { canConnect, freePort } from '../../src/platform/embedded';

const root = path.resolve(__dirname, '../..');
const has = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;

/**
 * Makes sure nginx and haproxy are installed (apt-get when missing). Returns why they can't
 * be, or undefined when they are there.
 */
export function ensureLoadBalancers(): string | undefined {
  const missing = ['nginx', 'haproxy'].filter((b) => !has(b));
  if (missing.length === 0) return undefined;
  if (!has('apt-get')) return `apt-get unavailable; cannot install ${missing.join(', ')}`;
  const sudo = process.getuid?.() === 0 ? '' : 'sudo -n ';
  try {
    execSync(
      `${sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq ` +
        `-o DPkg::Lock::Timeout=300 ${missing.join(' ')}`,
      { stdio: 'inherit', timeout: 600_000 },
    );
  } catch (e) {
    return `apt-get install ${missing.join(' ')} failed: ${(e as Error).message}`;
  }
  return missing.every(has) ? undefined : `${missing.join(', ')} still missing after apt-get install`;
}

export interface RunningBalancer {
  port: number;
  stop(): Promise<void>;
  output(): string;
}

/** Replaces `from` by `to` in `text`, failing if `from` is not there (the shipped file changed). */
function swap(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`"${from}" not found in the shipped configuration`);
  return text.split(from).join(to);
}

async function run(cmd: string, args: string[], port: number, dir: string): Promise<RunningBalancer> {
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const deadline = Date.now() + 10_000;
  while (!(await canConnect('127.0.0.1', port, 200))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${cmd} did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function startNginx(upstreamPorts: [number, number]): Promise<RunningBalancer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'commerce-nginx-'));
  const port = await freePort();
  let site = readFileSync(path.join(root, 'ops/nginx/commerce.conf'), 'utf8');
  site = swap(site, 'server 127.0.0.1:3001', `server 127.0.0.1:${upstreamPorts[0]}`);
  site = swap(site, 'server 127.0.0.1:3002', `server 127.0.0.1:${upstreamPorts[1]}`);
  site = swap(site, 'listen 8080;', `listen 127.0.0.1:${port};`);
  writeFileSync(path.join(dir, 'commerce.conf'), site);
  for (const t of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(dir, t));
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      process.getuid?.() === 0 ? 'user root;' : '',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'events { worker_connections 1024; }',
      'http {',
      '  access_log off;',
      `  client_body_temp_path ${dir}/body;`,
      `  proxy_temp_path ${dir}/proxy;`,
      `  include ${dir}/commerce.conf;`,
      '}',
    ].join('\n'),
  );
  const lb = await run('nginx', ['-p', dir, '-e', `${dir}/error.log`, '-c', `${dir}/nginx.conf`], port, dir);
  return { ...lb, output: () => lb.output() + safeRead(`${dir}/error.log`) };
}

export async function startHaproxy(upstreamPorts: [number, number]): Promise<RunningBalancer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'commerce-haproxy-'));
  const port = await freePort();
  let cfg = readFileSync(path.join(root, 'ops/haproxy/commerce.cfg'), 'utf8');
  cfg = swap(cfg, '127.0.0.1:3001', `127.0.0.1:${upstreamPorts[0]}`);
  cfg = swap(cfg, '127.0.0.1:3002', `127.0.0.1:${upstreamPorts[1]}`);
  cfg = swap(cfg, 'bind :8080', `bind 127.0.0.1:${port}`);
  writeFileSync(path.join(dir, 'commerce.cfg'), cfg);
  return run('haproxy', ['-db', '-f', `${dir}/commerce.cfg`], port, dir);
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
