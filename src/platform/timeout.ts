// One way to bound a promise in time.

/**
 * Resolves or rejects as `p` does, or rejects with `new Error(message)` once `ms` pass first;
 * the timer never outlives the race. `p` itself keeps running: when the timeout won and `p`
 * later resolves, `onLate` gets its value (e.g. to release a pool connection nobody took).
 */
export async function withTimeout<T>(p: Promise<T>, ms: number, message: string, onLate?: (v: T) => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          timedOut = true;
          reject(new Error(message));
        }, ms);
      }),
    ]);
  } catch (err) {
    if (timedOut && onLate) p.then(onLate).catch(() => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
