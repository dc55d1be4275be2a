// Where in time the slow requests of a paced run fall: spread evenly (a per-request cost) or
// clustered in a few windows (a stall: GC, a relay pass, a starved CPU). Pure; unit-tested in
// tests/unit/bench-targets.test.ts.

export interface TimedResponse {
  /** ms from the run's start to when the request was due. */
  t: number;
  /** latency from due time, ms. */
  ms: number;
}

export interface SlowWindows {
  slow: number;
  /** Windows holding at least one slow request. */
  windows: number;
  totalWindows: number;
  /** The busiest windows: start (s) and slow requests in it, most first. */
  worst: Array<{ startS: number; slow: number }>;
}

export function slowWindows(xs: readonly TimedResponse[], thresholdMs: number, windowMs = 250, top = 8): SlowWindows {
  const byWindow = new Map<number, number>();
  let slow = 0;
  let last = 0;
  for (const x of xs) {
    last = Math.max(last, x.t);
    if (x.ms <= thresholdMs) continue;
    slow++;
    const w = Math.floor(x.t / windowMs);
    byWindow.set(w, (byWindow.get(w) ?? 0) + 1);
  }
  const worst = [...byWindow.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, top)
    .map(([w, n]) => ({ startS: (w * windowMs) / 1000, slow: n }));
  return { slow, windows: byWindow.size, totalWindows: xs.length ? Math.floor(last / windowMs) + 1 : 0, worst };
}
