// A redis-server of the test's own (free port, loopback, append-only file in a temporary
// directory), so a test can pause, kill and restart it without touching the shared Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { canConnect, freePort } from '../../src/platform/embedded';

export class OwnRedis {
  private child: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<OwnRedis> {
    const r = new OwnRedis(await freePort(), mkdtempSync(path.join(tmpdir(), 'own-redis-')));
    await r.spawn();
    return r;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    return this.child!.pid!;
  }

  /** (Re)starts the server on the same port and data directory: the AOF brings its data back. */
  async spawn(): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--daemonize', 'no'];
    args.push('--save', '', '--appendonly', 'yes', '--appendfsync', 'always');
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    this.child = child;
    // However the test process ends, this server ends with it.
    const onExit = () => child.kill('SIGKILL');
    process.once('exit', onExit);
    child.once('exit', () => process.off('exit', onExit));
    for (let i = 0; i < 100 && !(await canConnect('127.0.0.1', this.port, 200)); i++)
      await new Promise((r) => setTimeout(r, 50));
    if (!(await canConnect('127.0.0.1', this.port, 500))) throw new Error('own redis-server did not start');
    await this.answering();
  }

  /**
   * Until the server answers PING: a listening socket is not yet a server that serves (a fresh
   * one may still be setting up its append-only file, and an app connecting then saw its ready
   * check cut off: "Connection is closed").
   */
  private async answering(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const probe = new Redis({ host: '127.0.0.1', port: this.port, lazyConnect: true, maxRetriesPerRequest: 0 });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        // not yet
      } finally {
        probe.disconnect();
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('own redis-server does not answer PING');
  }

  /** Sends a signal to this server's pid (SIGKILL: a crash; SIGSTOP/SIGCONT: a freeze). */
  async signal(sig: NodeJS.Signals): Promise<void> {
    const c = this.child!;
    if (sig === 'SIGKILL' || sig === 'SIGTERM') {
      if (c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      process.kill(this.pid, sig);
      await exited;
      return;
    }
    process.kill(this.pid, sig);
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (c && c.exitCode === null && c.signalCode === null) {
      process.kill(c.pid!, 'SIGCONT');
      await this.signal('SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
