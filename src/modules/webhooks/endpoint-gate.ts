// Per-endpoint concurrency limit for the delivery worker (per process), so a slow or dead
// receiver can't hold the worker's slots and delay other tenants. An endpoint that is
// slow, or not yet known to be fast, gets at most `slowLimit` concurrent requests; extra
// jobs step aside (the caller moves them to delayed, without using an attempt). An endpoint
// that answers fast (average latency under `fastMs` and nothing in flight for longer than
// `slowMs`) may use up to `fastLimit` slots, and extra jobs wait briefly for a slot, as
// one frees within milliseconds; this keeps a single busy fast receiver at full speed.
interface Lane {
  running: number;
  /** Start times of requests in flight, oldest first. */
  started: number[];
  waiters: Array<(ok: boolean) => void>;
  /** Moving average of request durations (ms); undefined until one finished. */
  avgMs?: number;
}

export interface GateOptions {
  slowLimit: number;
  fastLimit: number;
  fastMs?: number;
  slowMs?: number;
  maxWaitMs?: number;
}

export class EndpointGate {
  private readonly lanes = new Map<string, Lane>();
  private readonly fastMs: number;
  private readonly slowMs: number;
  private readonly maxWaitMs: number;

  constructor(private readonly opts: GateOptions) {
    this.fastMs = opts.fastMs ?? 100;
    this.slowMs = opts.slowMs ?? 250;
    this.maxWaitMs = opts.maxWaitMs ?? 100;
  }

  private lane(id: string): Lane {
    let lane = this.lanes.get(id);
    if (!lane) {
      if (this.lanes.size >= 50_000) {
        for (const [k, l] of this.lanes) if (l.running === 0 && l.waiters.length === 0) this.lanes.delete(k);
      }
      this.lanes.set(id, (lane = { running: 0, started: [], waiters: [] }));
    }
    return lane;
  }

  private isFast(lane: Lane, now: number): boolean {
    const oldest = lane.started[0];
    return lane.avgMs !== undefined && lane.avgMs < this.fastMs && (oldest === undefined || now - oldest < this.slowMs);
  }

  /** true: the caller holds a slot (call release); false: step aside and retry later. */
  async acquire(endpointId: string): Promise<boolean> {
    const lane = this.lane(endpointId);
    const now = Date.now();
    const fast = this.isFast(lane, now);
    const cap = fast ? Math.max(this.opts.fastLimit, this.opts.slowLimit) : this.opts.slowLimit;
    if (lane.running < cap) {
      lane.running++;
      lane.started.push(now);
      return true;
    }
    if (!fast || lane.waiters.length >= cap) return false;
    return new Promise<boolean>((resolve) => {
      const waiter = (ok: boolean) => {
        clearTimeout(timer);
        resolve(ok);
      };
      const timer = setTimeout(() => {
        const i = lane.waiters.indexOf(waiter);
        if (i >= 0) lane.waiters.splice(i, 1);
        resolve(false);
      }, this.maxWaitMs);
      lane.waiters.push(waiter);
    });
  }

  /** How long a job that was turned away should wait: briefly while the endpoint's speed is unknown. */
  stepAsideMs(endpointId: string): number {
    const lane = this.lanes.get(endpointId);
    const jitter = Math.random();
    return lane?.avgMs === undefined ? 30 + Math.floor(jitter * 50) : 200 + Math.floor(jitter * 300);
  }

  release(endpointId: string): void {
    const lane = this.lanes.get(endpointId);
    if (!lane) return;
    const now = Date.now();
    const began = lane.started.shift();
    if (began !== undefined) {
      const took = now - began;
      lane.avgMs = lane.avgMs === undefined ? took : lane.avgMs * 0.8 + took * 0.2;
    }
    const next = lane.waiters.shift();
    if (next) {
      lane.started.push(now); // the slot passes straight to the waiter
      next(true);
      return;
    }
    lane.running--;
  }
}
