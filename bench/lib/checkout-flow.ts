// A guest checkout as a sequence of HTTP requests on the lean keep-alive client (raw-http.ts):
// create a cart with one item, (with a discount code: put it on the cart), set e-mail and
// address, list the shipping rates, choose one, complete. Per-step latencies and statuses are
// recorded, so a scenario can hold every step to its own p95. A step answering anything but
// its expected status ends that checkout (it counts as failed, with the step and status).
import { summarize, type LoadResult } from './load';
import type { Target } from './report';
import { RawHttpPool } from './raw-http';

/** Every step a checkout may take, in order; 'apply code' only when the input has a code. */
export const ALL_STEPS = [
  'create cart',
  'apply code',
  'set address',
  'list rates',
  'set shipping',
  'complete',
] as const;
export type StepName = (typeof ALL_STEPS)[number];
/** The plain checkout's steps (no discount code). */
export const STEPS: readonly StepName[] = ALL_STEPS.filter((s) => s !== 'apply code');
/** The steps of a checkout with a discount code. */
export const CODE_STEPS: readonly StepName[] = ALL_STEPS;

export interface CheckoutInput {
  tenant: string;
  variantId: string;
  email: string;
  address: Record<string, string>;
  idempotencyKey: string;
  /** Used when the rates answer cannot be read (it is still requested and timed). */
  fallbackRateId: string;
  /** Put on the cart (POST /carts/:id/discount-codes) right after it is created. */
  discountCode?: string;
}

export interface FlowRecorder {
  latencies: Record<StepName, number[]>;
  statuses: Record<StepName, Record<string, number>>;
  /** Whole checkouts (first step due → complete answered), ms. */
  totals: number[];
  /**
   * The same minus the 'apply code' step's own latency: the time of the steps every checkout
   * takes, so a flow with a code compares with one without on the same requests.
   */
  sharedTotals: number[];
  /** Completed checkouts with a code whose order lists that code in `discounts`. */
  ordersWithCode: number;
  /** Completed checkouts with a code: count of orders by number of automatic discounts. */
  automaticDiscounts: Record<string, number>;
  completed: number;
  failed: number;
  /** "step status" → count, for failed checkouts. */
  failures: Record<string, number>;
}

export const newRecorder = (): FlowRecorder => ({
  latencies: Object.fromEntries(ALL_STEPS.map((s) => [s, []])) as unknown as Record<StepName, number[]>,
  statuses: Object.fromEntries(ALL_STEPS.map((s) => [s, {}])) as unknown as Record<StepName, Record<string, number>>,
  totals: [],
  sharedTotals: [],
  ordersWithCode: 0,
  automaticDiscounts: {},
  completed: 0,
  failed: 0,
  failures: {},
});

const addCounts = (into: Record<string, number>, from: Record<string, number>): void => {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
};

/** One recorder holding every sample of `recs` (rounds of one variant pooled). */
export function mergeRecorders(recs: readonly FlowRecorder[]): FlowRecorder {
  const out = newRecorder();
  for (const r of recs) {
    for (const s of ALL_STEPS) {
      for (const v of r.latencies[s]) out.latencies[s].push(v);
      addCounts(out.statuses[s], r.statuses[s]);
    }
    for (const v of r.totals) out.totals.push(v);
    for (const v of r.sharedTotals) out.sharedTotals.push(v);
    out.ordersWithCode += r.ordersWithCode;
    addCounts(out.automaticDiscounts, r.automaticDiscounts);
    out.completed += r.completed;
    out.failed += r.failed;
    addCounts(out.failures, r.failures);
  }
  return out;
}

/**
 * What a completed checkout's order says about its discounts (`{order: {discounts: [{code,
 * promotionId, amount}]}}`): whether `code` is among them (case-insensitive) and how many
 * automatic (code null) ones there are.
 */
export function orderDiscounts(data: unknown, code: string): { withCode: boolean; automatic: number } {
  const order = (data as { order?: { discounts?: unknown } } | null)?.order;
  const list = Array.isArray(order?.discounts) ? (order.discounts as Array<{ code?: unknown }>) : [];
  const lower = code.toLowerCase();
  return {
    withCode: list.some((d) => typeof d.code === 'string' && d.code.toLowerCase() === lower),
    automatic: list.filter((d) => d.code === null).length,
  };
}

/** The `data` of an envelope answer (`{data: …}`), or the body itself. */
export function dataOf(body: Buffer | undefined): unknown {
  if (!body || body.length === 0) return null;
  try {
    const j = JSON.parse(body.toString('utf8')) as { data?: unknown };
    return j && typeof j === 'object' && 'data' in j ? j.data : j;
  } catch {
    return null;
  }
}

/** The first rate id of a GET /carts/:id/shipping-rates answer (an array, or `{rates: […]}`). */
export function firstRateId(data: unknown): string | null {
  const list = Array.isArray(data) ? data : (data as { rates?: unknown } | null)?.rates;
  if (!Array.isArray(list) || list.length === 0) return null;
  const id = (list[0] as { id?: unknown; rateId?: unknown }).id ?? (list[0] as { rateId?: unknown }).rateId;
  return typeof id === 'string' ? id : null;
}

