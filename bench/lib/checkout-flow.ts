// A guest checkout as a sequence of HTTP requests on the lean keep-alive client (raw-http.ts):
// create a cart with one item, set e-mail and address, list the shipping rates, choose one,
// complete. Per-step latencies and statuses are recorded, so a scenario can hold every step
// to its own p95. A step answering anything but its expected status ends that checkout (it
// counts as failed, with the step and status).
import { summarize, type LoadResult } from './load';
import { RawHttpPool } from './raw-http';

export const STEPS = ['create cart', 'set address', 'list rates', 'set shipping', 'complete'] as const;
export type StepName = (typeof STEPS)[number];

export interface CheckoutInput {
  tenant: string;
  variantId: string;
  email: string;
  address: Record<string, string>;
  idempotencyKey: string;
  /** Used when the rates answer cannot be read (it is still requested and timed). */
  fallbackRateId: string;
}

export interface FlowRecorder {
  latencies: Record<StepName, number[]>;
  statuses: Record<StepName, Record<string, number>>;
  /** Whole checkouts (first step due → complete answered), ms. */
  totals: number[];
  completed: number;
  failed: number;
  /** "step status" → count, for failed checkouts. */
  failures: Record<string, number>;
}

export const newRecorder = (): FlowRecorder => ({
  latencies: Object.fromEntries(STEPS.map((s) => [s, []])) as unknown as Record<StepName, number[]>,
  statuses: Object.fromEntries(STEPS.map((s) => [s, {}])) as unknown as Record<StepName, Record<string, number>>,
  totals: [],
  completed: 0,
  failed: 0,
  failures: {},
});

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
    await step('set address', 'PATCH', `/api/v1/carts/${cartId}`, [200], {
      email: c.email,
      shippingAddress: c.address,
    });
    rateId = firstRateId(await step('list rates', 'GET', `/api/v1/carts/${cartId}/shipping-rates`, [200])) ?? rateId;
    await step('set shipping', 'POST', `/api/v1/carts/${cartId}/shipping-method`, [200, 201], { rateId });
    await step('complete', 'POST', `/api/v1/carts/${cartId}/complete`, [201], undefined, {
      'idempotency-key': c.idempotencyKey,
    });
    rec.completed++;
    rec.totals.push(Number(process.hrtime.bigint() - due) / 1e6);
    return true;
  } catch (e) {
    rec.failed++;
    const k = (e as Error).message;
    rec.failures[k] = (rec.failures[k] ?? 0) + 1;
    return false;
  }
}

/** Per-step results (requests, latency percentiles, statuses) over a run of durationS. */
export function stepResults(rec: FlowRecorder, durationS: number): Record<StepName, LoadResult> {
  return Object.fromEntries(
    STEPS.map((s) => [s, { ...summarize(rec.latencies[s], durationS, rec.statuses[s]), errors: 0 }]),
  ) as Record<StepName, LoadResult>;
}

/** The run as one row: completed checkouts/s, whole-checkout latency, failed checkouts as errors. */
export function checkoutResult(rec: FlowRecorder, durationS: number): LoadResult {
  const s = summarize(rec.totals, durationS, { '201': rec.completed });
  return { ...s, rps: Math.round((rec.completed / Math.max(durationS, 0.001)) * 10) / 10, errors: rec.failed };
}
