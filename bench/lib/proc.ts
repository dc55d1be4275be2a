// Child processes of the bench: the API, the workers, the baselines and the webhook receiver.
// Output goes to a log file; readiness is a line on stdout matching a pattern.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Child {
  name: string;
  proc: ChildProcess;
  logFile: string;
  /** First capture group of the readiness pattern (e.g. the URL or port). */
  ready: string;
  stop(): Promise<number | null>;
}

export interface SpawnOptions {
  name: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  logDir: string;
  /** Line on stdout that signals readiness; its first group is returned. */
  readyPattern?: RegExp;
  readyTimeoutMs?: number;
  cwd?: string;
}

const live = new Set<ChildProcess>();

/** Kills every child still running (used on errors and signals). */
export function killAll(): void {
  for (const p of live) if (p.exitCode === null) p.kill('SIGKILL');
}

export function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export async function startChild(o: SpawnOptions): Promise<Child> {
  const logFile = path.join(o.logDir, `${o.name}.log`);
  const out = createWriteStream(logFile);
  const proc = spawn(process.execPath, o.args, { env: o.env, cwd: o.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(proc);
  proc.on('exit', () => live.delete(proc));
  proc.stderr!.pipe(out);
  let buf = '';
  const ready = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${o.name} not ready after ${o.readyTimeoutMs ?? 60000} ms\n${tail(logFile)}`)),
      o.readyTimeoutMs ?? 60_000,
    );
    if (!o.readyPattern) {
      clearTimeout(timer);
      resolve('');
    }
    proc.stdout!.on('data', (d: Buffer) => {
      out.write(d);
      if (!o.readyPattern) return;
      buf += d.toString();
      const m = o.readyPattern.exec(buf);
      if (m) {
        clearTimeout(timer);
        buf = '';
        resolve(m[1] ?? '');
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${o.name} exited with ${code} before it was ready\n${tail(logFile)}`));
    });
  });
  const stop = async (): Promise<number | null> => {
    if (proc.exitCode !== null) return proc.exitCode;
    const done = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    proc.kill('SIGTERM');
    const t = setTimeout(() => proc.kill('SIGKILL'), 15_000);
    const code = await done;
    clearTimeout(t);
    out.end();
    return code;
  };
  return { name: o.name, proc, logFile, ready, stop };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
