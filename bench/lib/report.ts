// Results: one JSON file per scenario (bench/results/<scenario>.json) and one printed table.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadResult } from './load';

export const RESULTS_DIR = path.resolve(__dirname, '..', 'results');

export interface Target {
  /** What is measured, e.g. "rps / bare Express". */
  measure: string;
  target: string;
  actual: string;
  pass: boolean;
}

export interface Baselines {
  express: LoadResult;
  raw: LoadResult;
}

export interface ScenarioOutcome {
  scenario: string;
  status: 'DONE' | 'SKIPPED' | 'FAILED';
  reason?: string;
  /** Headline figures for the table: rps and latency of the measured run(s). */
  runs: Array<{ label: string; result: LoadResult }>;
  baselines?: Baselines;
  /** Main run rps ÷ baseline rps. */
  ratio?: { vsExpress: number; vsRaw: number };
  targets: Target[];
  details?: Record<string, unknown>;
}

export function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

export function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
    platform: `${os.platform()} ${os.release()}`,
    node: process.version,
  };
}

export const ratio = (a: number, b: number): number => (b > 0 ? Math.round((a / b) * 1000) / 1000 : 0);

export function writeResult(o: ScenarioOutcome, settings: Record<string, unknown>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const main = o.runs[0]?.result;
  const doc = {
    scenario: o.scenario,
    status: o.status,
    reason: o.reason,
    rps: main?.rps,
    latencyMs: main ? { p50: main.p50, p95: main.p95, p99: main.p99, max: main.max, mean: main.mean } : undefined,
    errors: main ? main.errors + main.non2xx : undefined,
    baselineRps: o.baselines ? { express: o.baselines.express.rps, rawNodeHttp: o.baselines.raw.rps } : undefined,
    ratio: o.ratio,
    targets: o.targets,
    runs: o.runs,
    baselines: o.baselines,
    details: o.details,
    settings,
    p95Method:
      'exact nearest-rank percentile over every response latency recorded from autocannon response events (float ms)',
    commit: commit(),
    date: new Date().toISOString(),
    machine: machine(),
  };
  const file = path.join(RESULTS_DIR, `${o.scenario}.json`);
  writeFileSync(file, `${JSON.stringify(doc, null, 2)}\n`);
  return file;
}

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

export function printTable(outcomes: ScenarioOutcome[]): string {
  const rows: string[][] = [
    ['scenario', 'run', 'rps', 'p50 ms', 'p95 ms', 'p99 ms', 'err', 'express rps', 'raw rps', 'ratio'],
  ];
  for (const o of outcomes) {
    if (o.status !== 'DONE') {
      rows.push([o.scenario, o.status, o.reason ?? '', '', '', '', '', '', '', '']);
      continue;
    }
    o.runs.forEach((r, i) => {
      const x = r.result;
      const lat = (v: number) => (x.p50 === 0 && x.p99 === 0 ? '–' : String(v)); // not measured
      rows.push([
        i === 0 ? o.scenario : '',
        r.label,
        String(x.rps),
        lat(x.p50),
        lat(x.p95),
        lat(x.p99),
        String(x.errors + x.non2xx),
        i === 0 && o.baselines ? String(o.baselines.express.rps) : '',
        i === 0 && o.baselines ? String(o.baselines.raw.rps) : '',
        i === 0 && o.ratio ? `${o.ratio.vsExpress}× / ${o.ratio.vsRaw}×` : '',
      ]);
    });
  }
  const targetRows: string[][] = [['scenario', 'measure', 'target', 'actual', 'result']];
  for (const o of outcomes) {
    if (o.status !== 'DONE') {
      targetRows.push([o.scenario, '(all)', '', '', o.status]);
      continue;
    }
    for (const t of o.targets) targetRows.push([o.scenario, t.measure, t.target, t.actual, t.pass ? 'PASS' : 'FAIL']);
  }
  const render = (rs: string[][]): string => {
    const w = rs[0]!.map((_, c) => Math.max(...rs.map((r) => (r[c] ?? '').length)));
    return rs.map((r) => r.map((cell, c) => pad(cell, w[c]!)).join(' | ')).join('\n');
  };
  const text = `${render(rows)}\n\n${render(targetRows)}\n`;
  console.log(`\n${text}`);
  return text;
}
