// The bench's pure target arithmetic (bench/lib/targets.ts) and the checkout flow's answer
// parsing (bench/lib/checkout-flow.ts): ratios to a reference, paced and per-step latency
// targets, burst status counts, the cart and rate ids read from envelope answers.
import { dataOf, firstRateId } from '../../bench/lib/checkout-flow';
import type { LoadResult } from '../../bench/lib/load';
import { burstCounts, pacedP95Target, ratioOf, ratioTarget, stepTargets } from '../../bench/lib/targets';
import { slowWindows } from '../../bench/lib/timeline';

const result = (o: Partial<LoadResult>): LoadResult => ({
  requests: 100,
  durationS: 1,
  rps: 100,
  p50: 5,
  p95: 10,
  p99: 20,
  max: 30,
  mean: 6,
  errors: 0,
  non2xx: 0,
  statusCounts: { '201': 100 },
  ...o,
});

describe('ratioOf / ratioTarget', () => {
  it('rounds to three decimals and is 0 without a reference', () => {
    expect(ratioOf(300, 1190)).toBe(0.252);
    expect(ratioOf(300, 0)).toBe(0);
    expect(ratioOf(300, Number.NaN)).toBe(0);
  });

  it('passes at or above the minimum ratio, fails below and without a reference', () => {
    expect(ratioTarget('x', 595, 1190, 0.5).pass).toBe(true);
    expect(ratioTarget('x', 594, 1190, 0.5).pass).toBe(false);
    expect(ratioTarget('x', 372, 465, 0.8).pass).toBe(true);
    expect(ratioTarget('x', 371, 465, 0.8).pass).toBe(false);
    expect(ratioTarget('x', 10, 0, 0.5).pass).toBe(false);
  });

  it('states the absolute rate the ratio asks for and what was measured', () => {
    const t = ratioTarget('orders/s ÷ ceiling', 300, 1190, 0.5);
    expect(t.target).toBe('≥ 0.5× (595/s)');
    expect(t.actual).toBe('0.252× (300/s vs 1190/s)');
  });
});

describe('pacedP95Target', () => {
  it('needs p95 under the bound and the rate sustained (95 %)', () => {
    expect(pacedP95Target('l', result({ p95: 49, rps: 200 }), 200, 50).pass).toBe(true);
    expect(pacedP95Target('l', result({ p95: 50, rps: 200 }), 200, 50).pass).toBe(false);
    expect(pacedP95Target('l', result({ p95: 10, rps: 189 }), 200, 50).pass).toBe(false);
    expect(pacedP95Target('l', result({ p95: 122, p50: 9 }), 200, 50).actual).toContain('p50 9 ms');
  });
});

describe('stepTargets', () => {
  it('one target per step, failing a slow step or one that never ran', () => {
    const ts = stepTargets(
      { 'create cart': result({ p95: 12 }), complete: result({ p95: 31 }), 'list rates': result({ requests: 0 }) },
      30,
      'at 50/s',
    );
    expect(ts.map((t) => [t.measure, t.pass])).toEqual([
      ['at 50/s: create cart p95', true],
      ['at 50/s: complete p95', false],
      ['at 50/s: list rates p95', false],
    ]);
  });
});

describe('burstCounts', () => {
  it('separates created, refused for stock and anything else', () => {
    expect(burstCounts({ '201': 100, '409': 898, '500': 1, '503': 1 })).toEqual({
      created: 100,
      conflicts: 898,
      other: 2,
    });
    expect(burstCounts({})).toEqual({ created: 0, conflicts: 0, other: 0 });
  });
});

describe('checkout answers', () => {
  it('dataOf reads the envelope data, the body itself without one, null when not JSON', () => {
    expect(dataOf(Buffer.from('{"success":true,"data":{"id":"c1"},"error":null}'))).toEqual({ id: 'c1' });
    expect(dataOf(Buffer.from('[1,2]'))).toEqual([1, 2]);
    expect(dataOf(Buffer.from('nope'))).toBeNull();
    expect(dataOf(undefined)).toBeNull();
  });

  it('firstRateId takes the first rate of a list or of {rates}', () => {
    expect(firstRateId([{ id: 'r1' }, { id: 'r2' }])).toBe('r1');
    expect(firstRateId({ rates: [{ rateId: 'r3' }] })).toBe('r3');
    expect(firstRateId([])).toBeNull();
    expect(firstRateId(null)).toBeNull();
  });
});

describe('slowWindows', () => {
  it('counts the slow requests and the windows they fall in, busiest first', () => {
    const xs = [
      { t: 0, ms: 5 },
      { t: 100, ms: 80 },
      { t: 200, ms: 90 },
      { t: 1000, ms: 60 },
      { t: 1400, ms: 10 },
    ];
    expect(slowWindows(xs, 50, 250)).toEqual({
      slow: 3,
      windows: 2,
      totalWindows: 6,
      worst: [
        { startS: 0, slow: 2 },
        { startS: 1, slow: 1 },
      ],
    });
    expect(slowWindows([], 50)).toEqual({ slow: 0, windows: 0, totalWindows: 0, worst: [] });
  });
});
