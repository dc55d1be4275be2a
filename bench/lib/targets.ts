// Pure target arithmetic for the scenarios (unit-tested in tests/unit/bench-targets.test.ts):
// ratios to a reference run (the bare-pg ceiling, the POST /orders rate) and per-step latency
// targets, each as a report Target with its PASS/FAIL.
import type { LoadResult } from './load';
import type { Target } from './report';

const round3 = (n: number): number => Math.round(n * 1000) / 1000;

/** actual ÷ reference, 3 decimals; 0 when there is no reference. */
export const ratioOf = (actual: number, reference: number): number =>
  reference > 0 && Number.isFinite(reference) ? round3(actual / reference) : 0;

/** "rate ≥ min × reference": passes when actual ÷ reference ≥ min (a missing reference fails). */
export function ratioTarget(measure: string, actual: number, reference: number, min: number, unit = '/s'): Target {
  const r = ratioOf(actual, reference);
  return {
    measure,
    target: `≥ ${min}× (${Math.round(min * reference * 10) / 10}${unit})`,
    actual: `${r}× (${actual}${unit} vs ${reference}${unit})`,
    pass: reference > 0 && r >= min,
  };
}

/** p95 < maxMs at a paced rate, with p50 beside it; fails too when the rate was not sustained (< 95 %). */
export function pacedP95Target(measure: string, r: LoadResult, rate: number, maxMs: number): Target {
  return {
    measure,
    target: `p95 < ${maxMs} ms at ${rate}/s`,
    actual: `p95 ${r.p95} ms, p50 ${r.p50} ms (${r.rps}/s achieved)`,
    pass: r.p95 < maxMs && r.rps >= rate * 0.95,
  };
}

/** One target per step: its p95 below maxMs (the slowest step named in the label). */
export function stepTargets(steps: Record<string, LoadResult>, maxMs: number, label: string): Target[] {
  return Object.entries(steps).map(([step, r]) => ({
    measure: `${label}: ${step} p95`,
    target: `< ${maxMs} ms`,
    actual: `${r.p95} ms (p50 ${r.p50}, ${r.requests} requests)`,
    pass: r.requests > 0 && r.p95 < maxMs,
  }));
}

/** Counts of the burst's statuses: created (201), refused for stock (409), anything else. */
export function burstCounts(statusCounts: Record<string, number>): {
  created: number;
  conflicts: number;
  other: number;
} {
  let created = 0;
  let conflicts = 0;
  let other = 0;
  for (const [s, n] of Object.entries(statusCounts)) {
    if (s === '201') created += n;
    else if (s === '409') conflicts += n;
    else other += n;
  }
  return { created, conflicts, other };
}