/**
 * Runs one checkout. `due` (hrtime ns) is when it was scheduled: the first step's latency is
 * measured from then (open-loop runs show a server that falls behind), the others from their
 * own send.
 */
export async function checkout(
  pool: RawHttpPool,
  c: CheckoutInput,
  rec: FlowRecorder,
  due = process.hrtime.bigint(),
): Promise<boolean> {
  const json = { 'content-type': 'application/json', 'x-tenant': c.tenant };
  let cartId = '';
  let rateId = c.fallbackRateId;
  const step = async (
    name: StepName,
    method: string,
    path: string,
    expect: number[],
    body?: unknown,
    extra: Record<string, string> = {},
    from = process.hrtime.bigint(),
  ): Promise<unknown> => {
    let status: string;
    let res: { status: number; body?: Buffer } | null = null;
    try {
      res = await pool.request({
        method,
        path,
        headers: { ...json, ...extra },
        body: body === undefined ? undefined : JSON.stringify(body),
        keepBody: true,
      });
      status = String(res.status);
    } catch (e) {
      status = (e as NodeJS.ErrnoException).code ?? 'ERROR';
    }
    rec.latencies[name].push(Number(process.hrtime.bigint() - from) / 1e6);
    rec.statuses[name][status] = (rec.statuses[name][status] ?? 0) + 1;
    if (!res || !expect.includes(res.status)) throw new Error(`${name} ${status}`);
    return dataOf(res.body);
  };
  try {
    const cart = (await step(
      'create cart',
      'POST',
      '/api/v1/carts',
      [201],
      { items: [{ variantId: c.variantId, quantity: 1 }] },
      {},
      due,
    )) as { id?: string } | null;
    if (!cart?.id) throw new Error('create cart no-id');
    cartId = cart.id;
    let codeMs = 0;
    if (c.discountCode !== undefined) {
      const sent = process.hrtime.bigint();
      await step('apply code', 'POST', `/api/v1/carts/${cartId}/discount-codes`, [200, 201], {
        code: c.discountCode,
      });
      codeMs = Number(process.hrtime.bigint() - sent) / 1e6;
    }
    await step('set address', 'PATCH', `/api/v1/carts/${cartId}`, [200], {
      email: c.email,
      shippingAddress: c.address,
    });
    rateId = firstRateId(await step('list rates', 'GET', `/api/v1/carts/${cartId}/shipping-rates`, [200])) ?? rateId;
    await step('set shipping', 'POST', `/api/v1/carts/${cartId}/shipping-method`, [200, 201], { rateId });
    const done = await step('complete', 'POST', `/api/v1/carts/${cartId}/complete`, [201], undefined, {
      'idempotency-key': c.idempotencyKey,
    });
    const total = Number(process.hrtime.bigint() - due) / 1e6;
    rec.completed++;
    rec.totals.push(total);
    rec.sharedTotals.push(total - codeMs);
    if (c.discountCode !== undefined) {
      const d = orderDiscounts(done, c.discountCode);
      if (d.withCode) rec.ordersWithCode++;
      rec.automaticDiscounts[d.automatic] = (rec.automaticDiscounts[d.automatic] ?? 0) + 1;
    }
    return true;
  } catch (e) {
    rec.failed++;
    const k = (e as Error).message;
    rec.failures[k] = (rec.failures[k] ?? 0) + 1;
    return false;
  }
}

/** Per-step results (requests, latency percentiles, statuses) of `steps` over a run of durationS. */
export function stepResults(
  rec: FlowRecorder,
  durationS: number,
  steps: readonly StepName[] = STEPS,
): Partial<Record<StepName, LoadResult>> {
  return Object.fromEntries(
    steps.map((s) => [s, { ...summarize(rec.latencies[s], durationS, rec.statuses[s]), errors: 0 }]),
  ) as Partial<Record<StepName, LoadResult>>;
}

/**
 * The run as one row: completed checkouts/s, whole-checkout latency, failed checkouts as
 * errors. `shared`: the latency without the 'apply code' step (sharedTotals).
 */
export function checkoutResult(rec: FlowRecorder, durationS: number, shared = false): LoadResult {
  const s = summarize(shared ? rec.sharedTotals : rec.totals, durationS, { '201': rec.completed });
  return { ...s, rps: Math.round((rec.completed / Math.max(durationS, 0.001)) * 10) / 10, errors: rec.failed };
}

/**
 * "variant p95 ≤ max × reference p95", both measured in the same run; fails when either side
 * has no samples or when the variant had failures (a p95 over the survivors proves nothing).
 */
export function p95RatioTarget(measure: string, variant: LoadResult, reference: LoadResult, max: number): Target {
  const r = reference.p95 > 0 ? Math.round((variant.p95 / reference.p95) * 1000) / 1000 : 0;
  const ok = variant.requests > 0 && reference.requests > 0 && reference.p95 > 0 && variant.errors === 0;
  return {
    measure,
    target: `≤ ${max}× (${Math.round(max * reference.p95 * 100) / 100} ms)`,
    actual: ok
      ? `${r}× (p95 ${variant.p95} ms vs ${reference.p95} ms; p50 ${variant.p50} vs ${reference.p50})`
      : `not measured (${variant.requests} vs ${reference.requests} samples, ${variant.errors} failed)`,
    pass: ok && r <= max,
  };
}
