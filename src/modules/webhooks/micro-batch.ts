// Group commit for the delivery worker's hot path: calls made within a few milliseconds
// for the same key (tenant) share one database transaction instead of one each.
export class MicroBatcher<I, R> {
  private readonly pending = new Map<
    string,
    { items: I[]; waiters: Array<{ resolve: (r: R) => void; reject: (e: unknown) => void }>; timer: NodeJS.Timeout }
  >();

  constructor(
    private readonly run: (key: string, items: I[]) => Promise<R[]>,
    private readonly maxWaitMs = 2,
    private readonly maxSize = 100,
  ) {}

  add(key: string, item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      let b = this.pending.get(key);
      if (!b) {
        b = { items: [], waiters: [], timer: setTimeout(() => this.flush(key), this.maxWaitMs) };
        this.pending.set(key, b);
      }
      b.items.push(item);
      b.waiters.push({ resolve, reject });
      if (b.items.length >= this.maxSize) this.flush(key);
    });
  }

  private flush(key: string): void {
    const b = this.pending.get(key);
    if (!b) return;
    this.pending.delete(key);
    clearTimeout(b.timer);
    this.run(key, b.items).then(
      (results) => b.waiters.forEach((w, i) => w.resolve(results[i]!)),
      (err: unknown) => b.waiters.forEach((w) => w.reject(err)),
    );
  }
}
