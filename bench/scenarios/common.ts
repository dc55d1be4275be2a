// Shared scenario plumbing: run the API and the two baselines under the same load settings.
import type { BenchEnv } from '../lib/env';
import { load, type LoadOptions, type LoadResult } from '../lib/load';
import { ratio, type Baselines, type ScenarioOutcome } from '../lib/report';

export interface Scenario {
  name: string;
  run(b: BenchEnv): Promise<ScenarioOutcome>;
}

export const skipped = (scenario: string, reason: string): ScenarioOutcome => ({
  scenario,
  status: 'SKIPPED',
  reason,
  runs: [],
  targets: [],
});

export const warmupSeconds = (b: BenchEnv): number => Math.max(1, Math.min(3, Math.round(b.settings.duration / 5)));

/** A short warm-up (JIT, pools, cache), then the measured run. */
export async function measured(o: LoadOptions, warmup: number): Promise<LoadResult> {
  await load({ ...o, duration: warmup, amount: undefined });
  return load(o);
}

/**
 * Measures both baselines serving `body` on the same path, with the same connections,
 * duration, method, headers and request bodies as the API run `apiOpts` (whose url is the
 * API's). Each baseline runs in its own child process, started and stopped here.
 */
export async function baselines(
  b: BenchEnv,
  apiOpts: LoadOptions,
  body: unknown,
  o: { status?: number } = {},
): Promise<Baselines> {
  const u = new URL(apiOpts.url);
  const route = u.pathname;
  const method = apiOpts.method ?? 'GET';
  const out: Partial<Baselines> = {};
  for (const kind of ['express', 'raw'] as const) {
    const srv = await b.baseline(kind, body, { method, route, status: o.status });
    try {
      out[kind] = await measured({ ...apiOpts, url: `${srv.url}${route}${u.search}` }, warmupSeconds(b));
    } finally {
      await srv.stop();
    }
  }
  return out as Baselines;
}

export const ratios = (main: LoadResult, bl: Baselines) => ({
  vsExpress: ratio(main.rps, bl.express.rps),
  vsRaw: ratio(main.rps, bl.raw.rps),
});

export const ms = (n: number): string => `${n} ms`;
