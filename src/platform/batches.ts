// Draining a backlog in bounded batches: a periodic sweep takes `batch` rows at a time until a
// batch comes back short (nothing left) or `maxBatches` ran, so one run stays short and the
// next run takes the rest.

/** Runs `step(batch)` (returns how many rows it handled) until drained or `maxBatches`; returns the total. */
export async function drainInBatches(
  step: (batch: number) => Promise<number>,
  batch: number,
  maxBatches: number,
): Promise<number> {
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const n = await step(batch);
    total += n;
    if (n < batch) break;
  }
  return total;
}
