// Starts one of the project's entry points (src/*.ts through tsx) as a child process and waits
// for the line that says it is ready.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface Started {
  child: ChildProcess;
  /** The ready line's match, or null if the process exited or the time ran out first. */
  ready: RegExpExecArray | null;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  exited: Promise<number | null>;
}

export async function startEntry(
  entry: string,
  env: NodeJS.ProcessEnv,
  readyLine: RegExp,
  timeoutMs: number,
  /** The project directory to run it in (the repository by default). */
  cwd = path.resolve(__dirname, '../..'),
): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd,
    env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const deadline = Date.now() + timeoutMs;
  while (!readyLine.test(out) && Date.now() < deadline && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, ready: readyLine.exec(out), output: () => out, exited };
}
